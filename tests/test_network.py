"""协同网络: the graph and its measures on the shipped plan (checked against tasks.csv and networkx directly), the
drawing, 100× scale, and the page through AppTest."""

from __future__ import annotations

import csv
import json
from collections import Counter
from itertools import combinations

import networkx as nx
import pandas as pd
import pytest

from lib import network as nw
from lib.charts.network import EDGE_BUCKETS, network_figure, px_per_unit, text_size
from lib.data import load_dataset
from lib.transforms import Filters, apply_filters
from tests.conftest import DATA, run_app

HOSTILE = "<img src=x onerror=alert(1)>"


def _csv_tasks() -> list[dict]:
    """tasks.csv read with the csv module alone: (task_id, section, lead list, support list) as written."""
    with open(DATA / "tasks.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    return [{"task_id": r["task_id"], "section": int(r["section"]),
             "lead": [u for u in r["lead_units"].split("、") if u],
             "support": [u for u in r["support_units"].split("、") if u]} for r in rows]


def _independent_weights(tasks) -> Counter:
    """Pair → number of tasks both units appear in (each unit once per task)."""
    w = Counter()
    for r in tasks:
        for u, v in combinations(sorted(set(r["lead"]) | set(r["support"])), 2):
            w[(u, v)] += 1
    return w


@pytest.fixture(scope="module")
def shipped():
    ds = load_dataset(DATA).dataset
    view = apply_filters(ds, Filters())
    G = nw.shared_task_graph(view.assignments, view.units)
    return ds, view, G


# ---------- the graph ----------

def test_shipped_graph_has_every_unit_as_a_node(shipped):
    ds, _, G = shipped
    assert G.number_of_nodes() == 29
    assert set(G.nodes) == set(ds.units["unit"])
    assert G.nodes["东湖高新区"]["category"] == "district"
    assert (G.nodes["东湖高新区"]["lead"], G.nodes["东湖高新区"]["support"]) == (3, 21)


def test_donghu_jingxin_weight_equals_tasks_they_share(shipped):
    _, _, G = shipped
    shared = [r["task_id"] for r in _csv_tasks()
              if {"东湖高新区", "市经信局"} <= set(r["lead"]) | set(r["support"])]
    assert G.edges["东湖高新区", "市经信局"]["weight"] == len(shared) == 14
    assert list(G.edges["东湖高新区", "市经信局"]["tasks"]) == shared


def test_every_edge_weight_matches_the_csv(shipped):
    _, _, G = shipped
    expected = _independent_weights(_csv_tasks())
    got = {tuple(sorted((u, v))): w for u, v, w in G.edges(data="weight")}
    assert got == dict(expected)


def test_overlap_in_5_2_neither_loops_nor_double_counts(shipped):
    _, _, G = shipped
    row = next(r for r in _csv_tasks() if r["task_id"] == "5.2")
    assert "市文旅局" in row["lead"] and "市文旅局" in row["support"]  # the document lists it twice
    assert nx.number_of_selfloops(G) == 0
    # counted as written, 市文旅局 would meet each other unit of 5.2 twice in that task
    as_written = row["lead"] + row["support"]
    naive = Counter(tuple(sorted(p)) for p in combinations(as_written, 2) if p[0] != p[1])
    other = next(u for u in row["support"] if u != "市文旅局")
    pair = tuple(sorted(("市文旅局", other)))
    assert naive[pair] == 2
    expected = _independent_weights(_csv_tasks())[pair]
    assert G.edges[pair]["weight"] == expected
    assert list(G.edges[pair]["tasks"]).count("5.2") == 1


def test_directed_view_lead_to_support(shipped):
    _, view, _ = shipped
    D = nw.lead_support_graph(view.assignments, view.units)
    tasks = _csv_tasks()
    fwd = [r["task_id"] for r in tasks if "市发改委" in r["lead"] and "东湖高新区" in r["support"]]
    back = [r["task_id"] for r in tasks if "东湖高新区" in r["lead"] and "市发改委" in r["support"]]
    assert D.is_directed()
    assert D.edges["市发改委", "东湖高新区"]["weight"] == len(fwd) == 5
    assert D.has_edge("东湖高新区", "市发改委") == bool(back)
    if back:
        assert D.edges["东湖高新区", "市发改委"]["weight"] == len(back)
    # one edge per (lead, support) pair; a lead never points at itself (5.2)
    assert nx.number_of_selfloops(D) == 0
    total = sum(len(set(r["support"]) - set(r["lead"])) for r in tasks)
    assert sum(w for _, _, w in D.edges(data="weight")) == total == 93


