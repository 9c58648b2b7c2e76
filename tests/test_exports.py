"""Data exports for the current filters: the tables, Excel, CSV and Parquet zips, GraphML and GEXF read back, file
names, and the 导出 Export page through AppTest."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections import Counter
from itertools import combinations

import networkx as nx
import pandas as pd
import pytest

from lib import exports
from lib.data import load_dataset
from lib.transforms import Filters, View, apply_filters
from tests.browser.payloads import IMG, SCRIPT
from tests.conftest import DATA, ROOT, run_app

HOSTILE = ROOT / "tests" / "fixtures" / "hostile"


@pytest.fixture(scope="module")
def shipped():
    ds = load_dataset(DATA).dataset
    return ds, apply_filters(ds, Filters())


@pytest.fixture(scope="module")
def tables(shipped):
    ds, view = shipped
    return exports.export_tables(ds, view)


def _shared_counts() -> Counter:
    """Pair → tasks both units are on, from tasks.csv with the csv module alone (each unit once per task)."""
    with open(DATA / "tasks.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    w = Counter()
    for r in rows:
        units = {u for u in (r["lead_units"] + "、" + r["support_units"]).split("、") if u}
        for pair in combinations(sorted(units), 2):
            w[pair] += 1
    return w


# ---------- file names ----------

def test_file_stem_names_view_and_date():
    day = dt.date(2026, 11, 27)
    assert exports.file_stem("workload", day) == "工作量-workload-2026-11-27"
    assert exports.file_stem("matrix", day) == "责任矩阵-matrix-2026-11-27"
    assert exports.file_stem("briefing", day) == "汇报-briefing-2026-11-27"
    assert exports.file_stem("unknown", day) == "unknown-2026-11-27"
    assert "/" not in exports.file_stem("a/b:c", day)


# ---------- the tables ----------

def test_tables_of_the_whole_plan(tables):
    assert list(tables) == list(exports.EXPORT_TABLES)
    rows = {name: len(df) for name, df in tables.items()}
    assert rows == {"tasks": 24, "assignments": 117, "units": 29, "unit_area": 29, "network": 29,
                    "edges": len(_shared_counts()), "phases": 8}
    a = tables["assignments"]
    assert (a["role"] == "lead").sum() == 24 and (a["role"] == "support").sum() == 93  # 5.2's 市文旅局 once
    units = tables["units"].set_index("unit")
    assert units.loc["东湖高新区", ["lead", "support", "weighted", "rank"]].tolist() == [3, 21, 27, 1]
    area = tables["unit_area"].set_index("unit")
    assert [c for c in area.columns] == [f"area_{s}" for s in range(1, 7)] + ["total"]
    assert int(area["total"].sum()) == 117 and area.loc["东湖高新区", "total"] == 24
    # unit lists as the document writes them
    t11 = tables["tasks"].set_index("task_id").loc["1.1"]
    assert t11["lead_units"] == "市发改委"
    assert t11["support_units"] == "市自然资源和城乡建设局、市政府国资委、市委编办、东湖高新区"


def test_tables_follow_the_filters(shipped):
    ds, _ = shipped
    view = apply_filters(ds, Filters(sections=(2,)))
    tabs = exports.export_tables(ds, view)
    assert len(tabs["tasks"]) == 6 and set(tabs["tasks"]["section"]) == {2}
    assert set(tabs["assignments"]["section"]) == {2}
    assert set(tabs["network"]["unit"]) == set(tabs["assignments"]["unit"])
    assert len(tabs["phases"]) == 8  # phases belong to the whole plan
    role = exports.export_tables(ds, apply_filters(ds, Filters(roles=("lead",))))
    assert set(role["assignments"]["role"]) == {"lead"} and len(role["assignments"]) == 24


# ---------- Excel, CSV, Parquet ----------

def test_excel_has_a_sheet_per_table_with_its_rows(tables):
    book = pd.read_excel(io.BytesIO(exports.excel_bytes(tables)), sheet_name=None)
    assert list(book) == list(exports.EXPORT_TABLES)
    assert {name: len(df) for name, df in book.items()} == {name: len(df) for name, df in tables.items()}
    a = book["assignments"]
    assert len(a) == 117 == (a["role"] == "lead").sum() + (a["role"] == "support").sum()
    assert (a["role"] == "lead").sum() == 24
    assert book["units"].set_index("unit").loc["市经信局", "weighted"] == 18


def test_csv_zip_holds_every_table(tables):
    with zipfile.ZipFile(io.BytesIO(exports.csv_zip_bytes(tables))) as zf:
        assert zf.namelist() == [f"{n}.csv" for n in exports.EXPORT_TABLES]
        raw = zf.read("assignments.csv")
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel on Chinese Windows reads UTF-8
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert len(back) == 117


def test_parquet_reads_back_equal(tables):
    with zipfile.ZipFile(io.BytesIO(exports.parquet_zip_bytes(tables))) as zf:
        assert zf.namelist() == [f"{n}.parquet" for n in exports.EXPORT_TABLES]
        for name, df in tables.items():
            back = pd.read_parquet(io.BytesIO(zf.read(f"{name}.parquet")))
            pd.testing.assert_frame_equal(back, df, check_dtype=False, check_index_type=False)
    assert str(back["start"].dtype).startswith("datetime64")  # phases, the last table: dates stay dates


def test_hostile_text_neutralised_in_csv_and_excel_kept_in_parquet():
    ds = load_dataset(HOSTILE).dataset
    tabs = exports.export_tables(ds, apply_filters(ds, Filters()))
    owners = set(tabs["phases"]["owner"])
    assert any(str(o).startswith("=HYPERLINK") for o in owners)
    with zipfile.ZipFile(io.BytesIO(exports.csv_zip_bytes(tabs))) as zf:
        text = zf.read("phases.csv").decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
    book = pd.read_excel(io.BytesIO(exports.excel_bytes(tabs)), sheet_name="phases")
    assert book["owner"].astype(str).str.startswith("'=").any()
    with zipfile.ZipFile(io.BytesIO(exports.parquet_zip_bytes(tabs))) as zf:
        back = pd.read_parquet(io.BytesIO(zf.read("units.parquet")))
    assert any(u.startswith(IMG) for u in back["unit"])  # Parquet holds the text as written


# ---------- GraphML and GEXF ----------

def _check_graph(G: nx.Graph, expected: nx.Graph) -> None:
    assert set(G.nodes) == set(expected.nodes)
    assert {frozenset(e) for e in G.edges} == {frozenset(e) for e in expected.edges}
    for u, v, d in expected.edges(data=True):
        assert int(float(G[u][v]["weight"])) == d["weight"]
        assert G[u][v]["tasks"] == d["tasks"]


def test_graphml_and_gexf_read_back_with_weights(shipped):
    _, view = shipped
    G = exports.export_graph(view)
    counts = _shared_counts()
    assert G.number_of_nodes() == 29 and G.number_of_edges() == len(counts)
    for (u, v), n in counts.items():
        assert G[u][v]["weight"] == n
    assert G["东湖高新区"]["市经信局"]["weight"] == counts[("东湖高新区", "市经信局")] == 14
    node = G.nodes["东湖高新区"]
    assert node["name"] == "东湖高新区" and node["full_name"] and node["name_en"] and node["category"] == "district"
    for attr in ("community", "degree", "weighted_degree", "betweenness", "eigenvector", "closeness"):
        assert attr in node
    assert node["degree"] == 28

    graphml = nx.read_graphml(io.BytesIO(exports.graphml_bytes(G)))
    _check_graph(graphml, G)
    assert graphml.nodes["东湖高新区"]["betweenness"] == pytest.approx(node["betweenness"])
    assert graphml.nodes["东湖高新区"]["community"] == node["community"]
    gexf = nx.read_gexf(io.BytesIO(exports.gexf_bytes(G)))
    _check_graph(gexf, G)
    assert gexf.nodes["东湖高新区"]["label"] == "东湖高新区"
    assert gexf.nodes["东湖高新区"]["category"] == "district"


def test_network_files_follow_filters(shipped):
    ds, _ = shipped
    G = exports.export_graph(apply_filters(ds, Filters(sections=(2,))))
    assert all(set(d["tasks"].split("、")) <= {f"2.{i}" for i in range(1, 7)} for _, _, d in G.edges(data=True))


def test_network_files_with_hostile_and_control_characters():
    ds = load_dataset(HOSTILE).dataset
    G = exports.export_graph(apply_filters(ds, Filters()))
    back = nx.read_graphml(io.BytesIO(exports.graphml_bytes(G)))
    assert any(SCRIPT in u for u in back.nodes)  # markup kept as text, the XML escaped by the writer
    # a character XML forbids would make the file unreadable: it is dropped
    units = pd.DataFrame({"unit": ["甲\x01局", "乙局"], "full_name": ["甲\x02", "乙"], "name_en": ["A", "B"],
                          "category": ["government", "government"]})
    a = pd.DataFrame({"task_id": ["1.1", "1.1"], "section": [1, 1], "unit": ["甲\x01局", "乙局"],
                      "role": ["lead", "support"]}).merge(units, on="unit")
    view = View(tasks=pd.DataFrame({"task_id": ["1.1"], "section": [1]}), assignments=a, units=units)
    G = exports.export_graph(view)
    for data in (exports.graphml_bytes(G), exports.gexf_bytes(G)):
        assert b"\x01" not in data and b"\x02" not in data
    assert set(nx.read_graphml(io.BytesIO(exports.graphml_bytes(G))).nodes) == {"甲局", "乙局"}


# ---------- the page ----------

EXPORT_KEYS = ("ex_html", "ex_pptx", "ex_excel", "ex_csv_zip", "ex_parquet", "ex_table_csv", "ex_graphml", "ex_gexf")


def _download_keys(at) -> set[str]:
    return {k for b in at.get("download_button") for k in EXPORT_KEYS if b.proto.id.endswith("-" + k)}


def test_export_page_offers_every_download():
    at = run_app("export")
    assert not at.exception and not at.error
    assert at.title[0].value == "导出"
    assert _download_keys(at) == set(EXPORT_KEYS)
    assert "全部任务（未筛选）" in "".join(m.value for m in at.markdown)
    assert len(at.dataframe[0].value) == 24
    at.selectbox(key="ex_table").set_value("assignments").run()
    assert len(at.dataframe[0].value) == 117


def test_export_page_follows_filters():
    at = run_app("export", params={"section": "2"})
    assert not at.exception
    assert len(at.dataframe[0].value) == 6  # tasks of area 二
    options = at.selectbox(key="ex_table").options
    assert options[0].startswith("任务 · tasks.csv · 6 行")
    assert "工作领域：（二）" in "".join(m.value for m in at.markdown)


def test_export_page_in_english():
    at = run_app("export", params={"lang": "en"})
    assert not at.exception
    assert at.title[0].value == "Export"
    labels = {b.proto.label for b in at.get("download_button")}
    assert {"Briefing web page (HTML)", "Briefing slides (PPTX)", "Excel (a sheet per table)"} <= labels
