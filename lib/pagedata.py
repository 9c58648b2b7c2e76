"""What each page shows, built from the plan, the filtered view and the page's options: display tables (as Arrow)
and finished figures. No Streamlit here.

Pages call these through `ui.cached`, so a rerun with nothing changed (a click elsewhere, a page switch and back,
another visitor) reuses them instead of rebuilding: the arguments are the Dataset, the View and plain values, and
everything returned is shared between sessions, so nothing here is changed after it is returned. Tables come as
Arrow, which st.dataframe sends without converting; figures come frozen (lib.charts.base.frozen), which
st.plotly_chart serialises without copying. A keyword argument with a leading underscore is a result the page
already has (ui.cached passes it without keying on it): it must follow from the other arguments.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from lib import briefing, network, transforms
from lib.charts.base import frozen
from lib.charts.matrix import area_label, first_clause, section_label_full, short
from lib.charts.profile import partner_bars, rank_figure
from lib.charts.timeline import hidden_rows, timeline_figure, timeline_table, today_status
from lib.charts.workload import category_bars, workload_bars
from lib.data import Dataset
from lib.i18n import category_label, role_label, t
from lib.textsafe import md_escape, short_name
from lib.transforms import View, section_label


def arrow(df: pd.DataFrame):
    """The frame as a pyarrow Table for st.dataframe (which would otherwise convert a pandas frame on every rerun).
    The index is dropped: tables here are shown with hide_index=True. A frame Arrow cannot type stays as it is."""
    import pyarrow as pa

    try:
        return pa.Table.from_pandas(df, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return df


def _namer(view: View, lang: str):
    """A unit's name as shown: the short Chinese name, or the English name in English."""
    if lang != "en":
        return str
    names_en = dict(zip(view.units["unit"], view.units["name_en"]))
    return lambda u: names_en.get(u, u)


# ---------- overview ----------

@dataclass(frozen=True)
class Overview:
    counts: dict
    today: tuple[str, str]  # (state, sentence), lib.charts.timeline.today_status
    top_chart: go.Figure | None  # None when the filters leave nothing
    by_section: object | None  # Arrow table: area, tasks, lead, support
    count_columns: tuple[str, ...]
    hidden_ties: int = 0  # units tied with the 10th that the chart leaves out (OVERVIEW_MAX_BARS)


OVERVIEW_MAX_BARS = 30  # ties at the 10th are kept up to here: one task of 20,000 units ties 19,990 of them


def overview(ds: Dataset, view: View, lang: str, today, font_size: int) -> Overview:
    """Headline counts, where today falls, the ten most-loaded units (ties at 10th kept) and tasks per area."""
    counts = transforms.overview_counts(view, ds)
    status = today_status(ds.phases, today, lang)
    if view.assignments.empty:
        return Overview(counts, status, None, None, ())
    by_sec = transforms.tasks_by_section(view)
    # the first clause of each heading keeps the table narrow enough for its counts to show
    by_sec.insert(0, t("section", lang), [section_label(s, first_clause(title)) for s, title in
                                           zip(by_sec["section"], by_sec["section_title"])])
    names = {"tasks": t("ov_tasks", lang), "lead": t("role_lead", lang), "support": t("role_support", lang)}
    # ranked by weighted load (the workload page's default), bars drawn to the same measure
    wl = transforms.head_with_ties(transforms.workload(view.assignments, view.units), 10, "weighted")
    hidden = max(0, len(wl) - OVERVIEW_MAX_BARS)
    wl = wl.head(OVERVIEW_MAX_BARS)
    return Overview(counts, status, frozen(workload_bars(wl, lang, weighted=True, font_size=font_size)),
                    arrow(by_sec.drop(columns=["section", "section_title"]).rename(columns=names)),
                    tuple(names.values()), hidden_ties=hidden)