def test_filters_change_the_network(shipped):
    ds, _, _ = shipped
    view = apply_filters(ds, Filters(sections=(2,)))
    G = nw.shared_task_graph(view.assignments, view.units)
    in_area = {u for r in _csv_tasks() if r["section"] == 2 for u in r["lead"] + r["support"]}
    assert set(G.nodes) == in_area
    assert G.number_of_nodes() < 29


def test_collective_units_left_out_unless_asked():
    a = pd.DataFrame({"task_id": ["1", "1", "1", "2", "2"], "section": 1,
                      "unit": ["甲局", "各区人民政府", "乙局", "甲局", "丙局"],
                      "role": ["lead", "support", "support", "lead", "support"],
                      "category": ["government", "collective", "government", "government", "government"]})
    units = pd.DataFrame({"unit": ["甲局", "乙局", "丙局", "各区人民政府"], "full_name": ["甲局", "乙局", "丙局", "各区"],
                          "name_en": ["A", "B", "C", "All districts"],
                          "category": ["government", "government", "government", "collective"]})
    G = nw.shared_task_graph(a, units)
    assert set(G.nodes) == {"甲局", "乙局", "丙局"}
    G2 = nw.shared_task_graph(a, units, include_collective=True)
    assert G2.edges["各区人民政府", "甲局"]["weight"] == 1
    assert G2.nodes["各区人民政府"]["category"] == "collective"


# ---------- measures ----------

def test_whole_network_values_match_networkx(shipped):
    _, _, G = shipped
    m = nw.measures(G)
    assert m.density == pytest.approx(nx.density(G)) == pytest.approx(153 / (29 * 28 / 2))
    assert m.components == nx.number_connected_components(G) == 1
    assert m.clustering == pytest.approx(nx.average_clustering(G))
    assert m.betweenness_k is None  # 29 nodes: exact


def test_centralities_match_networkx(shipped):
    _, _, G = shipped
    m = nw.measures(G).nodes
    assert m["degree"].to_dict() == dict(G.degree())
    assert m["weighted_degree"].to_dict() == dict(G.degree(weight="weight"))
    between = nx.betweenness_centrality(G)
    close = nx.closeness_centrality(G)
    eig = nx.eigenvector_centrality(G, weight="weight", max_iter=1000, tol=1e-10)
    for u in G:
        assert m.at[u, "betweenness"] == pytest.approx(between[u])
        assert m.at[u, "closeness"] == pytest.approx(close[u])
        assert m.at[u, "eigenvector"] == pytest.approx(eig[u], abs=1e-6)


def test_hub_and_broker_are_donghu(shipped):
    _, _, G = shipped
    m = nw.measures(G).nodes
    assert m["betweenness"].idxmax() == "东湖高新区"
    assert m["weighted_degree"].idxmax() == "东湖高新区"
    assert m.at["东湖高新区", "degree"] == 28  # shares a task with every other unit
    assert m.at["东湖高新区", "closeness"] == pytest.approx(1.0)
    assert m["betweenness"].sort_values(ascending=False).index[1] == "市经信局"


def test_measures_and_layout_are_deterministic(shipped):
    ds, view, G = shipped
    shuffled = view.assignments.sample(frac=1, random_state=7)
    G2 = nw.shared_task_graph(shuffled, view.units)
    m1, m2 = nw.measures(G), nw.measures(G2)
    pd.testing.assert_frame_equal(m1.nodes, m2.nodes.loc[m1.nodes.index])
    assert m1.communities == m2.communities
    assert nw.layout(G) == nw.layout(G2)
    assert nw.edge_key(G) == nw.edge_key(G2)


