"""单位画像: partners counted by hand from data/tasks.csv, the unit's numbers, the link helper, and the page through
AppTest (?focus=, a single unit chosen in the sidebar, the area filter, English)."""

from __future__ import annotations

import csv
import json
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest

from lib.charts.profile import partner_bars, rank_figure
from lib.scenes.defaults import MAX_RANK_BARS
from lib.transforms import Filters, apply_filters, partners, profile_link, unit_profile, workload
from tests.conftest import DATA, run_app


def _task_members() -> dict[str, tuple[set[str], set[str]]]:
    """task_id → (leads, supports other than the leads), straight from tasks.csv."""
    out = {}
    with open(DATA / "tasks.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            leads = {u for u in row["lead_units"].split("、") if u}
            supports = {u for u in row["support_units"].split("、") if u} - leads
            out[row["task_id"]] = (leads, supports)
    return out


def _partners_by_hand(unit: str) -> Counter:
    shared: Counter = Counter()
    for leads, supports in _task_members().values():
        members = leads | supports
        if unit in members:
            shared.update(members - {unit})
    return shared


# ---------- partners and the unit's numbers ----------

@pytest.mark.parametrize("unit", ["市经信局", "东湖高新区", "市文旅局", "洪山区"])
def test_partners_match_a_count_by_hand(ds, unit):
    p = partners(ds.assignments, unit)
    assert dict(zip(p["unit"], p["shared_tasks"])) == dict(_partners_by_hand(unit))
    assert p["shared_tasks"].is_monotonic_decreasing


def test_partners_of_the_economy_bureau(ds):
    p = partners(ds.assignments, "市经信局").set_index("unit")
    # 市经信局 is in 14 tasks; 东湖高新区 is in every one of them, 市发改委 in 11
    assert p.loc["东湖高新区", "shared_tasks"] == 14 and p.loc["市发改委", "shared_tasks"] == 11
    assert p.index[:4].tolist() == ["东湖高新区", "市发改委", "市科技创新局", "市投资促进局"]
    assert len(p) == 23
    # of the 14 shared with 东湖高新区: 市经信局 leads 4 (2.1 2.2 2.4 2.6), 东湖高新区 leads 1 (5.1), 9 both support
    assert p.loc["东湖高新区", ["as_lead_with", "under_lead_of", "co_support"]].tolist() == [4, 1, 9]
    assert p.loc["市发改委", "task_ids"].split("、")[:2] == ["2.1", "2.2"]
    by_hand = {tid for tid, (leads, sup) in _task_members().items() if {"市经信局", "市发改委"} <= leads | sup}
    assert set(p.loc["市发改委", "task_ids"].split("、")) == by_hand


def test_5_2_overlap_is_no_self_partner(ds):
    p = partners(ds.assignments, "市文旅局")
    assert "市文旅局" not in p["unit"].tolist()
    assert len(p) == 7 and set(p["as_lead_with"]) == {1}


def test_unit_profile_numbers(ds):
    view = apply_filters(ds, Filters())
    prof = unit_profile(view, "东湖高新区")
    assert (prof.lead, prof.support, prof.weighted) == (3, 21, 27.0)
    assert (prof.rank, prof.units, prof.degree, prof.sections, prof.sections_total) == (1, 29, 28, 6, 6)
    assert prof.tasks["task_id"].tolist() == ds.tasks["task_id"].tolist()  # in every task, in document order
    assert sorted(prof.tasks.loc[prof.tasks["role"] == "lead", "task_id"]) == ["3.1", "4.2", "5.1"]
    heavy = unit_profile(view, "市发改委", lead_weight=3)
    assert (heavy.rank, heavy.weighted) == (2, 22.0)
    area2 = unit_profile(apply_filters(ds, Filters(sections=(2,))), "市经信局")
    assert (area2.lead, area2.support, area2.sections, area2.sections_total, area2.rank) == (4, 2, 1, 1, 1)


def test_profile_link():
    link = profile_link("市经信局")
    assert link.startswith("profile?focus=%E5%B8%82")
    assert parse_qs(urlsplit(link).query) == {"focus": ["市经信局"]}
    odd = "A&B=<x> #1"
    assert parse_qs(urlsplit(profile_link(odd, "en")).query) == {"focus": [odd], "lang": ["en"]}


def test_profile_charts(ds):
    p = partners(ds.assignments, "东湖高新区")
    fig = partner_bars(p, ds.units)
    bars = {tr.name: dict(zip(tr.y, tr.x)) for tr in fig.data}
    assert set(bars) == {"政府部门", "党委部门", "区/开发区", "其他"}  # coloured by category
    assert bars["政府部门"]["市经信局"] == 14 and bars["区/开发区"]["洪山区"] == 1
    en = partner_bars(p, ds.units, "en", top=5)
    assert sum(len(tr.y) for tr in en.data) == 5
    labels = [y for tr in en.data for y in tr.y]
    assert any(y.startswith("Economy and Information") for y in labels)  # shortened to fit half a page
    assert any("Economy and Information Technology Bureau" in h for tr in en.data for h in tr.hovertext)
    wl = workload(ds.assignments, ds.units)
    rank = rank_figure(wl, "市发改委", max_bars=MAX_RANK_BARS)
    assert list(rank.data[0].x) == list(range(1, 30))
    colours = list(rank.data[0].marker.color)
    assert colours.count(colours[2]) == 1  # only 市发改委 (rank 3) stands out
    assert "第 3 / 29" in rank.layout.annotations[0].text


# ---------- the page ----------

def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _tasks_table(at):
    (df,) = [d.value for d in at.dataframe if "任务名称" in d.value.columns or "Task" in d.value.columns]
    return df


def test_focus_link_shows_three_lead_and_twenty_one_support():
    at = run_app("profile", params={"focus": "东湖高新区"})
    assert not at.exception and not at.error
    assert at.selectbox(key="pf_unit").value == "东湖高新区"
    m = _metrics(at)
    assert (m["牵头任务数"], m["责任任务数"], m["工作量排名"], m["协作单位数"], m["涉及领域"]) == (
        "3", "21", "1/29", "28", "6/6")
    roles = _tasks_table(at)["角色"].tolist()
    assert roles.count("牵头") == 3 and roles.count("责任") == 21
    assert _tasks_table(at)["编号"].tolist()[:3] == ["1.1", "1.2", "1.3"]  # document order
    (chart,) = [c for c in at.get("plotly_chart") if c.proto.id.endswith("-pf_partners_chart")]
    traces = json.loads(chart.proto.spec)["data"]
    assert {tr["type"] for tr in traces} == {"bar"}
    assert sum(len(tr["y"]) for tr in traces) == 28
    assert at.query_params["focus"] == "东湖高新区"


def test_selectbox_changes_unit_and_url():
    at = run_app("profile")
    at.selectbox(key="pf_unit").set_value("市财政局").run()
    m = _metrics(at)
    assert (m["牵头任务数"], m["责任任务数"]) == ("1", "2")
    assert _tasks_table(at)["编号"].tolist() == ["1.3", "3.2", "3.3"]
    assert at.query_params["focus"] == "市财政局"


def test_single_sidebar_unit_is_preselected():
    at = run_app("profile", params={"unit": "市经信局"})
    assert at.selectbox(key="pf_unit").value == "市经信局"
    assert _metrics(at)["牵头任务数"] == "4"
    at = run_app("profile")
    at.multiselect(key="f_unit").set_value(["市水务局"]).run()
    assert at.selectbox(key="pf_unit").value == "市水务局"


def test_area_filter_narrows_the_profile():
    at = run_app("profile", params={"section": "2", "focus": "市经信局"})
    m = _metrics(at)
    assert (m["牵头任务数"], m["责任任务数"], m["涉及领域"]) == ("4", "2", "1/1")
    assert len(_tasks_table(at)) == 6


def test_role_filter_does_not_shrink_the_profile_and_says_so():
    at = run_app("profile", params={"role": "lead", "focus": "东湖高新区"})
    assert (_metrics(at)["牵头任务数"], _metrics(at)["责任任务数"]) == ("3", "21")
    assert any("不受单位类别和角色筛选影响" in c.value for c in at.caption)


def test_unknown_focus_falls_back_quietly():
    at = run_app("profile", params={"focus": "<script>alert(1)</script>"})
    assert not at.exception and not at.error
    assert at.selectbox(key="pf_unit").value == "市发改委"  # the first unit of units.csv


def test_weight_from_the_workload_page_is_used():
    at = run_app("workload")
    at.number_input(key="wl_lead_weight").set_value(3.0).run()
    at.switch_page("views/profile.py").run()
    at.selectbox(key="pf_unit").set_value("市发改委").run()
    m = _metrics(at)
    assert (m["加权工作量"], m["工作量排名"]) == ("22", "2/29")


def test_english_profile():
    at = run_app("profile", params={"lang": "en", "focus": "东湖高新区"})
    assert at.title[0].value == "Unit profile"
    assert at.subheader[0].value.replace("\\", "") == "East Lake High-tech Development Zone"
    m = _metrics(at)
    assert (m["Tasks led"], m["Tasks supported"], m["Workload rank"]) == ("3", "21", "1/29")
    assert set(_tasks_table(at)["Role"]) == {"Lead", "Support"}
    (chart,) = [c for c in at.get("plotly_chart") if c.proto.id.endswith("-pf_partners_chart")]
    labels = [y for tr in json.loads(chart.proto.spec)["data"] for y in tr["y"]]
    assert any(y.startswith("Economy and Information") for y in labels)
