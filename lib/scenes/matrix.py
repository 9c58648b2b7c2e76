"""责任矩阵 Responsibility matrix: the figure (per task, or per area when tasks are many), its tables, a task's
detail."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from lib import transforms
from lib.charts.base import frozen
from lib.charts.matrix import MAX_LABEL_CHARS, area_heatmap, area_label, matrix_figure, section_label_full
from lib.charts.matrix import clicked_task as clicked_task  # for views/matrix.py, which reads charts through scenes
from lib.data import Dataset
from lib.i18n import role_label, t
from lib.scenes.common import arrow, namer
from lib.scenes.defaults import MATRIX_MAX_TASKS, MATRIX_MAX_UNITS, MATRIX_TOP_UNITS
from lib.textsafe import md_escape, short_name
from lib.theme import BASE_FONT_SIZE
from lib.transforms import View, section_titles


@dataclass
class MatrixChart:
    """The responsibility matrix as drawn: one column per task, or units × areas counts when tasks are many."""

    fig: go.Figure
    cells: pd.DataFrame | None  # units × task ids: 'lead' / 'support' / ''; None when summed per area
    summary: bool  # True: units × areas (more than MATRIX_MAX_TASKS tasks)


def matrix_chart(view: View, lang: str = "zh", *, sort: str = "load",
                 font_size: int = BASE_FONT_SIZE) -> MatrixChart:
    """The matrix page's figure for the units of `view`: per task, or per area above MATRIX_MAX_TASKS tasks."""
    if len(view.tasks) > MATRIX_MAX_TASKS:
        lead, support = transforms.section_roles(view, sort)
        fig = area_heatmap(lead, support, view.units, section_titles(view.tasks), lang, font_size=font_size)
        return MatrixChart(fig, None, True)
    cells = transforms.matrix_frame(view, sort)
    return MatrixChart(matrix_figure(cells, view.tasks, view.units, lang, sort=sort, font_size=font_size), cells,
                       False)


def default_top(n_units: int) -> int | None:
    """How many units the matrix shows unless the reader says otherwise: the most-loaded MATRIX_TOP_UNITS above
    MATRIX_MAX_UNITS, else every unit (None)."""
    return MATRIX_TOP_UNITS if n_units > MATRIX_MAX_UNITS else None


def top_view(view: View, top_n: int | None) -> View:
    """The view with only its `top_n` most-loaded units (all of them when None), as the matrix draws it."""
    if top_n is None:
        return view
    return transforms.restrict_units(view, transforms.order_units(view, "load")[:top_n])


def matrix_font_size(rows: int, height: int, font_size: int = BASE_FONT_SIZE, smallest: int = 9) -> int:
    """The largest font, at most `font_size`, at which `rows` matrix rows fit a figure `height` px tall with every
    unit's label shown (plotly drops every other label when a line is taller than its row).

    The matrix builder puts about 4 × font + 68 px of area headers, legend and margins above and below the cells.
    """
    for fs in range(font_size, smallest - 1, -1):
        if (fs - 1) * 1.35 <= (height - 4 * fs - 68) / max(rows, 1):
            return fs
    return smallest


@dataclass(frozen=True)
class Matrix:
    chart: MatrixChart  # .fig frozen
    export: pd.DataFrame | None  # the matrix as a CSV table (None when summed per area)
    titles_line: str  # the areas' full titles, which the column headers abbreviate ("" above 12 areas)
    area_table: object  # Arrow: units × areas counts with a total
    area_rows: int
    area_help: dict  # column label → the area's full title
    task_ids: tuple[str, ...]
    titles: dict  # task id → title


def matrix(view: View, lang: str, sort: str, top_n: int | None, font_size: int) -> Matrix:
    """The responsibility matrix of the view (of its `top_n` most-loaded units when set) and its tables."""
    shown = top_view(view, top_n)
    chart = matrix_chart(shown, lang, sort=sort, font_size=font_size)
    chart = MatrixChart(frozen(chart.fig), chart.cells, chart.summary)
    name = namer(view, lang)
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
    counts.insert(0, "_unit", [short_name(name(u), MAX_LABEL_CHARS) for u in counts.index])
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
    deadline: str = ""  # 完成时限 as the document writes it, with its date where it is one; "" when not given


def task_detail(ds: Dataset, task_id: str, lang: str) -> TaskDetail:
    """One task's text and every unit on it, leads first."""
    task = ds.tasks.set_index("task_id").loc[task_id]
    members = transforms.task_units(ds, task_id)
    table = members.assign(role=[role_label(r, lang) for r in members["role"]])
    table = table[["role", "unit", "full_name"] if lang != "en" else ["role", "name_en", "unit"]]
    table.columns = [t("filter_role", lang), t("unit", lang), t("full_name" if lang != "en" else "mx_name_zh", lang)]
    when = str(task.get("deadline_text", "") or "")
    dated = task.get("deadline")
    if dated is not None and not pd.isna(dated) and dated.strftime("%Y-%m-%d") != when:
        when = f"{when}（{dated:%Y-%m-%d}）" if when else f"{dated:%Y-%m-%d}"
    return TaskDetail(task["title"], int(task["section"]), task["section_title"], task["description"],
                      tuple(members.loc[members["also_support"], "unit"]),
                      tuple(members.loc[members["role"] == "lead", "unit"]), len(table), arrow(table), when)