def test_communities_numbered_by_size(shipped):
    _, _, G = shipped
    m = nw.measures(G)
    sizes = [len(c) for c in m.communities]
    assert sizes == sorted(sizes, reverse=True) and sum(sizes) == 29
    assert sorted(u for c in m.communities for u in c) == sorted(G.nodes)
    for i, c in enumerate(m.communities, start=1):
        assert set(m.nodes.index[m.nodes["community"] == i]) == set(c)
    # the louvain partition itself, recomputed straight from networkx on the same canonical graph
    direct = nx.community.louvain_communities(nw.graph_from_key(nw.edge_key(G)), weight="weight", seed=42)
    assert sorted(map(sorted, direct)) == sorted(map(sorted, m.communities))
    # the hub's closest partners group with it
    hub = m.nodes.at["东湖高新区", "community"]
    assert m.nodes.at["市经信局", "community"] == hub


def test_min_weight_filtering(shipped):
    _, _, G = shipped
    H = nw.with_min_weight(G, 3)
    assert H.number_of_nodes() == 29
    assert H.number_of_edges() == sum(1 for *_, w in G.edges(data="weight") if w >= 3)
    assert all(w >= 3 for *_, w in H.edges(data="weight"))
    assert H.edges["东湖高新区", "市经信局"]["tasks"] == G.edges["东湖高新区", "市经信局"]["tasks"]
    assert G.number_of_edges() == 153  # the original is untouched
    assert nw.auto_min_weight(G, 1) == 1  # 153 edges fit under the cap
    w = nw.auto_min_weight(G, 1, max_edges=20)
    count = Counter(w_ for *_, w_ in G.edges(data="weight"))
    at_least = lambda k: sum(n for ww, n in count.items() if ww >= k)  # noqa: E731
    assert at_least(w) <= 20 < at_least(w - 1)
    assert nw.auto_min_weight(G, 5, max_edges=20) == max(5, w)


def test_ego_partners(shipped):
    ds, view, G = shipped
    ego = nw.ego_partners(view.assignments, ds.tasks, "市经信局")
    assert len(ego) == G.degree("市经信局") == 23
    assert set(ego["unit"]) == set(G.neighbors("市经信局"))
    assert dict(zip(ego["unit"], ego["shared_tasks"])) == {v: G.edges["市经信局", v]["weight"] for v in G["市经信局"]}
    top = ego.iloc[0]
    assert top["unit"] == "东湖高新区" and top["shared_tasks"] == 14
    assert top["task_ids"].split("、") == list(G.edges["东湖高新区", "市经信局"]["tasks"])
    assert top["category"] == "district" and "做大生命健康产业" in top["titles"]
    # 市经信局 leads 4 of the 14 it shares with 东湖高新区; 东湖高新区 leads none of them
    rows = [r for r in _csv_tasks() if {"东湖高新区", "市经信局"} <= set(r["lead"]) | set(r["support"])]
    assert top["as_lead_with"] == sum("市经信局" in r["lead"] for r in rows)
    assert top["under_lead_of"] == sum("东湖高新区" in r["lead"] for r in rows)
    assert nw.ego_partners(view.assignments, ds.tasks, "nobody").empty


def test_reading_names_hub_broker_and_groups(shipped):
    _, _, G = shipped
    m = nw.measures(G)
    text = "\n".join(nw.reading(G, m, "zh"))
    assert "东湖高新区 与 28 个单位共担任务" in text and "牵头 3 项、责任 21 项" in text
    assert "中介中心性也最高" in text and "其次是 市经信局" in text
    assert f"形成 {len(m.communities)} 个群组" in text
    assert "密度 0.38" in text and "1 个连通分量" in text
    en = "\n".join(nw.reading(G, m, "en", name=dict(zip(G.nodes, [G.nodes[u]["name_en"] for u in G])).get))
    assert "**Hub**: East Lake High-tech Development Zone" in en


# ---------- the drawing ----------

def _label_boxes(fig, pos) -> list[tuple[float, float, float, float]]:
    """Each name label's box in px, as the builder estimates text size (centre, shift or leader offset)."""
    ppu = px_per_unit(pos, fig.layout.height)
    boxes = []
    for a in fig.layout.annotations:
        w, h = text_size(a.text, fig.layout.font.size - 1)
        dx, dy = (a.ax, -a.ay) if a.showarrow else (a.xshift or 0, a.yshift or 0)
        cx, cy = a.x * ppu + dx, a.y * ppu + dy
        boxes.append((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2))
    return boxes


def _overlap(a, b) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def _node_traces(fig):
    return [tr for tr in fig.data if tr.legend == "legend"]


def _figure(G, lang="zh", **kw):
    m = nw.measures(G)
    return network_figure(G, nw.layout(G), nw.node_table(G, m), lang, **kw)