def notes_table(ds: Dataset, lang: str, *, _problems: list):
    """The plan's data notes (`_problems`, the warnings it loaded with) as a table: file, row, column, sentence."""
    return arrow(pd.DataFrame({
        t("ov_note_file", lang): [p.file for p in _problems],
        t("ov_note_row", lang): pd.array([p.row for p in _problems], dtype="Int64"),
        t("ov_note_column", lang): [p.column or "" for p in _problems],
        t("ov_note_text", lang): [p.message(lang) for p in _problems]}))


# ---------- workload ----------

@dataclass(frozen=True)
class Workload:
    wl: pd.DataFrame  # transforms.workload, in the order chosen
    conc: dict  # transforms.concentration
    total_weighted: float
    cat_table: object  # Arrow
    table: pd.DataFrame  # the numbers as shown, for the CSV
    table_arrow: object


def workload(view: View, lang: str, lead_weight: float, measure: str) -> Workload:
    """Load per unit (ordered by weighted load or by task count), its concentration, and the tables as shown."""
    wl = transforms.workload(view.assignments, view.units, lead_weight=lead_weight)
    wl = transforms.workload_sorted(wl, "weighted" if measure == "weighted" else "total")
    by_cat = transforms.workload_by_category(wl)
    cat_table = by_cat.assign(category=[category_label(c, lang) for c in by_cat["category"]])[
        ["category", "units", "lead", "support", "total", "weighted"]]
    cat_table.columns = [t("category", lang), t("wl_units_col", lang), t("lead_count", lang),
                         t("support_count", lang), t("total_count", lang), t("weighted_load", lang)]
    name = _namer(view, lang)
    table = wl.assign(
        rank=range(1, len(wl) + 1),
        name=[name(u) for u in wl["unit"]],
        category=[category_label(c, lang) for c in wl["category"]],
    )[["rank", "name", "category", "lead", "support", "total", "weighted", "full_name"]]
    table.columns = [t("wl_rank", lang), t("unit", lang), t("category", lang), t("lead_count", lang),
                     t("support_count", lang), t("total_count", lang), t("weighted_load", lang), t("full_name", lang)]
    return Workload(wl, transforms.concentration(wl), float(wl["weighted"].sum()), arrow(cat_table), table,
                    arrow(table))


def workload_charts(view: View, lang: str, lead_weight: float, measure: str, top: int | None, font_size: int, *,
                    _wl: pd.DataFrame) -> tuple[go.Figure, go.Figure]:
    """The bars per unit (the heaviest `top` when set) and per unit category; `_wl` is workload(...).wl."""
    wl = _wl
    return (frozen(workload_bars(wl, lang, top=top, weighted=measure == "weighted", lead_weight=lead_weight,
                                 font_size=font_size)),
            frozen(category_bars(transforms.workload_by_category(wl), lang, font_size=font_size)))


# ---------- matrix ----------

@dataclass(frozen=True)
class Matrix:
    chart: briefing.MatrixChart  # .fig frozen
    export: pd.DataFrame | None  # the matrix as a CSV table (None when summed per area)
    titles_line: str  # the areas' full titles, which the column headers abbreviate ("" above 12 areas)
    area_table: object  # Arrow: units × areas counts with a total
    area_rows: int
    area_help: dict  # column label → the area's full title
    task_ids: tuple[str, ...]
    titles: dict  # task id → title


