"""Work bounded by the size of the input (issue 15): one task listing thousands of units must not cost the square
of its units in the network, profile or export builders. Speed lives in bench/limits.py; these check what the
user relies on: every unit kept, the graph linear in the units, the page saying which method it used."""

from __future__ import annotations

import networkx as nx
import pytest

from bench.limits import milestones_frames, one_task_frames
from lib import network as nw
from lib.data import load_frames
from lib.scenes import export as ex_scene
from lib.scenes import network as nw_scene
from lib.scenes import overview as ov_scene
from lib.scenes import profile as pf_scene
from lib.scenes import timeline as tl_scene
from lib.transforms import Filters, apply_filters


def _view(n: int):
    ds = load_frames(one_task_frames(n), source="test").dataset
    assert ds is not None
    return ds, apply_filters(ds, Filters())


@pytest.fixture(scope="module")
def big():
    """One task listing 20,000 units (lead 单位00000) beside an ordinary task."""
    return _view(20000)


def test_one_big_task_is_a_star_not_a_clique():
    ds, view = _view(1000)
    G = nw.shared_task_graph(view.assignments, view.units)
    assert G.number_of_nodes() == 1000
    # 999 links to the lead, plus the 6 pairs of the ordinary task's 4 units (not a clique of 499,500 pairs)
    assert G.number_of_edges() == 999 + 6
    (star,) = G.graph["stars"]
    assert (star.task_id, star.hub, star.units, star.pairs) == ("1.1", "单位00000", 1000, 499500)
    assert G["单位00000"]["单位00999"]["tasks"] == ("1.1",)
    assert not G.has_edge("单位00998", "单位00999")  # members of the star meet through its hub
    # the ordinary task keeps every pair
    assert G.has_edge("单位00002", "单位00004") and G["单位00001"]["单位00002"]["tasks"] == ("1.2",)


def test_directed_graph_bounded_too():
    frames = one_task_frames(1000)
    names = frames["units.csv"]["unit"].tolist()
    frames["tasks.csv"].loc[0, ["lead_units", "support_units"]] = ["、".join(names[:500]), "、".join(names[500:])]
    ds = load_frames(frames, source="test").dataset
    view = apply_filters(ds, Filters())
    D = nw.lead_support_graph(view.assignments, view.units)
    # 500 leads × 500 supports would be 250,000 links: the first lead alone links to the supports
    assert D.number_of_edges() == 500 + 3
    (star,) = D.graph["stars"]
    assert (star.task_id, star.hub, star.pairs) == ("1.1", "单位00000", 250000)
    assert D.has_edge("单位00000", "单位00999") and not D.has_edge("单位00499", "单位00999")


def test_small_plans_unchanged(ds):
    view = apply_filters(ds, Filters())
    G = nw.shared_task_graph(view.assignments, view.units)
    assert G.graph["stars"] == () and G.number_of_edges() == 153
    assert nw.measures(G).methods == {}


def test_20000_units_measured_with_stated_methods(big):
    ds, view = big
    scene = nw_scene.network_base(view, False)
    m = scene.measures
    assert len(m.nodes) == 20000 and scene.shared.number_of_edges() < 20010
    assert m.methods == {"closeness": "sampled", "eigenvector": "power", "clustering": "sampled"}
    assert m.power_converged
    hub = m.nodes.loc["单位00000"]
    assert hub["degree"] == 19999 and hub["closeness"] == pytest.approx(1.0)
    assert m.nodes["eigenvector"].idxmax() == "单位00000"
    assert m.nodes.loc["单位19999", "closeness"] == pytest.approx(0.5, abs=0.01)  # one step to the hub, two to all
    lines = nw.reading(scene.shared, m, "zh")
    text = "\n".join(lines)
    assert "任务 1.1 列出 20,000 个单位：按以 单位00000 为中心的星形计算和绘制" in text
    assert "接近中心性按每个连通部分 100 个抽样起点估算" in text
    assert "特征向量中心性用幂迭代求得" in text and "平均聚类系数按 2000 次抽样估算" in text
    en = "\n".join(nw.reading(scene.shared, m, "en"))
    assert "Task 1.1 lists 20,000 units: measured and drawn as a star around 单位00000" in en
    assert "betweenness is estimated from" in en


