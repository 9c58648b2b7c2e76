"""Files for meetings and research: safe CSV and Excel, Parquet, the view's research tables, network files (GraphML,
GEXF), the ledger workbook, and the downloads' names. The briefing's HTML and PPTX are lib/briefing.py's.

Every text cell a spreadsheet opens goes through lib.textsafe.neutralise_cell (re-exported here)."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping

import pandas as pd

from lib.textsafe import neutralise_cell, restore_cell  # noqa: F401 (restore_cell re-exported beside it)
from lib.transforms import DEFAULT_LEAD_WEIGHT
from lib.vocabulary import SEP


def _flat(value):
    """Unit lists (tuples in the dataset) as the document writes them, joined with 、."""
    if isinstance(value, (tuple, list, set, frozenset)):
        return SEP.join(str(v) for v in value)
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell (and column name) neutralised; list cells joined with 、 first."""
    out = df.copy()
    out.columns = [neutralise_cell(str(c)) for c in out.columns]
    for i in range(out.shape[1]):
        col = out.iloc[:, i]
        if col.dtype == object or pd.api.types.is_string_dtype(col):
            out.isetitem(i, col.map(lambda v: neutralise_cell(_flat(v))))
    return out


def csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV as UTF-8 with BOM (Excel on Chinese Windows opens it correctly), formula cells neutralised.

    Lines end in CRLF (RFC 4180): the csv module then quotes a cell holding a lone CR, which would otherwise
    split the row when read back.
    """
    return safe_frame(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


# Excel refuses these in sheet names; it also caps them at 31 characters and compares them case-insensitively.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_SHEET_MAX = 31


def sheet_name(name, taken: set[str] | None = None) -> str:
    """A name Excel accepts: forbidden characters replaced, at most 31 characters, unique among taken."""
    base = _SHEET_FORBIDDEN.sub("_", str(name)).strip().strip("'").strip() or "Sheet"
    if base.lower() == "history":  # reserved by Excel
        base = "History_"
    base = base[:_SHEET_MAX]
    taken_lower = {t.lower() for t in (taken or set())}
    candidate, n = base, 1
    while candidate.lower() in taken_lower:
        n += 1
        suffix = f" ({n})"
        candidate = base[: _SHEET_MAX - len(suffix)] + suffix
    return candidate


def _excel_value(value):
    """A cell value openpyxl writes as itself: text neutralised and stripped of characters XML forbids."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = _flat(value)
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:  # NaN
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, pd.Timestamp):
        return value.tz_localize(None).to_pydatetime() if value.tzinfo else value.to_pydatetime()
    if isinstance(value, (pd.Timedelta, pd.Period, pd.Interval)):
        value = str(value)
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        value = value.item()
    if isinstance(value, (bool, int, float)) or hasattr(value, "isoformat"):
        return value
    # Excel cells hold at most 32,767 characters.
    return ILLEGAL_CHARACTERS_RE.sub("", neutralise_cell(str(value)))[:32767]


def excel_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """An .xlsx workbook with one sheet per table: text cells neutralised and stored as text, numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    for name, df in (sheets or {}).items():
        title = sheet_name(name, taken)
        taken.add(title)
        ws = wb.create_sheet(title)
        header = [_excel_value(neutralise_cell(str(c))) for c in df.columns]
        ws.append(header)
        for row in df.itertuples(index=False, name=None):
            ws.append([_excel_value(v) for v in row])
        # Text is stored as text, never as a formula, whatever it starts with.
        for cells in ws.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
        for i, col in enumerate(header, start=1):
            width = max([len(str(col or ""))] + [len(str(v)) for v in df.iloc[:200, i - 1].map(_flat)] or [8])
            ws.column_dimensions[get_column_letter(i)].width = min(60, max(8, width + 2))
        ws.freeze_panes = "A2"
    if not wb.worksheets:
        wb.create_sheet("Sheet")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------- data exports for the current filters (tables, Parquet, zips, network files) ----------

EXPORT_TABLES = ("tasks", "assignments", "units", "unit_area", "network", "edges", "phases")
# XML 1.0 refuses these characters; GraphML and GEXF would not open with one in a unit name.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FILE_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def file_stem(kind: str, day=None) -> str:
    """A download's name without extension: 中文-english-<date>, e.g. 工作量-workload-2026-11-27."""
    from lib.i18n import STRINGS
    from lib.transforms import today

    day = day or today()
    stamp = day if isinstance(day, str) else f"{day:%Y-%m-%d}"
    zh, en = STRINGS.get(f"fn_{kind}", (None, kind))
    name = f"{zh}-{en}-{stamp}" if zh else f"{en}-{stamp}"
    return _FILE_UNSAFE.sub("_", name)