def matrix(view: View, lang: str, sort: str, top_n: int | None, font_size: int) -> Matrix:
    """The responsibility matrix of the view (of its `top_n` most-loaded units when set) and its tables."""
    shown = view
    if top_n is not None:
        shown = transforms.restrict_units(view, transforms.order_units(view, "load")[:top_n])
    chart = briefing.matrix_chart(shown, lang, sort=sort, font_size=font_size)  # the briefing draws the same
    chart = briefing.MatrixChart(frozen(chart.fig), chart.cells, chart.summary)
    name = _namer(view, lang)
    export = None
    if not chart.summary:  # one row per unit, 牵头 / 责任 in the task columns
        export = chart.cells.map(lambda r: role_label(r, lang) if r else "")
        export.insert(0, t("unit", lang), [name(u) for u in export.index])
    section_names = transforms.section_titles(view.tasks)
    titles_line = ("　".join(md_escape(section_label_full(s, title, lang)) for s, title in section_names.items())
                   if len(section_names) <= 12 else "")
    counts = transforms.unit_by_section(shown)
    sections = [int(s) for s in counts.columns]
    counts = counts.assign(_total=counts.sum(axis=1))
    counts.insert(0, "_unit", [short(name(u)) for u in counts.index])
    columns = {"_unit": t("unit", lang), "_total": t("total_count", lang),
               **{s: area_label(s, lang) for s in sections}}
    area_help = {area_label(s, lang): md_escape(section_label_full(s, section_names.get(s, ""), lang))
                 for s in sections}
    return Matrix(chart, export, titles_line, arrow(counts.rename(columns=columns)), len(counts), area_help,
                  tuple(view.tasks["task_id"]), dict(zip(view.tasks["task_id"], view.tasks["title"])))


@dataclass(frozen=True)
class TaskDetail:
    title: str
    section: int
    section_title: str
    description: str
    overlaps: tuple[str, ...]  # leads the document also lists as support (the 5.2 case)
    leads: tuple[str, ...]
    rows: int
    table: object  # Arrow: role, unit, full name (English: role, English name, Chinese name)


def task_detail(ds: Dataset, task_id: str, lang: str) -> TaskDetail:
    """One task's text and every unit on it, leads first."""
    task = ds.tasks.set_index("task_id").loc[task_id]
    members = transforms.task_units(ds, task_id)
    table = members.assign(role=[role_label(r, lang) for r in members["role"]])
    table = table[["role", "unit", "full_name"] if lang != "en" else ["role", "name_en", "unit"]]
    table.columns = [t("filter_role", lang), t("unit", lang), t("full_name" if lang != "en" else "mx_name_zh", lang)]
    return TaskDetail(task["title"], int(task["section"]), task["section_title"], task["description"],
                      tuple(members.loc[members["also_support"], "unit"]),
                      tuple(members.loc[members["role"] == "lead", "unit"]), len(table), arrow(table))


# ---------- timeline ----------

@dataclass(frozen=True)
class Timeline:
    today: tuple[str, str]
    fig: go.Figure
    table: pd.DataFrame  # for the CSV
    shown: pd.DataFrame  # the same (its first TIMELINE_TABLE_ROWS), escaped and kept on one line, for st.table
    hidden_marks: int = 0  # phases and milestones not drawn (lib.charts.timeline.MAX_ROWS)
    hidden_rows: int = 0  # rows of the table not shown on the page (all are in the CSV)


TIMELINE_TABLE_ROWS = 500  # a static table of a million rows would freeze the tab
TIMELINE_TEXT_CHARS = 1000  # characters of a name, owner or requirement in that table


def _no_break(value) -> str:
    """Table text kept on one line: word joiners between characters, non-breaking hyphens in dates."""
    return "\u2060".join(str(value).replace("-", "\u2011"))


def timeline(ds: Dataset, lang: str, today, font_size: int) -> Timeline:
    """The phases as a Gantt with milestones, issue date and today; the same as a table."""
    fig = timeline_figure(ds.phases, lang, today=today, issued=ds.plan.issued or None, font_size=font_size)
    table = timeline_table(ds.phases, lang)
    # st.table renders cells as Markdown: data text is escaped; type and dates stay on one line
    one_line = [t(k, lang) for k in ("tl_kind", "tl_start", "tl_end")]
    text = [t(k, lang) for k in ("tl_name", "tl_owner", "tl_due")]
    head = table.head(TIMELINE_TABLE_ROWS)
    shown = head.assign(**{c: head[c].map(_no_break) for c in one_line},
                        **{c: head[c].map(lambda v: md_escape(short_name(v, TIMELINE_TEXT_CHARS))) for c in text})
    return Timeline(today_status(ds.phases, today, lang), frozen(fig), table, shown,
                    hidden_marks=hidden_rows(ds.phases), hidden_rows=len(table) - len(head))


