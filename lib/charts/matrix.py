"""Responsibility matrix: units × tasks (lead / support / empty), or units × areas counts when tasks are too many."""

from __future__ import annotations

import html
from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go

from lib.charts.base import esc, style
from lib.i18n import category_label, role_label, t
from lib.textsafe import short_name
from lib.theme import BASE_FONT_SIZE, EMPTY_CELL, ROLE_COLORS
from lib.transforms import CN_NUMERALS, ROLE_CODES, section_spans

# Discrete scale for the codes 0 (empty), 1 (support), 2 (lead): each colour fills a third of [0, 1].
ROLE_SCALE = [
    [0.0, EMPTY_CELL], [1 / 3, EMPTY_CELL],
    [1 / 3, ROLE_COLORS["support"]], [2 / 3, ROLE_COLORS["support"]],
    [2 / 3, ROLE_COLORS["lead"]], [1.0, ROLE_COLORS["lead"]],
]
COUNT_SCALE = [[0.0, "#FFFFFF"], [0.001, "#E8ECF1"], [1.0, "#34495E"]]  # neutral: counts are not a role
SEPARATOR = "#5A6068"
MAX_LABEL_CHARS = 38  # longer unit names (English) are shortened on the axis; hover has them whole
PLOT_WIDTH_GUESS = 700  # px of the plot area at 1440 px with the sidebar open; only used to fit area headers


def area_label(section: int, lang: str = "zh") -> str:
    """（二） in Chinese, Area 2 in English: the short name of an area for axes and table columns."""
    if lang == "en":
        return t("mx_area_n", lang, n=section)
    num = CN_NUMERALS[section - 1] if 1 <= section <= len(CN_NUMERALS) else str(section)
    return f"（{num}）"


def row_labels(units: pd.DataFrame, lang: str, limit: int = MAX_LABEL_CHARS) -> list[str]:
    """Escaped, shortened, unique axis labels for units (English names in English)."""
    col = "name_en" if lang == "en" else "unit"
    labels = [esc(short_name(v, limit)) for v in units[col]]  # hovers show the whole name
    seen: dict[str, int] = {}
    out = []
    for lab, unit in zip(labels, units["unit"]):
        seen[lab] = seen.get(lab, 0) + 1
        out.append(lab if seen[lab] == 1 else f"{lab} ({esc(unit)})")  # a category axis merges equal labels
    return out


def unit_attrs(units: pd.DataFrame, order) -> pd.DataFrame:
    """Names and category of the given units, in that order; a unit missing from `units` gets its own name."""
    attrs = units.drop_duplicates("unit").set_index("unit").reindex(list(order))
    attrs["unit"] = attrs.index
    return attrs.fillna({"full_name": attrs["unit"], "name_en": attrs["unit"], "category": "other"})


def unit_hover(rec: dict, lang: str) -> str:
    """Hover lines for a unit: the name as shown, then the Chinese full name (or short name) and category."""
    cat = esc(category_label(rec["category"], lang))
    if lang == "en":
        return f"<b>{esc(rec['name_en'])}</b><br>{esc(rec['full_name'])} · {cat}"
    return f"<b>{esc(rec['full_name'])}</b><br>{esc(rec['unit'])} · {cat}"


def matrix_figure(cells: pd.DataFrame, tasks: pd.DataFrame, units: pd.DataFrame, lang: str = "zh", *,
                  sort: str = "load", font_size: int = BASE_FONT_SIZE) -> go.Figure:
    """Heatmap of roles: rows = cells.index (units), columns = cells.columns (task ids) grouped by area.

    `cells` holds 'lead', 'support' or '' (transforms.matrix_frame); `tasks` the tasks of the columns in the same
    order; `units` the unit attributes. Traces: the heatmap, two legend-only squares (lead, support) and an
    invisible marker per cell that carries the hover text and makes a click select the task.
    """
    task_ids = [str(c) for c in cells.columns]
    columns = [esc(tid) for tid in task_ids]  # a task id is data: plotly reads axis labels as HTML
    tasks = tasks.set_index("task_id").loc[task_ids].reset_index()
    attrs = unit_attrs(units, cells.index)
    labels = row_labels(attrs, lang)

    fig = go.Figure()
    _add_role_heatmap(fig, cells, columns, labels, lang, font_size)
    _add_cell_markers(fig, cells, tasks, attrs, columns, labels, lang, font_size)
    box = _MatrixBox.of(len(labels), font_size)
    _add_area_headers(fig, tasks, lang, font_size, box)
    if sort == "category":
        _add_category_breaks(fig, attrs["category"].tolist())
    _matrix_layout(fig, len(task_ids), len(labels), lang, font_size, box)
    return fig