def test_figure_batches_edges_and_groups_nodes(shipped):
    _, _, G = shipped
    fig = _figure(G)
    assert all(tr.type == "scatter" for tr in fig.data)
    lines = [tr for tr in fig.data if tr.mode == "lines"]
    weights = {w for *_, w in G.edges(data="weight")}
    buckets = {i for i, (lo, hi) in enumerate(EDGE_BUCKETS) for w in weights if lo <= w <= (hi or w)}
    assert len(lines) == len(buckets) < G.number_of_edges()
    assert sum(list(tr.x).count(None) for tr in lines) == G.number_of_edges()
    nodes = _node_traces(fig)
    assert sorted(tr.name for tr in nodes) == sorted(["政府部门", "党委部门", "区/开发区", "其他"])
    assert sum(len(tr.x) for tr in nodes) == 29
    labels = [a.text for a in fig.layout.annotations]
    assert len(labels) == 12 and "东湖高新区" in labels
    boxes = _label_boxes(fig, nw.layout(G))
    assert not any(_overlap(a, b) > 0 for a, b in combinations(boxes, 2))
    hover = " ".join(h for tr in nodes for h in tr.hovertext)
    assert "武汉东湖新技术开发区" in hover


def test_figure_by_community_and_directed(shipped):
    _, view, G = shipped
    m = nw.measures(G)
    D = nw.lead_support_graph(view.assignments, view.units)
    fig = network_figure(D, nw.layout(G), nw.node_table(D, m), "zh", color_by="community", size_by="betweenness")
    names = [tr.name for tr in _node_traces(fig)]
    assert names == [f"群组 {i} ({len(c)})" for i, c in enumerate(m.communities, start=1)]
    arrows = [tr for tr in fig.data if tr.mode == "markers" and tr.marker.symbol == "arrow"]
    assert sum(len(tr.x) for tr in arrows) == D.number_of_edges()
    edge_hover = next(tr for tr in fig.data if tr.hovertext and "牵头、" in tr.hovertext[0])
    assert any("市发改委 牵头、东湖高新区 责任：5 项任务" == h for h in edge_hover.hovertext)


def test_figure_english_shows_english_names_chinese_on_hover(shipped):
    _, _, G = shipped
    fig = _figure(G, "en")
    nodes = _node_traces(fig)
    assert {"Government", "Party", "District / zone", "Other"} == {tr.name for tr in nodes}
    labels = " ".join(a.text for a in fig.layout.annotations)
    assert "East Lake High-tech" in labels and "东湖高新区" not in labels
    hover = " ".join(h for tr in nodes for h in tr.hovertext)
    assert "Chinese name: 东湖高新区" in hover


def test_figure_escapes_hostile_names():
    a = pd.DataFrame({"task_id": ["1", "1"], "section": 1, "unit": [HOSTILE, "乙局"], "role": ["lead", "support"],
                      "category": "government"})
    units = pd.DataFrame({"unit": [HOSTILE, "乙局"], "full_name": [HOSTILE, "乙局"], "name_en": [HOSTILE, "B"],
                          "category": "government"})
    G = nw.shared_task_graph(a, units)
    spec = _figure(G).to_json()
    assert "<img" not in spec and "&lt;img src=x onerror=alert(1)&gt;" in spec
    text = "\n".join(nw.reading(G, nw.measures(G), "zh"))
    assert "\\<img" in text and text.count("<img") == text.count("\\<img")
    assert "中介中心性" not in text  # two units: nobody stands between others


def test_empty_and_single_node_graphs():
    empty = nx.Graph()
    m = nw.measures(empty)
    assert m.nodes.empty and m.components == 0
    assert nw.layout(empty) == {}
    one = nx.Graph()
    one.add_node("甲局")
    assert nw.layout(one) == {"甲局": (0.0, 0.0)}
    assert nw.measures(one).nodes.at["甲局", "degree"] == 0


# ---------- 100× the document ----------

@pytest.fixture(scope="module")
def big(tmp_path_factory):
    from bench.generate import generate, write

    folder = write(generate(100), tmp_path_factory.mktemp("scale100"))
    ds = load_dataset(folder).dataset
    view = apply_filters(ds, Filters())
    return ds, nw.shared_task_graph(view.assignments, view.units)