# ---------- network ----------

def network_base(view: View, include_collective: bool) -> briefing.NetworkScene:
    """The undirected scene: its measures and layout are the slow part (seconds at 100× the document), done once
    for the undirected and the directed view alike."""
    return briefing.network_scene(view, include_collective=include_collective)


def network_scene(view: View, include_collective: bool, directed: bool, *,
                  _base: briefing.NetworkScene) -> briefing.NetworkScene:
    """The scene as drawn: `_base` (network_base of the same view) itself, or the directed view built on it."""
    if not directed:
        return _base
    return briefing.network_scene(view, include_collective=include_collective, directed=True, base=_base)


@dataclass(frozen=True)
class NetworkChart:
    fig: go.Figure
    min_weight: int  # the minimum weight applied (≥ the one asked for)
    edges_drawn: int


def network_chart(view: View, include_collective: bool, directed: bool, requested: int, size_by: str,
                  color_by: str, label_top: int, lang: str, font_size: int, height: int, *,
                  _scene: briefing.NetworkScene) -> NetworkChart:
    """The network as drawn, edges under `requested` shared tasks hidden (more when it would be too dense);
    `_scene` is network_scene(view, include_collective, directed)."""
    scene = _scene
    fig, min_weight, drawn = scene.chart(lang, requested=requested, size_by=size_by, color_by=color_by,
                                         label_top=label_top, font_size=font_size, height=height)
    return NetworkChart(frozen(fig), min_weight, drawn.number_of_edges())


@dataclass(frozen=True)
class NetworkTables:
    reading: tuple[str, ...]  # Markdown lines
    units: tuple[str, ...]  # the network's units, in the measures table's order
    table: pd.DataFrame  # measures per unit, for the CSV
    table_arrow: object


def network_tables(view: View, include_collective: bool, directed: bool, lang: str, *,
                   _scene: briefing.NetworkScene) -> NetworkTables:
    """The plain-language reading and the measures per unit; `_scene` as for network_chart."""
    scene = _scene
    name = _namer(view, lang)
    lines = network.reading(scene.shared, scene.measures, lang, name=name)
    nodes = scene.nodes
    table = nodes.assign(unit=[name(u) for u in nodes["unit"]],
                         category=[category_label(c, lang) for c in nodes["category"]],
                         )[["unit", "category", *network.CENTRALITIES, "community"]]
    cols = {"unit": t("unit", lang), "category": t("category", lang),
            **{c: t(f"m_{c}", lang) for c in [*network.CENTRALITIES, "community"]}}
    table = table.rename(columns=cols)
    return NetworkTables(tuple(line if line.startswith("  - ") else f"- {line}" for line in lines),
                         tuple(nodes["unit"]), table, arrow(table))


@dataclass(frozen=True)
class EgoTable:
    partners: int
    tasks: int  # tasks of the unit in view
    table: object | None  # Arrow; None when the unit has no partner


def ego_table(ds: Dataset, view: View, unit: str, include_collective: bool, lang: str) -> EgoTable:
    """One unit's partners: shared tasks, who leads whom, the tasks' ids and titles."""
    partners = network.ego_partners(view.assignments, ds.tasks, unit, include_collective=include_collective)
    n_tasks = int((view.assignments["unit"] == unit).sum())
    if partners.empty:
        return EgoTable(0, n_tasks, None)
    name = _namer(view, lang)
    cols = {"unit": "nw_partner", "category": "category", "shared_tasks": "nw_shared",
            "as_lead_with": "nw_as_lead", "under_lead_of": "nw_under_lead", "co_support": "nw_co_support",
            "task_ids": "nw_task_ids", "titles": "nw_titles"}
    table = partners.assign(unit=[name(u) for u in partners["unit"]],
                            category=[category_label(c, lang) for c in partners["category"]],
                            )[list(cols)].rename(columns={c: t(k, lang) for c, k in cols.items()})
    return EgoTable(len(partners), n_tasks, arrow(table))


