"""时间线: the Gantt builder on the shipped phases (exact dates, milestones with owners, issue date, today), the
status sentence, the table, 100× phases, and the page through AppTest."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from lib.charts.timeline import DAY_MS, axis_range, timeline_figure, timeline_table, today_status
from lib.data import load_dataset
from tests.conftest import DATA, run_app

PAST = "2026-11-27"  # the plan ended on 2024-12-31
DURING = "2024-06-05"


@pytest.fixture(scope="module")
def phases():
    return load_dataset(DATA).dataset.phases


def _bars(fig):
    return [tr for tr in fig.data if tr.type == "bar"]


def _milestones(fig):
    return next(tr for tr in fig.data if tr.type == "scatter")


def test_three_phase_bars_with_exact_dates(phases):
    fig = timeline_figure(phases, "zh", today=PAST, issued="2024-03-26")
    bar = _bars(fig)[0]
    assert list(bar.y) == ["动员部署阶段", "办理落实阶段", "总结汇总阶段"]
    assert list(bar.base) == ["2024-02-01", "2024-04-11", "2024-11-01"]
    ends = [pd.Timestamp(b) + pd.Timedelta(milliseconds=x) - pd.Timedelta(days=1) for b, x in zip(bar.base, bar.x)]
    assert ends == [pd.Timestamp("2024-04-10"), pd.Timestamp("2024-10-31"), pd.Timestamp("2024-12-31")]
    assert [tuple(c) for c in bar.customdata] == [("2024-02-01", "2024-04-10"), ("2024-04-11", "2024-10-31"),
                                                   ("2024-11-01", "2024-12-31")]
    # consecutive phases meet: a phase's bar ends where the next one begins
    assert pd.Timestamp(bar.base[0]) + pd.Timedelta(milliseconds=bar.x[0]) == pd.Timestamp(bar.base[1])
    assert "2024-02-01 至 2024-04-10（70 天）" in bar.hovertext[0]
    assert bar.text[0] == "2月1日 – 4月10日"
    assert fig.layout.xaxis.type == "date"


def test_milestones_are_markers_with_owner_and_due_on_hover(phases):
    fig = timeline_figure(phases, "zh", today=PAST)
    ms = _milestones(fig)
    assert ms.mode == "markers" and ms.marker.symbol == "diamond"
    assert list(ms.y) == ["印发工作方案", "报送具体办理工作方案备案", "报送阶段性总结", "邀请市政协领导及委员提出意见建议",
                          "报送办理工作总结"]
    # the marker sits on the due date (the end of a window such as 6月上旬)
    assert list(ms.x) == ["2024-03-26", "2024-04-08", "2024-05-31", "2024-06-10", "2024-11-10"]
    hover = dict(zip(ms.y, ms.hovertext))
    assert "责任主体：武汉市人民政府办公厅" in hover["印发工作方案"]
    assert "责任主体：各牵头单位" in hover["报送阶段性总结"]
    assert "5月底之前" in hover["报送阶段性总结"]  # what is due
    assert "责任主体：未注明" in hover["邀请市政协领导及委员提出意见建议"]  # the owner column is empty
    assert "2024-06-01 至 2024-06-10（10 天）" in hover["邀请市政协领导及委员提出意见建议"]


def test_milestones_spanning_days_get_a_short_bar(phases):
    fig = timeline_figure(phases, "zh", today=PAST)
    span = _bars(fig)[1]
    assert list(span.y) == ["邀请市政协领导及委员提出意见建议", "报送办理工作总结"]
    assert list(span.base) == ["2024-06-01", "2024-11-01"]
    assert [x / DAY_MS for x in span.x] == [10, 10]


def test_english_labels_and_not_stated(phases):
    fig = timeline_figure(phases, "en", today=PAST)
    assert _bars(fig)[0].y[0] == "Mobilisation and deployment"
    assert _bars(fig)[0].name == "Phase" and _milestones(fig).name == "Milestone"
    hover = " ".join(_milestones(fig).hovertext)
    assert "Responsible: not stated" in hover and "Responsible: each lead unit (各牵头单位)" in hover
    assert fig.layout.xaxis.title.text == "2024"
    assert "Feb" in fig.layout.xaxis.ticktext and "Jan 2025" in fig.layout.xaxis.ticktext


def test_issue_date_marked(phases):
    fig = timeline_figure(phases, "zh", today=PAST, issued="2024-03-26")
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert any(s.x0 == "2024-03-26" and s.line.dash == "dash" for s in lines)
    assert any(a.text == "印发日期 2024-03-26" for a in fig.layout.annotations)


def test_today_past_the_plan_keeps_the_plan_axis_and_says_so(phases):
    state, text = today_status(phases, PAST, "zh")
    assert state == "after"
    assert text.startswith("今天（2026-11-27）已过方案结束日期 2024-12-31")
    assert "696 天前结束" in text
    fig = timeline_figure(phases, "zh", today=PAST)
    lo, hi = fig.layout.xaxis.range
    assert pd.Timestamp(hi) < pd.Timestamp("2025-02-01")  # not stretched to 2026
    assert (pd.Timestamp(lo), pd.Timestamp(hi)) == axis_range(phases)
    arrow = [a for a in fig.layout.annotations if "2026-11-27" in a.text]
    assert len(arrow) == 1 and "→" in arrow[0].text and arrow[0].xref == "paper" and arrow[0].x == 1
    assert not [s for s in fig.layout.shapes if s.x0 == "2026-11-27"]
    _, text_en = today_status(phases, PAST, "en")
    assert "after the plan ended on 2024-12-31" in text_en


def test_today_inside_the_plan_is_a_line(phases):
    state, text = today_status(phases, DURING, "zh")
    assert state == "in" and "办理落实阶段" in text
    fig = timeline_figure(phases, "zh", today=DURING)
    assert any(s.x0 == DURING and s.line.color for s in fig.layout.shapes)
    assert any(a.text == f"今天 {DURING}" for a in fig.layout.annotations)


def test_today_before_the_plan(phases):
    state, text = today_status(phases, "2023-12-01", "zh")
    assert state == "before" and "2024-02-01" in text
    fig = timeline_figure(phases, "zh", today="2023-12-01")
    assert any(a.text.startswith("<b>← 今天 2023-12-01") for a in fig.layout.annotations)


def test_table_of_phases_and_milestones(phases):
    table = timeline_table(phases, "zh")
    assert list(table.columns) == ["类型", "名称", "开始", "结束", "天数", "责任主体", "要求"]
    assert len(table) == 8
    assert table["类型"].tolist() == ["阶段"] * 3 + ["时间节点"] * 5
    row = table.set_index("名称").loc["邀请市政协领导及委员提出意见建议"]
    assert (row["开始"], row["结束"], row["天数"], row["责任主体"]) == ("2024-06-01", "2024-06-10", 10, "未注明")
    en = timeline_table(phases, "en")
    assert en.columns[-2:].tolist() == ["Responsible", "What is due"]
    assert en["Responsible"].iloc[0] == "not stated"


def test_hostile_text_is_escaped_in_hover(phases):
    bad = phases.copy()
    bad.loc[bad.index[3], "owner"] = "<img src=x onerror=alert(1)>"
    bad.loc[bad.index[3], "name"] = "<b>x</b>"
    fig = timeline_figure(bad, "zh", today=PAST)
    spec = fig.to_json()
    assert "<img" not in spec and "&lt;img src=x onerror=alert(1)&gt;" in spec
    assert "&lt;b&gt;x&lt;/b&gt;" in _milestones(fig).y
    assert not any("<b>x" in h for h in _milestones(fig).hovertext)


def test_many_years_of_phases(tmp_path):
    from bench.generate import generate, write

    ds = load_dataset(write(generate(100), tmp_path / "p")).dataset
    fig = timeline_figure(ds.phases, "zh", today=PAST)
    rows = list(_bars(fig)[0].y) + list(_milestones(fig).y)
    assert len(rows) == len(ds.phases) == 80 and len(set(rows)) == 80
    assert any(s.x0 == PAST for s in fig.layout.shapes)  # 2026 lies inside a ten-year plan
    assert fig.layout.height >= 44 * 80
    assert not any(_bars(fig)[0].text)  # dates are not squeezed onto ten years of bars (they are on hover)


# ---------- the page ----------

def test_page_renders_gantt_with_scatter(monkeypatch):
    monkeypatch.setenv("FENGONG_TODAY", "2026-11-27")
    at = run_app("timeline")
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "时间线"
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    types = [tr["type"] for tr in spec["data"]]
    assert "bar" in types and "scatter" in types
    assert any("已过方案结束日期 2024-12-31（696 天前结束）" in i.value for i in at.info)
    at.session_state["tl_table_open"] = True  # the table is drawn when its expander is opened
    at.run()
    assert at.table and "未注明" in at.table[0].value.to_string()


def test_page_in_english_and_filters_noted():
    at = run_app("timeline", params={"lang": "en", "section": "2"})
    assert not at.exception
    assert at.title[0].value == "Timeline"
    spec = json.dumps(json.loads(at.get("plotly_chart")[0].proto.spec), ensure_ascii=False)
    assert "Mobilisation and deployment" in spec and "动员部署阶段" not in spec
    assert any("sidebar filters do not change them" in c.value for c in at.caption)


def test_status_sentence_escapes_the_phase_name(phases):
    bad = phases.copy()
    bad.loc[bad["name"] == "办理落实阶段", "name"] = "**进行中** [x](javascript:alert(1))"
    state, text = today_status(bad, DURING, "zh")
    assert state == "in"
    assert "\\*\\*进行中\\*\\*" in text and "\\[x\\]" in text


def test_collective_owners_read_in_english(ds):
    from lib.charts.timeline import timeline_table

    table = timeline_table(ds.phases, "en")
    owners = dict(zip(table.iloc[:, 1], table["Responsible"] if "Responsible" in table else table.iloc[:, 5]))
    assert owners["Stage summaries submitted"] == "each lead unit (各牵头单位)"
    assert owners["CPPCC leaders and members invited to comment"] == "not stated"
