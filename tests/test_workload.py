"""工作量: bars per unit, the weighted load and its adjustable lead weight, categories, concentration (checked against
numbers computed here straight from data/tasks.csv), and the page through AppTest."""

from __future__ import annotations

import csv
import json

import pytest

from lib.charts.workload import category_bars, workload_bars
from lib.transforms import (
    concentration,
    concentration_level,
    workload,
    workload_by_category,
    workload_sorted,
)
from tests.conftest import DATA, run_app


def _roles_from_csv() -> dict[str, dict[str, int]]:
    """Lead and support counts per unit read directly from tasks.csv, a unit listed twice on a task counted once
    (as lead)."""
    out: dict[str, dict[str, int]] = {}
    with open(DATA / "tasks.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            leads = [u for u in row["lead_units"].split("、") if u]
            supports = [u for u in row["support_units"].split("、") if u and u not in leads]
            for u in leads:
                out.setdefault(u, {"lead": 0, "support": 0})["lead"] += 1
            for u in dict.fromkeys(supports):
                out.setdefault(u, {"lead": 0, "support": 0})["support"] += 1
    return out


def _plain_gini(values: list[float]) -> float:
    """Mean absolute difference over twice the mean: the textbook definition."""
    n = len(values)
    mean = sum(values) / n
    return sum(abs(a - b) for a in values for b in values) / (2 * n * n * mean)


def _bar(fig, role_name, label):
    (tr,) = [t for t in fig.data if t.type == "bar" and t.name == role_name]
    return tr.x[list(tr.y).index(label)]


@pytest.fixture
def wl(ds):
    return workload(ds.assignments, ds.units)


# ---------- transforms and builders ----------

def test_donghu_bars_three_lead_twenty_one_support(wl):
    fig = workload_bars(wl)
    assert _bar(fig, "牵头", "东湖高新区") == 3
    assert _bar(fig, "责任", "东湖高新区") == 21
    assert _bar(fig, "牵头", "市发改委") == 5 and _bar(fig, "责任", "市发改委") == 7
    # heaviest at the top (plotly draws the first category at the bottom)
    (lead,) = [t for t in fig.data if t.name == "牵头"]
    assert list(lead.y)[-3:] == ["市发改委", "市经信局", "东湖高新区"]


def test_bar_text_horizontal_and_legend_lead_first(wl):
    fig = workload_bars(wl, weighted=True)
    bars = [t for t in fig.data if t.type == "bar"]
    assert [t.name for t in bars] == ["牵头", "责任"]
    assert fig.layout.legend.traceorder == "normal"
    assert all(t.textangle == 0 for t in bars)
    assert all(t.textangle == 0 for t in category_bars(workload_by_category(wl)).data)
    # weighted bars: lengths are weighted, segment labels are task counts, the bar's end shows the load
    assert _bar(fig, "牵头", "东湖高新区") == 6
    (lead,) = [t for t in bars if t.name == "牵头"]
    assert lead.text[list(lead.y).index("东湖高新区")] == "3"
    (ends,) = [t for t in fig.data if t.type == "scatter"]
    assert ends.text[list(ends.y).index("东湖高新区")].strip() == "27"


def test_counts_match_the_csv(wl):
    expected = _roles_from_csv()
    got = {r["unit"]: {"lead": r["lead"], "support": r["support"]} for r in wl.to_dict("records")}
    assert got == expected


def test_weighted_load_with_lead_weight_three(ds, wl):
    assert wl["unit"].tolist()[:3] == ["东湖高新区", "市经信局", "市发改委"]
    assert wl.set_index("unit").loc[["东湖高新区", "市经信局", "市发改委"], "weighted"].tolist() == [27, 18, 17]
    heavy = workload(ds.assignments, ds.units, lead_weight=3)
    w = heavy.set_index("unit")["weighted"]
    assert (w["东湖高新区"], w["市发改委"], w["市经信局"]) == (30, 22, 22)
    # 市发改委 (5 leads) overtakes 市经信局 (4 leads): equal load, more leads first
    assert heavy["unit"].tolist()[:3] == ["东湖高新区", "市发改委", "市经信局"]
    assert heavy["weighted"].sum() == 24 * 3 + 93
    assert workload(ds.assignments, ds.units, lead_weight=1)["weighted"].sum() == 24 + 93


def test_sorted_by_count(wl):
    by_count = workload_sorted(wl, "total")
    assert by_count["unit"].tolist()[:4] == ["东湖高新区", "市经信局", "市科技创新局", "市发改委"]
    assert by_count["total"].tolist()[:4] == [24, 14, 13, 12]


def test_concentration_matches_plain_formulas(wl):
    roles = _roles_from_csv()
    loads = sorted((r["lead"] * 2 + r["support"] for r in roles.values()), reverse=True)
    c = concentration(wl)
    assert c["top"] == 5 and c["units"] == 29
    assert c["top_share"] == pytest.approx(sum(loads[:5]) / sum(loads))
    assert c["top_share"] == pytest.approx(86 / 141)
    assert c["gini"] == pytest.approx(_plain_gini(loads))
    assert concentration_level(c["gini"]) == "high"
    assert [concentration_level(g) for g in (0.0, 0.29, 0.3, 0.49, 0.5)] == ["even", "even", "moderate", "moderate",
                                                                            "high"]


def test_by_category_totals(wl):
    by_cat = workload_by_category(wl)
    assert by_cat["lead"].sum() == 24 and by_cat["support"].sum() == 93
    rows = by_cat.set_index("category")
    assert rows.loc["district", ["lead", "support", "units"]].tolist() == [3, 23, 3]
    assert rows.loc["government", "units"] == 21
    fig = category_bars(by_cat)
    assert [t.name for t in fig.data] == ["牵头", "责任"] and sum(fig.data[0].y) == 24 and sum(fig.data[1].y) == 93


def test_english_bars_use_english_names(wl):
    fig = workload_bars(wl, "en")
    (lead,) = [t for t in fig.data if t.name == "Lead"]
    assert "Development and Reform Commission" in lead.y
    assert not any("局" in y for y in lead.y)
    assert any("武汉市发展和改革委员会" in h for h in lead.hovertext)  # Chinese on hover


# ---------- the page ----------

def _traces(at, key):
    (chart,) = [c for c in at.get("plotly_chart") if c.proto.id.endswith("-" + key)]
    return json.loads(chart.proto.spec)["data"]


def _table(at):
    (df,) = [d.value for d in at.dataframe if "排名" in d.value.columns or "Rank" in d.value.columns]
    return df


def test_page_shows_bars_metrics_and_table():
    at = run_app("workload")
    assert not at.exception and not at.error
    assert {tr["type"] for tr in _traces(at, "wl_chart")} >= {"bar"}
    assert [tr["name"] for tr in _traces(at, "wl_chart") if tr["type"] == "bar"] == ["牵头", "责任"]
    assert {tr["type"] for tr in _traces(at, "wl_cat_chart")} == {"bar"}
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["前 5 个单位占比"] == "61%" and metrics["基尼系数"] == "0.57" and metrics["承担任务的单位"] == "29"
    assert any("加权工作量 = 牵头 × 2 + 责任 × 1" in m.value for m in at.markdown)
    assert any("高度集中" in c.value for c in at.caption)
    table = _table(at)
    assert len(table) == 29
    assert table.iloc[0][["单位", "牵头任务数", "责任任务数", "加权工作量"]].tolist() == ["东湖高新区", 3, 21, 27]
    assert at.get("download_button")


def test_lead_weight_changes_table_and_formula():
    at = run_app("workload")
    at.number_input(key="wl_lead_weight").set_value(3.0).run()
    assert not at.exception
    assert any("加权工作量 = 牵头 × 3 + 责任 × 1" in m.value for m in at.markdown)
    table = _table(at)
    assert table["单位"].tolist()[:3] == ["东湖高新区", "市发改委", "市经信局"]
    assert table["加权工作量"].tolist()[:3] == [30, 22, 22]
    # the weight survives a trip to another page and back
    at.switch_page("views/overview.py").run()
    at.switch_page("views/workload.py").run()
    assert at.number_input(key="wl_lead_weight").value == 3.0


def test_count_measure_sorts_by_tasks():
    at = run_app("workload")
    at.radio(key="wl_measure").set_value("count").run()
    bars = [tr for tr in _traces(at, "wl_chart") if tr["type"] == "bar"]
    assert bars[0]["y"][-4:] == ["市发改委", "市科技创新局", "市经信局", "东湖高新区"]
    assert _table(at)["合计"].tolist()[:4] == [24, 14, 13, 12]


def test_filters_by_widget_and_url():
    at = run_app("workload", params={"section": "2", "unit": "市经信局"})
    table = _table(at)
    assert table["单位"].tolist() == ["市经信局"]
    assert table.iloc[0][["牵头任务数", "责任任务数"]].tolist() == [4, 2]
    at = run_app("workload")
    at.multiselect(key="f_category").set_value(["district"]).run()
    assert sorted(_table(at)["单位"]) == sorted(["东湖高新区", "洪山区", "江夏区"])


def test_english_page():
    at = run_app("workload", params={"lang": "en"})
    assert at.title[0].value == "Workload"
    bars = [tr for tr in _traces(at, "wl_chart") if tr["type"] == "bar"]
    assert [b["name"] for b in bars] == ["Lead", "Support"]
    assert "East Lake High-tech Development Zone" in bars[0]["y"]
    assert any("Weighted load = lead × 2 + support × 1" in m.value for m in at.markdown)
    assert _table(at)["Unit"].tolist()[0] == "East Lake High-tech Development Zone"


def test_tied_units_share_a_rank(wl):
    ranks = dict(zip(wl["unit"], wl["rank"]))
    assert ranks["东湖高新区"] == 1 and ranks["市经信局"] == 2
    # 市人才工作局 and 市水务局 both carry 3 (lead × 2 + support × 1): the same place
    assert ranks["市人才工作局"] == ranks["市水务局"] == 10