def has_collective(view: View) -> bool:
    """True when a collective (各区, 各成员单位 …) has a task in view: the network may then include it."""
    return bool((view.assignments["category"] == "collective").any())


# ---------- export ----------

@dataclass(frozen=True)
class ExportTables:
    tables: dict  # name → frame (lib.exports.export_tables), for the files
    previews: dict  # name → Arrow, for the preview table


def export_tables(ds: Dataset, view: View, lead_weight: float) -> ExportTables:
    """The research tables of the view, in either language (network measures take seconds on a large plan)."""
    from lib import exports

    tables = exports.export_tables(ds, view, lead_weight=lead_weight)
    return ExportTables(tables, {name: arrow(df) for name, df in tables.items()})


def export_scope(ds: Dataset, filters: transforms.Filters, lang: str) -> str:
    """The filters applied, as one Markdown line ("" for the whole plan)."""
    return md_escape(("；" if lang != "en" else "; ").join(briefing.filter_lines(ds, filters, lang)))


# ---------- unit profile ----------

@dataclass(frozen=True)
class Profile:
    prof: transforms.UnitProfile
    info: dict  # full_name, category
    tasks: pd.DataFrame  # for the CSV
    tasks_arrow: object
    partners: pd.DataFrame | None  # for the CSV; None when the unit has no partner
    partners_arrow: object | None
    partner_chart: go.Figure | None
    rank_chart: go.Figure


def profile_options(ds: Dataset, sections: tuple[int, ...]) -> tuple[View, tuple[str, ...]]:
    """The plan in the chosen areas (the profile's scope) and the units in it, in units.csv order."""
    scope = transforms.apply_filters(ds, transforms.Filters(sections=sections))
    present = set(scope.assignments["unit"].unique())
    return scope, tuple(u for u in ds.units["unit"] if u in present)


def profile(ds: Dataset, sections: tuple[int, ...], unit: str, lead_weight: float, lang: str, font_size: int,
            max_partner_bars: int, *, _scope: View) -> Profile:
    """One unit's tasks, partners and place in the ranking, within the chosen areas (`_scope`, from
    profile_options)."""
    scope = _scope
    prof = transforms.unit_profile(scope, unit, lead_weight=lead_weight)
    info = ds.units.set_index("unit").loc[unit]
    tasks = prof.tasks
    table = tasks.assign(area=[area_label(int(s), lang) for s in tasks["section"]],
                         role=[role_label(r, lang) for r in tasks["role"]])[["task_id", "area", "title", "role"]]
    table.columns = [t("task_id", lang), t("section", lang), t("title", lang), t("filter_role", lang)]
    partners = prof.partners
    ptable = pchart = None
    if not partners.empty:
        name = _namer(scope, lang)
        ptable = partners.assign(name=[name(u) for u in partners["unit"]])[
            ["name", "shared_tasks", "as_lead_with", "under_lead_of", "co_support", "task_ids"]]
        ptable.columns = [t("unit", lang), t("pf_shared", lang), t("pf_as_lead_with", lang),
                          t("pf_under_lead_of", lang), t("pf_co_support", lang), t("pf_task_ids", lang)]
        pchart = frozen(partner_bars(partners, ds.units, lang, top=max_partner_bars, font_size=font_size))
    return Profile(prof, {"full_name": info["full_name"], "category": info["category"]}, table, arrow(table),
                   ptable, arrow(ptable) if ptable is not None else None, pchart,
                   frozen(rank_figure(prof.ranking, unit, lang, font_size=font_size)))