def test_100x_stays_readable(big):
    ds, G = big
    assert len(ds.tasks) == 2400 and G.number_of_nodes() > 200
    m = nw.measures(G)
    assert m.betweenness_k == nw.SAMPLE_K  # sampled above SAMPLE_ABOVE nodes, and says so
    assert any("抽样" in line for line in nw.reading(G, m, "zh"))
    w = nw.auto_min_weight(G, 1)
    drawn = nw.with_min_weight(G, w)
    assert G.number_of_edges() > nw.MAX_EDGES >= drawn.number_of_edges()
    pos = nw.layout(G)
    fig = network_figure(drawn, pos, nw.node_table(G, m), "zh")
    lines = [tr for tr in fig.data if tr.mode == "lines"]
    assert len(lines) <= len(EDGE_BUCKETS)
    assert len(fig.layout.annotations) == 12
    # no two labels cover each other
    boxes = _label_boxes(fig, pos)
    assert not any(_overlap(a, b) > 0 for a, b in combinations(boxes, 2))
    # sampled betweenness is seeded: the same numbers twice
    pd.testing.assert_series_equal(m.nodes["betweenness"], nw.measures(G).nodes["betweenness"])


# ---------- the page ----------

def _spec(at) -> dict:
    charts = at.get("plotly_chart")
    assert charts, "no chart on the page"
    return json.loads(charts[0].proto.spec)


def _metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_page_renders_the_network():
    at = run_app("network")
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "协同网络"
    spec = _spec(at)
    assert {tr["type"] for tr in spec["data"]} == {"scatter"}
    assert _metric(at, "单位（节点）") == "29"
    assert _metric(at, "协同关系（连线）") == "153"
    assert _metric(at, "连通分量") == "1"
    md = " ".join(m.value for m in at.markdown)
    assert "**枢纽**：东湖高新区" in md
    assert at.checkbox(key="nw_collective").value is False


def test_page_area_filter_by_widget_changes_node_count():
    at = run_app("network")
    at.multiselect(key="f_section").set_value([2]).run()
    assert not at.exception
    in_area = {u for r in _csv_tasks() if r["section"] == 2 for u in r["lead"] + r["support"]}
    assert _metric(at, "单位（节点）") == str(len(in_area))
    assert len(in_area) < 29


def test_page_area_filter_from_url_changes_node_count():
    at = run_app("network", params={"section": "2"})
    assert not at.exception
    in_area = {u for r in _csv_tasks() if r["section"] == 2 for u in r["lead"] + r["support"]}
    assert _metric(at, "单位（节点）") == str(len(in_area))


def test_page_ego_shows_partners_table():
    at = run_app("network")
    at.selectbox(key="nw_ego").set_value("市经信局").run()
    assert not at.exception
    frames = [d.value for d in at.dataframe]
    ego = next(f for f in frames if "合作单位" in f.columns)
    assert len(ego) == 23
    first = ego.iloc[0]
    assert first["合作单位"] == "东湖高新区" and first["共担任务数"] == 14 and first["本单位牵头"] == 4
    assert any("市经信局 在当前范围内承担 14 项任务" in c.value for c in at.caption)


def test_page_controls_directed_community_and_min_weight():
    at = run_app("network")
    at.toggle(key="nw_directed").set_value(True).run()
    at.selectbox(key="nw_size").set_value("betweenness").run()
    at.slider(key="nw_min_weight").set_value(3).run()
    assert not at.exception
    spec = _spec(at)
    assert any(tr.get("marker", {}).get("symbol") == "arrow" for tr in spec["data"])
    assert any("未画出" in c.value for c in at.caption)
    assert _metric(at, "协同关系（连线）") == "65"  # lead → support pairs


def test_page_in_english():
    at = run_app("network", params={"lang": "en"})
    assert not at.exception
    assert at.title[0].value == "Collaboration network"
    spec = json.dumps(_spec(at), ensure_ascii=False)
    assert "East Lake High-tech" in spec and "Government" in spec
    assert _metric(at, "Units (nodes)") == "29"
    md = " ".join(m.value for m in at.markdown)
    assert "**Hub**: East Lake High-tech Development Zone" in md
    frames = [d.value for d in at.dataframe]
    assert any("Partner" in f.columns for f in frames)
    assert any("Betweenness" in f.columns for f in frames)
