"""AppTest on the real app.py: a smoke test per page (from the page list), the overview's content, URL state,
language, and broken data folders that must give a message instead of a traceback."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lib.sitemap import PAGE_NAMES
from tests.conftest import APP, run_app

PAGES = list(PAGE_NAMES)  # the page list as lib/sitemap.py declares it for app.py


def test_page_list_is_complete():
    assert PAGES[0] == "overview"
    assert {"matrix", "workload", "timeline", "network", "profile", "importer"} <= set(PAGES)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_shipped_data(page):
    at = run_app(None if page == "overview" else page)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.title or at.header or at.subheader, "page shows no heading"
    # the shared sidebar is there on every page
    assert at.radio(key="lang").value == "zh"
    assert at.multiselect(key="f_section").options


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_its_own(page):
    """A page script run without app.py (AppTest on views/<page>.py) builds its own context and sidebar; links to
    other pages, which do not exist then, are left out instead of failing."""
    at = AppTest.from_file(str(APP.parent / "views" / f"{page}.py"), default_timeout=120)
    at.run()
    at.run()  # and again, as on any click
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, "page shows no title"
    assert at.multiselect(key="f_section").options
    if page == "matrix":  # 1.1's lead has no profile link here: there is no profile page to open
        assert not at.get("page_link")


def test_matrix_links_a_lead_to_its_profile_inside_the_app():
    at = run_app("matrix")
    # (the task's link to its progress form beside it is tested in tests/test_progress_links.py)
    assert [link.proto.label for link in at.get("page_link") if link.proto.page == "profile"] == ["单位画像：市发改委"]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_in_english(page):
    at = run_app(None if page == "overview" else page, params={"lang": "en"})
    assert not at.exception, [e.value for e in at.exception]
    assert at.radio(key="lang").value == "en"


def test_overview_counts_and_notes():
    at = run_app()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"工作领域": "6", "任务": "24", "单位": "29", "牵头分工": "24", "责任分工": "93"}
    assert at.title[0].value == "市政协十四届三次会议1号建议案办理工作方案"
    assert any("武政办〔2024〕28号" in c.value for c in at.caption)
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 1 and "5.2" in warnings[0] and "市文旅局" in warnings[0]


def test_filters_from_url():
    at = run_app(params={"section": "2", "unit": "市经信局"})
    assert at.multiselect(key="f_section").value == [2]
    assert at.multiselect(key="f_unit").value == ["市经信局"]
    metrics = {m.label: m.value for m in at.metric}
    # area 二 has 6 tasks, 市经信局 is in all of them (4 lead, 2 support)
    assert metrics["任务"] == "6"
    assert metrics["牵头分工"] == "4" and metrics["责任分工"] == "2"


def test_invalid_url_values_are_dropped_not_crashing():
    at = run_app(params={"section": "99", "unit": "<script>", "role": "boss"})
    assert not at.exception
    assert at.multiselect(key="f_section").value == []
    assert {m.label: m.value for m in at.metric}["任务"] == "24"


def test_filter_widgets_change_view():
    at = run_app()
    at.multiselect(key="f_category").set_value(["district"]).run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["单位"] == "3"
    assert metrics["牵头分工"] == "3"  # 东湖高新区 leads 3 tasks; 洪山区, 江夏区 lead none
    at.pills(key="f_role").set_value(["lead"]).run()
    assert {m.label: m.value for m in at.metric}["任务"] == "3"


def test_filters_survive_a_page_switch():
    at = run_app()
    at.multiselect(key="f_section").set_value([3]).run()
    at.switch_page("views/workload.py").run()
    at.switch_page("views/overview.py").run()
    assert at.multiselect(key="f_section").value == [3]
    assert {m.label: m.value for m in at.metric}["任务"] == "4"


def test_english_switch_relabels_overview():
    at = run_app()
    at.radio(key="lang").set_value("en").run()
    labels = [m.label for m in at.metric]
    assert labels == ["Areas of work", "Tasks", "Units", "Lead assignments", "Support assignments"]


# ---------- broken data folders: a message, never a traceback ----------

def test_missing_folder_shows_error(tmp_path, monkeypatch):
    at = run_app(data_dir=tmp_path / "missing", monkeypatch=monkeypatch)
    assert not at.exception
    assert at.error and "missing" in at.error[0].value


def test_broken_dates_show_error_naming_row(data_copy, monkeypatch):
    df = pd.read_csv(data_copy / "phases.csv", dtype=str, keep_default_na=False)
    df.loc[2, "end"] = "12/31/2024 end"
    df.to_csv(data_copy / "phases.csv", index=False)
    at = run_app(data_dir=data_copy, monkeypatch=monkeypatch)
    assert not at.exception
    msg = at.error[0].value
    assert "phases.csv" in msg and "第 4 行" in msg and "12/31/2024 end" in msg


@pytest.mark.parametrize("page", PAGES)
def test_every_page_stops_cleanly_on_binary_file(page, data_copy, monkeypatch):
    (data_copy / "tasks.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    at = run_app(data_dir=data_copy, monkeypatch=monkeypatch)
    if page != "overview":
        at.switch_page(f"views/{page}.py").run()
    assert not at.exception
    assert "tasks.csv" in at.error[0].value


def test_warnings_shown_and_app_goes_on(data_copy, monkeypatch):
    df = pd.read_csv(data_copy / "units.csv", dtype=str)
    df[df.unit != "市体育局"].to_csv(data_copy / "units.csv", index=False)
    at = run_app(data_dir=data_copy, monkeypatch=monkeypatch)
    assert not at.exception and not at.error
    assert any("市体育局" in w.value and "units.csv" in w.value for w in at.warning)
    assert {m.label: m.value for m in at.metric}["单位"] == "29"


# ---------- presentation mode ----------

def test_presentation_mode_steps_through_the_briefing_with_filters():
    at = run_app(params={"present": "1", "section": "2"})
    assert not at.exception
    assert at.caption[0].value == "汇报 第 1 / 5 页"
    assert at.button(key="present_prev").disabled
    visited = []
    for _ in range(4):
        at.button(key="present_next").click().run()
        assert not at.exception
        visited.append(at.caption[0].value)
        assert at.multiselect(key="f_section").value == [2]  # the filters carry into the briefing
    assert visited == ["汇报 第 2 / 5 页", "汇报 第 3 / 5 页", "汇报 第 4 / 5 页", "汇报 第 5 / 5 页"]
    assert at.button(key="present_next").disabled
    at.button(key="present_prev").click().run()
    assert at.caption[0].value == "汇报 第 4 / 5 页"


def test_presentation_mode_keeps_the_language():
    at = run_app(params={"present": "1", "lang": "en"})
    at.button(key="present_next").click().run()
    assert at.caption[0].value == "Briefing 2 / 5"
    assert at.radio(key="lang").value == "en"


def test_presentation_mode_hides_sidebar_and_exits():
    at = run_app(params={"present": "1"})
    css = "".join(m.value for m in at.markdown if "<style>" in m.value)
    assert '[data-testid="stSidebar"]' in css and "display: none" in css
    at.button(key="present_exit").click().run()
    assert at.session_state["present"] is False
    css = "".join(m.value for m in at.markdown if "<style>" in m.value)
    assert "@media print" in css and "1.2rem" not in css  # only print styles remain
    at.toggle(key="present").set_value(True).run()
    assert at.button(key="present_next")


def test_overview_top_units_ranked_and_drawn_by_weighted_load():
    import json

    at = run_app()
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    lead = next(tr for tr in spec["data"] if tr.get("name") == "牵头")
    units = list(reversed(lead["y"]))  # plotly draws the first category at the bottom
    assert units[:4] == ["东湖高新区", "市经信局", "市发改委", "市科技创新局"]  # 27, 18, 17, 15
    assert len(units) == 11  # 市人才工作局 and 市水务局 tie at 3 for 10th place: both shown
    assert {"市人才工作局", "市水务局"} <= set(units)


@pytest.mark.parametrize(("day", "expected"), [
    ("2024-01-15", "今天（2024-01-15）方案尚未开始，首个阶段 2024-02-01 开始。"),
    ("2024-06-05", "今天（2024-06-05）处于「办理落实阶段」（2024-04-11 至 2024-10-31）。"),
    ("2025-01-01", "今天（2025-01-01）已过方案结束日期 2024-12-31（1 天前结束）。"),
])
def test_where_today_falls_on_overview_and_timeline(day, expected, monkeypatch):
    monkeypatch.setenv("FENGONG_TODAY", day)
    for page in (None, "timeline"):
        at = run_app(page)
        shown = [i.value for i in at.info] + [s.value for s in at.success]
        assert expected in shown, shown


def test_timeline_table_is_drawn_when_its_expander_is_opened():
    """Closed, the page sends no table (half of a switch's drawing time); opened, every phase of the plan is a row."""
    phases = pd.read_csv(APP.parent / "data" / "phases.csv")  # 3 phases and 5 milestones; no task has a deadline
    at = run_app("timeline")
    assert [e.label for e in at.expander] == [f"阶段与时间节点明细（{len(phases)} 行）"]
    assert not at.table
    at.session_state["tl_table_open"] = True  # the user opens it
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = at.table[0].value
    cells = {str(v).replace("\u2060", "") for v in shown.values.ravel()}  # word joiners keep short words whole
    assert set(phases["name"]) <= cells, shown