def test_20000_units_drawing_bounded(big):
    ds, view = big
    scene = nw_scene.network_base(view, False)
    assert len(scene.pos) == nw.DRAW_NODES and "单位00000" in scene.pos
    chart = nw_scene.network_chart(view, False, False, 1, "weighted_degree", "category", 12, "zh", 14, 640,
                                   _scene=scene)
    points = sum(len(tr.x) for tr in chart.fig.data if tr.mode == "markers" and tr.customdata is not None)
    assert points == nw.DRAW_NODES
    assert chart.edges_drawn == nw.DRAW_NODES - 1 + 6  # the hub's links to the drawn units, and 1.2's pairs
    tables = nw_scene.network_tables(view, False, False, "zh", _scene=scene)
    assert len(tables.table) == 20000  # every unit in the measures table and its CSV


def test_export_and_profile_of_20000_units(big):
    ds, view = big
    tables = ex_scene.export_tables(ds, view, 2.0).tables
    assert len(tables["network"]) == 20000 and len(tables["edges"]) < 20010
    scope, options = pf_scene.profile_options(ds, ())
    built = pf_scene.profile(ds, (), "单位19999", 2.0, "zh", 14, 30, _scope=scope)
    assert built.prof.degree == 19999  # the profile counts partners by the document: everyone on task 1.1


def test_power_iteration_matches_dense_solve():
    G = nx.relabel_nodes(nx.karate_club_graph(), lambda i: f"u{i:02d}")
    H = nw._canonical(G)
    nodes = list(H.nodes)
    src, dst, w = nw._edge_arrays(H, nodes)
    vec, steps, ok = nw.power_eigenvector(len(nodes), src, dst, w)
    dense = nw.eigenvector(H)
    assert ok and max(abs(dense[u] - abs(x)) for u, x in zip(nodes, vec)) < 1e-6
    # exact where a part is no larger than the sample
    assert nw.sampled_closeness(H, nodes, src, dst, k=100) == pytest.approx(nx.closeness_centrality(H))


def test_network_page_says_what_is_drawn(monkeypatch, tmp_path):
    from tests.conftest import run_app

    folder = tmp_path / "plan"
    folder.mkdir()
    for name, df in one_task_frames(3000).items():
        df.to_csv(folder / name, index=False)
    at = run_app("network", data_dir=folder, monkeypatch=monkeypatch)
    assert not at.exception, [e.value for e in at.exception]
    assert any(f"图中只画出共担任务最多的 {nw.DRAW_NODES} 个单位（共 3000 个）" in c.value for c in at.caption)
    md = " ".join(m.value for m in at.markdown)
    assert "任务 1.1 列出 3,000 个单位" in md
    figure_units = sum(len(tr.get("customdata", [])) for tr in __import__("json").loads(
        at.get("plotly_chart")[0].proto.spec)["data"])
    assert figure_units == nw.DRAW_NODES


# ---------- what a page renders is bounded (issue 15) ----------

def test_timeline_draws_a_bounded_number_of_marks():
    import datetime as dt

    import plotly.io as pio

    from lib.charts.timeline import MAX_ROWS

    ds = load_frames(milestones_frames(20000), source="test").dataset
    built = tl_scene.timeline(ds, "zh", dt.date(2024, 6, 1), 14)
    rows = {y for tr in built.fig.data for y in (tr.y if tr.y is not None else ())}
    assert len(rows) == MAX_ROWS and built.hidden_marks == 20000 - MAX_ROWS
    assert len(pio.to_json(built.fig)) < 200_000  # was one row (and 44 px) per milestone
    assert len(built.shown) == tl_scene.TIMELINE_TABLE_ROWS and len(built.table) == 20000  # the CSV has all


def test_timeline_page_says_how_many_are_not_drawn(monkeypatch, tmp_path):
    from tests.conftest import run_app

    folder = tmp_path / "plan"
    folder.mkdir()
    for name, df in milestones_frames(2000).items():
        df.to_csv(folder / name, index=False)
    at = run_app("timeline", data_dir=folder, monkeypatch=monkeypatch)
    assert not at.exception, [e.value for e in at.exception]
    captions = " ".join(c.value for c in at.caption)
    assert "图中只画出前 150 个阶段和节点，另有 1,850 个未画出" in captions
    assert [e.label for e in at.expander] == ["阶段与时间节点明细（2,000 行）"]  # the table's rows, all of them
    at.session_state["tl_table_open"] = True  # opened, the table says where the rest are
    at.run()
    captions = " ".join(c.value for c in at.caption)
    assert "表中只列出前 500 行，另有 1,500 行见 CSV 下载" in captions