def _add_role_heatmap(fig: go.Figure, cells: pd.DataFrame, columns: list[str], labels: list[str], lang: str,
                      font_size: int) -> None:
    """The cells coloured by role (0 empty, 1 support, 2 lead), and a legend square per role."""
    z = cells.map(lambda v: ROLE_CODES.get(v, 0)).to_numpy() if len(cells) else []
    fig.add_trace(go.Heatmap(
        z=z, x=columns, y=labels, zmin=0, zmax=2, colorscale=ROLE_SCALE, showscale=False, xgap=2, ygap=2,
        hoverinfo="skip", name="matrix",
    ))
    for role in ("lead", "support"):  # legend only: a heatmap has no legend entries of its own
        fig.add_trace(go.Scatter(
            x=[None], y=[None], mode="markers", name=role_label(role, lang), showlegend=True, hoverinfo="skip",
            marker=dict(symbol="square", size=font_size, color=ROLE_COLORS[role]),
        ))


def _add_cell_markers(fig: go.Figure, cells: pd.DataFrame, tasks: pd.DataFrame, attrs: pd.DataFrame,
                      columns: list[str], labels: list[str], lang: str, font_size: int) -> None:
    """One invisible marker per cell: hover text, and a click selects the task (heatmap clicks do not reach
    st.plotly_chart's on_select, marker clicks do). A cell with a role tells the whole story (task, area, the unit's
    names and category); an empty cell, most of them, reads its task and unit from the axes' labels, with no text
    of its own: the figure stays small enough to resend quickly on every rerun."""
    task_ids = [str(c) for c in cells.columns]
    due = tasks["deadline_text"].fillna("") if "deadline_text" in tasks else [""] * len(tasks)
    task_head = [f"<b>{esc(tid)} {esc(title)}</b><br>{esc(area_label(sec, lang))} {esc(stitle)}"
                 + (f"<br>{esc(t('mx_hover_deadline', lang, d=d))}" if d else "")
                 for tid, title, sec, stitle, d in zip(tasks["task_id"], tasks["title"], tasks["section"],
                                                       tasks["section_title"], due)]
    unit_head = [unit_hover(rec, lang) for rec in attrs.to_dict("records")]
    roles = cells.to_numpy()
    filled = [(i, j) for i in range(len(labels)) for j in range(len(task_ids)) if roles[i, j]]
    empty = [(i, j) for i in range(len(labels)) for j in range(len(task_ids)) if not roles[i, j]]
    marker = dict(symbol="square", size=font_size + 5, color="rgba(0,0,0,0)")
    picked = dict(selected=dict(marker=dict(color="rgba(31,35,40,0.45)")), unselected=dict(marker=dict(opacity=0)))
    fig.add_trace(go.Scatter(
        x=[columns[j] for _, j in filled], y=[labels[i] for i, _ in filled], mode="markers", name="cells",
        showlegend=False, customdata=[task_ids[j] for _, j in filled],
        hovertext=[f"{task_head[j]}<br>{unit_head[i]}<br>{t('mx_hover_role', lang, role=role_label(roles[i, j], lang))}"
                   for i, j in filled],
        hovertemplate="%{hovertext}<extra></extra>", marker=marker, **picked,
    ))
    fig.add_trace(go.Scatter(
        x=[columns[j] for _, j in empty], y=[labels[i] for i, _ in empty], mode="markers", name="empty cells",
        showlegend=False,
        hovertemplate="<b>%{x}</b> · %{y}<br>" + t("mx_hover_role", lang, role=t("mx_no_role", lang))
                      + "<extra></extra>",
        marker=marker, **picked,
    ))


class _MatrixBox(NamedTuple):
    """Pixel sizes of the matrix: the plot (a row per unit), the column labels, area headers and legend above."""

    plot_h: int
    tick_px: int
    header_px: int
    top: int
    height: int

    @classmethod
    def of(cls, n_rows: int, font_size: int) -> _MatrixBox:
        row_px = font_size + 11
        tick_px = font_size + 14
        header_px = 2 * (font_size + 4) + 6
        legend_px = font_size + 16
        top = tick_px + header_px + legend_px + 8
        plot_h = max(row_px * max(n_rows, 1), 120)
        return cls(plot_h, tick_px, header_px, top, plot_h + top + 16)


def _add_area_headers(fig: go.Figure, tasks: pd.DataFrame, lang: str, font_size: int, box: _MatrixBox) -> None:
    """Each area's number (and, when every one fits, its title's first clause) above its columns, with a line
    between areas."""
    spans = section_spans(tasks)
    px_per_col = PLOT_WIDTH_GUESS / max(len(tasks), 1)
    head_px = font_size - 2
    clauses = [first_clause(title) for title in spans["section_title"]]
    # The area's first clause goes under its number only when every one fits its columns: all or none reads calmer.
    with_titles = lang != "en" and all(c and len(c) * head_px <= n * px_per_col - 8
                                       for c, n in zip(clauses, spans["n"]))
    for rec, clause in zip(spans.to_dict("records"), clauses):
        head = area_label(rec["section"], lang)
        if rec["n"] * px_per_col < len(head) * head_px * 0.8:
            head = str(rec["section"])  # too narrow even for （二）: the number alone
        if with_titles:
            head += "<br>" + esc(clause)
        fig.add_annotation(
            x=(rec["first"] + rec["last"]) / 2, y=1, xref="x", yref="paper", yanchor="bottom", yshift=box.tick_px,
            text=head, showarrow=False, hovertext=esc(section_label_full(rec["section"], rec["section_title"], lang)),
            font=dict(size=head_px, color="#1F2328"),
        )
        if rec["first"] > 0:
            fig.add_shape(type="line", x0=rec["first"] - 0.5, x1=rec["first"] - 0.5, xref="x", yref="paper",
                          y0=0, y1=1 + (box.tick_px + box.header_px) / box.plot_h,
                          line=dict(color=SEPARATOR, width=2))