def _joined(df: pd.DataFrame) -> pd.DataFrame:
    """Unit lists (tuples) joined with 、 as the document writes them, so every format holds the same text."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object and out[col].map(lambda v: isinstance(v, (tuple, list))).any():
            out[col] = out[col].map(_flat).astype("str")
    return out


def export_graph(view, *, include_collective: bool = False):
    """The view's shared-task network for Gephi / UCINET: nodes carry label, name, full_name, name_en, category,
    lead, support, community and the centralities; edges carry weight (shared tasks) and tasks ('1.1、2.3')."""
    import networkx as nx

    from lib import network

    shared = network.shared_task_graph(view.assignments, view.units, include_collective=include_collective)
    nodes = network.node_table(shared, network.measures(shared)).set_index("unit").to_dict("index")
    G = nx.Graph()
    clean = {u: _XML_ILLEGAL.sub("", str(u)) for u in shared.nodes}
    for u in sorted(shared.nodes):
        row = nodes[u]  # a dict: 20,000 DataFrame.loc lookups would take seconds
        attrs = {"label": clean[u], "name": clean[u]}
        for col in ("full_name", "name_en", "category"):
            attrs[col] = _XML_ILLEGAL.sub("", str(row[col]))
        for col in ("lead", "support", "community", "degree", "weighted_degree"):
            attrs[col] = int(row[col])
        for col in ("betweenness", "eigenvector", "closeness"):
            attrs[col] = float(row[col])
        G.add_node(clean[u], **attrs)
    for u, v, d in sorted(shared.edges(data=True)):
        G.add_edge(clean[u], clean[v], weight=int(d["weight"]), tasks=SEP.join(d.get("tasks", ())))
    return G


def graphml_bytes(G) -> bytes:
    """The graph as GraphML (UTF-8): typed node and edge attributes, readable by Gephi, UCINET, igraph, networkx."""
    import networkx as nx

    return "\n".join(nx.generate_graphml(G, encoding="utf-8", prettyprint=True)).encode("utf-8")


def gexf_bytes(G) -> bytes:
    """The graph as GEXF 1.2 (UTF-8), Gephi's own format; node labels are the unit names."""
    import networkx as nx

    buf = io.BytesIO()
    nx.write_gexf(G, buf, encoding="utf-8", prettyprint=True, version="1.2draft")
    return buf.getvalue()


def export_tables(ds, view, *, lead_weight: float = DEFAULT_LEAD_WEIGHT, include_collective: bool = False
                  ) -> dict[str, pd.DataFrame]:
    """The view as research tables (column names as in the data files), in EXPORT_TABLES order:

    tasks; assignments (one row per task and unit); units with lead, support, total, weighted load and rank;
    unit_area (tasks per unit and area, area_<n> columns); network (measures per unit); edges (pairs sharing tasks,
    weight and task ids); phases (the plan's phases and milestones: not filtered, they belong to the whole plan).
    """
    from lib import transforms

    tasks = _joined(view.tasks.drop(columns=["order", "_row"], errors="ignore"))
    assignments = view.assignments[[c for c in ("task_id", "section", "unit", "role", "category", "full_name",
                                                "name_en") if c in view.assignments.columns]]
    units = transforms.workload(view.assignments, view.units, lead_weight=lead_weight)
    units = units[["rank", "unit", "full_name", "name_en", "category", "lead", "support", "total", "weighted"]]
    by_area = transforms.unit_by_section(view)
    if by_area.empty:
        unit_area = pd.DataFrame(columns=["unit", "total"])
    else:
        unit_area = by_area.rename(columns={s: f"area_{s}" for s in by_area.columns})
        unit_area = unit_area.assign(total=unit_area.sum(axis=1)).rename_axis("unit").reset_index()
    G = export_graph(view, include_collective=include_collective)
    node_cols = ["unit", "full_name", "name_en", "category", "lead", "support", "degree", "weighted_degree",
                 "betweenness", "eigenvector", "closeness", "community"]
    network = pd.DataFrame([{"unit": u, **{c: d[c] for c in node_cols[1:]}} for u, d in G.nodes(data=True)],
                           columns=node_cols)
    network = network.sort_values(["weighted_degree", "degree", "unit"], ascending=[False, False, True],
                                  kind="stable").reset_index(drop=True)
    edges = pd.DataFrame([{"source": u, "target": v, "weight": d["weight"], "tasks": d["tasks"]}
                          for u, v, d in G.edges(data=True)], columns=["source", "target", "weight", "tasks"])
    phases = ds.phases.copy()
    out = {"tasks": tasks, "assignments": assignments, "units": units, "unit_area": unit_area,
           "network": network, "edges": edges, "phases": phases}
    return {name: df.reset_index(drop=True) for name, df in out.items()}


def _zip_tables(tables: Mapping[str, pd.DataFrame], ext: str, to_bytes, compression: int) -> bytes:
    """A zip holding one file per table, named <table>.<ext>."""
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, df in tables.items():
            zf.writestr(f"{name}.{ext}", to_bytes(df))
    return buf.getvalue()


def csv_zip_bytes(tables: Mapping[str, pd.DataFrame]) -> bytes:
    """A zip of one CSV per table (csv_bytes: UTF-8 with BOM, formula cells neutralised)."""
    import zipfile

    return _zip_tables(tables, "csv", csv_bytes, zipfile.ZIP_DEFLATED)


def parquet_bytes(df: pd.DataFrame) -> bytes:
    """One table as Parquet (pyarrow, zstd): types kept, text as written (not neutralised: no spreadsheet runs it)."""
    buf = io.BytesIO()
    df.to_parquet(buf, engine="pyarrow", index=False, compression="zstd")
    return buf.getvalue()


def parquet_zip_bytes(tables: Mapping[str, pd.DataFrame]) -> bytes:
    """A zip of one .parquet file per table (Parquet is compressed already: stored, not deflated)."""
    import zipfile

    return _zip_tables(tables, "parquet", parquet_bytes, zipfile.ZIP_STORED)


def ledger_excel(ds, updates: pd.DataFrame, reports: pd.DataFrame, progress, lang: str = "zh") -> bytes:
    """The progress ledger as one workbook: task status on the day, every update, every milestone report, reports
    per milestone and the lead-unit ranking (lib.ledger.display.ledger_sheets), neutralised like every export."""
    from lib.ledger.display import ledger_sheets

    return excel_bytes(ledger_sheets(ds, updates, reports, progress, lang))