LONG = "超长名称" * 2500 + "局"  # 10,001 characters


def _long_named(data_copy):
    import pandas as pd

    for name in ("units.csv", "tasks.csv"):
        path = data_copy / name
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        df.map(lambda v: v.replace("市经信局", LONG)).to_csv(path, index=False)
    return data_copy


def test_a_10000_character_name_is_shortened_where_shown(data_copy, monkeypatch):
    import json

    from lib.textsafe import NAME_SHOWN
    from tests.conftest import run_app

    folder = _long_named(data_copy)
    at = run_app("profile", params={"focus": LONG}, data_dir=folder, monkeypatch=monkeypatch)
    assert not at.exception, [e.value for e in at.exception]
    heading = at.subheader[0].value
    assert heading.startswith("超长名称") and heading.endswith("…") and len(heading) <= NAME_SHOWN + 5
    assert at.selectbox(key="pf_unit").value == LONG  # the unit itself is the whole name
    for spec in (json.loads(c.proto.spec) for c in at.get("plotly_chart")):
        assert all(len(a.get("text", "")) < 200 for a in spec["layout"].get("annotations", []))
        for tr in spec["data"]:
            ticks = tr.get("y") if tr.get("orientation") == "h" else tr.get("x")
            assert not any(isinstance(v, str) and LONG in v for v in ticks or [])
    at = run_app("network", data_dir=folder, monkeypatch=monkeypatch)
    assert not at.exception
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    # what the chart shows (labels, hovers, legend); customdata keeps the unit's id for clicks
    shown = [a.get("text", "") for a in spec["layout"].get("annotations", [])]
    for tr in spec["data"]:
        shown += [tr.get("name", "")] + list(tr.get("hovertext") or []) + list(tr.get("text") or [])
    assert "超长名称" in "".join(shown) and not any(LONG in str(x) for x in shown)
    assert LONG not in " ".join(m.value for m in at.markdown)


def test_downloads_keep_the_whole_name(data_copy):
    from lib.data import load_dataset

    ds = load_dataset(_long_named(data_copy)).dataset
    view = apply_filters(ds, Filters())
    tables = ex_scene.export_tables(ds, view, 2.0).tables
    assert LONG in set(tables["units"]["unit"]) and LONG in set(tables["network"]["unit"])
    built = pf_scene.profile(ds, (), LONG, 2.0, "zh", 14, 30, _scope=pf_scene.profile_options(ds, ())[0])
    assert built.prof.unit == LONG


def test_profile_ranking_of_20000_units_draws_a_sample(big):
    import plotly.io as pio

    from lib.scenes.defaults import MAX_RANK_BARS

    ds, view = big
    scope, _ = pf_scene.profile_options(ds, ())
    built = pf_scene.profile(ds, (), "单位12345", 2.0, "zh", 14, 30, _scope=scope)
    (bars,) = built.rank_chart.data
    assert len(bars.x) <= MAX_RANK_BARS and 1 in bars.x and 20000 in bars.x  # the first and last ranks
    (note,) = built.rank_chart.layout.annotations
    assert note.text.startswith("单位12345 · ") and "20000" in note.text
    assert len(pio.to_json(built.rank_chart)) < 300_000  # 2.9 MB with a bar and a hover per unit


def test_overview_top_units_bounded_when_thousands_tie(big, monkeypatch, tmp_path):
    import datetime as dt

    ds, view = big
    built = ov_scene.overview(ds, view, "zh", dt.date(2024, 6, 1), 14)
    bars = built.top_chart.data[0]
    assert len(bars.y) == ov_scene.OVERVIEW_MAX_BARS  # was 20,000 bars (6 MB): everyone ties at one support
    assert built.hidden_ties == 20000 - ov_scene.OVERVIEW_MAX_BARS