def _add_category_breaks(fig: go.Figure, cats: list[str]) -> None:
    """A line between rows where the unit category changes (rows sorted by category)."""
    for i in range(1, len(cats)):
        if cats[i] != cats[i - 1]:
            fig.add_shape(type="line", y0=i - 0.5, y1=i - 0.5, yref="y", x0=0, x1=1, xref="paper",
                          line=dict(color=SEPARATOR, width=2))


def _matrix_layout(fig: go.Figure, n_cols: int, n_rows: int, lang: str, font_size: int, box: _MatrixBox) -> None:
    """Category axes fixed to the cells, the house style, the legend above the area headers, click to select."""
    # explicit ranges: the marker layer would otherwise pad the autorange and leave a gap around the cells
    fig.update_xaxes(type="category", side="top", tickangle=0 if n_cols <= 30 else -90,
                     range=[-0.5, n_cols - 0.5], autorange=False, tickfont=dict(size=font_size - 2),
                     ticks="", showgrid=False, title=None, fixedrange=True)
    fig.update_yaxes(type="category", range=[n_rows - 0.5, -0.5], autorange=False, automargin=True, ticks="",
                     showgrid=False, title=None, tickfont=dict(size=font_size - 1), fixedrange=True)
    style(fig, height=box.height, font_size=font_size, legend_title=t("legend_role", lang))
    fig.update_layout(
        margin=dict(l=10, r=10, t=box.top, b=10), hovermode="closest", hoverdistance=-1, dragmode=False,
        hoverlabel_align="left",
        legend=dict(y=1 + (box.tick_px + box.header_px + 4) / box.plot_h, yanchor="bottom", x=0, xanchor="left",
                    traceorder="normal"),
        clickmode="event+select",
    )


def clicked_task(point: dict) -> str:
    """The task id of a clicked matrix cell: a cell with a role carries it; an empty one gives its column label."""
    return str(point.get("customdata") or html.unescape(str(point.get("x"))))


def first_clause(title: str) -> str:
    """The words of an area title before its first comma: 创新体制机制 of 创新体制机制,加大支持力度."""
    return str(title).replace("，", ",").split(",")[0].strip()


def section_label_full(section: int, title: str, lang: str) -> str:
    """（二）加强重点突破… ; in English Area 2 followed by the Chinese title."""
    return f"{area_label(section, lang)} {title}".strip()


def area_heatmap(lead: pd.DataFrame, support: pd.DataFrame, units: pd.DataFrame, titles: dict[int, str],
                 lang: str = "zh", *, font_size: int = BASE_FONT_SIZE) -> go.Figure:
    """Units × areas, each cell the number of tasks (lead + support) with both counts in the hover.

    Used instead of the task matrix when there are too many tasks to draw one column each.
    """
    total = lead + support
    attrs = unit_attrs(units, total.index)
    labels = row_labels(attrs, lang)
    sections = [int(s) for s in total.columns]
    many = len(sections) > 12  # then the areas are numbered only, and the cells carry no numbers
    x = [str(s) if many else area_label(s, lang) for s in sections]
    unit_head = [unit_hover(rec, lang) for rec in attrs.to_dict("records")]
    lv, sv, tv = lead.to_numpy(), support.to_numpy(), total.to_numpy()
    hover = [[f"{esc(section_label_full(s, titles.get(s, ''), lang))}<br>{unit_head[i]}<br>"
              f"{t('count', lang)}: {tv[i, j]}（{role_label('lead', lang)} {lv[i, j]} · "
              f"{role_label('support', lang)} {sv[i, j]}）"
              for j, s in enumerate(sections)] for i in range(len(labels))]
    text = [["" if many or not v else str(v) for v in row] for row in tv]
    fig = go.Figure(go.Heatmap(
        z=tv, x=x, y=labels, colorscale=COUNT_SCALE, zmin=0, xgap=1 if many else 2, ygap=2, text=text,
        texttemplate="%{text}", hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
        colorbar=dict(title=dict(text=t("count", lang)), thickness=12, len=0.5, y=1, yanchor="top"),
        name="areas",
    ))
    row_px = font_size + 11
    fig.update_xaxes(type="category", side="top", tickangle=0 if len(x) <= 40 else -90, showgrid=False,
                     fixedrange=True, ticks="", tickfont=dict(size=font_size - (4 if many else 2)),
                     title=dict(text=t("section", lang), standoff=4))
    fig.update_yaxes(type="category", autorange="reversed", automargin=True, showgrid=False, fixedrange=True,
                     ticks="", tickfont=dict(size=font_size - 1))
    style(fig, height=row_px * max(len(labels), 1) + 90, font_size=font_size)
    fig.update_layout(margin=dict(l=10, r=10, t=70, b=10), dragmode=False)
    return fig
