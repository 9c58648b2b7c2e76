"""责任矩阵 Responsibility matrix: who leads and who supports each task, grouped by area; click a cell for the task."""

import datetime as dt

import streamlit as st

from lib import briefing, transforms, ui
from lib.charts.matrix import area_label, section_label_full, short
from lib.i18n import role_label, t
from lib.textsafe import md_escape
from lib.transforms import MATRIX_MAX_TASKS, MATRIX_MAX_UNITS

ctx = ui.context()
lang, ds, view = ctx.lang, ctx.dataset, ctx.view
font_size = ctx.font_size

st.title(t("page_matrix", lang))
ui.require_tasks(ctx)
st.caption(t("mx_caption", lang))

# controls: row order, and how many units when there are too many to draw
n_units, n_tasks = len(view.units), len(view.tasks)
sort_col, top_col = st.columns([3, 2], vertical_alignment="bottom")
sort = sort_col.radio(t("mx_sort", lang), ["load", "category", "name"], key="mx_sort", horizontal=True,
                      format_func=lambda s: t(f"mx_sort_{s}", lang))
shown = view
if n_units > MATRIX_MAX_UNITS:
    top_n = top_col.number_input(t("mx_top", lang), min_value=5, max_value=n_units,
                                 value=min(briefing.MATRIX_TOP_UNITS, n_units), step=5, key="mx_top")
    shown = transforms.restrict_units(view, transforms.order_units(view, "load")[: int(top_n)])
    st.caption(t("mx_top_note", lang, n=int(top_n), total=n_units))

clicked = None
if sort == "name" and lang == "en":
    sort = "name_en"  # alphabetical by the names the reader sees
chart = briefing.matrix_chart(shown, lang, sort=sort, font_size=font_size)  # the briefing draws the same
if chart.summary:
    # one column per task would be unreadable (and heavy): summed per area instead
    st.info(t("mx_summary_note", lang, n=n_tasks, max=MATRIX_MAX_TASKS))
    ui.chart(chart.fig, "mx_areas_chart", "matrix", lang, theme=None)
else:
    cells = chart.cells
    event = ui.chart(chart.fig, "mx_chart", "matrix", lang, on_select="rerun", selection_mode="points",
                     theme=None)
    points = (event or {}).get("selection", {}).get("points", [])
    clicked = str(points[0].get("customdata") or points[0].get("x")) if points else None
section_names = transforms.section_titles(view.tasks)
if len(section_names) <= 12:  # the areas' full titles, which the column headers can only abbreviate
    st.caption("　".join(md_escape(section_label_full(s, title, lang)) for s, title in section_names.items()))
if n_tasks <= MATRIX_MAX_TASKS:  # the matrix as a table: one row per unit, 牵头 / 责任 in the task columns
    export = cells.map(lambda r: role_label(r, lang) if r else "")
    export.insert(0, t("unit", lang), [ctx.unit_name(u) for u in export.index])
    ui.csv_download(export, f"matrix-{dt.date.today():%Y-%m-%d}", "mx_csv", lang)

# a click on the matrix picks the task, unless it is the click already applied (the picker may have moved on)
task_ids = view.tasks["task_id"].tolist()
if clicked in task_ids and clicked != st.session_state.get("_mx_clicked"):
    st.session_state["mx_task"] = clicked
st.session_state["_mx_clicked"] = clicked
if st.session_state.get("mx_task") not in task_ids:
    st.session_state["mx_task"] = task_ids[0]

titles = dict(zip(view.tasks["task_id"], view.tasks["title"]))
st.subheader(t("mx_task_detail", lang))
pick_col, _ = st.columns([2, 3])
task_id = pick_col.selectbox(t("mx_pick_task", lang), task_ids, key="mx_task",
                             format_func=lambda tid: f"{tid} {titles.get(tid, '')}")
task = view.tasks.set_index("task_id").loc[task_id]
members = transforms.task_units(ds, task_id)
text_col, units_col = st.columns([2, 3], gap="large")
with text_col:
    st.markdown(f"**{md_escape(task_id)} {md_escape(task['title'])}**")
    st.caption(md_escape(section_label_full(int(task["section"]), task["section_title"], lang)))
    st.markdown(md_escape(task["description"]))
    for rec in members[members["also_support"]].to_dict("records"):
        st.warning(t("mx_overlap", lang, unit=md_escape(ctx.unit_name(rec["unit"])), task=md_escape(task_id)))
    for unit in members.loc[members["role"] == "lead", "unit"]:
        st.page_link(ui.page_file("profile"), label=t("mx_profile_link", lang, unit=md_escape(ctx.unit_name(unit))),
                     icon=":material/badge:", query_params={"focus": unit})
with units_col:
    # Chinese: short and full name; English: the English name and the Chinese short name
    table = members.assign(role=[role_label(r, lang) for r in members["role"]])
    table = table[["role", "unit", "full_name"] if lang != "en" else ["role", "name_en", "unit"]]
    table.columns = [t("filter_role", lang), t("unit", lang), t("full_name" if lang != "en" else "mx_name_zh", lang)]
    st.dataframe(table, hide_index=True, key="mx_task_units", width="stretch",
                 height=min(35 * (len(table) + 1) + 3, 600), column_config={
                     t("filter_role", lang): st.column_config.TextColumn(width=72),
                     t("unit", lang): st.column_config.TextColumn(width=170 if lang != "en" else 330)})

st.subheader(t("mx_by_area", lang))
counts = transforms.unit_by_section(shown)
sections = [int(s) for s in counts.columns]
counts = counts.assign(_total=counts.sum(axis=1))
counts.insert(0, "_unit", [short(ctx.unit_name(u)) for u in counts.index])
columns = {"_unit": t("unit", lang), "_total": t("total_count", lang), **{s: area_label(s, lang) for s in sections}}
st.dataframe(
    counts.rename(columns=columns), hide_index=True, key="mx_area_table", width="content",
    height=min(35 * (len(counts) + 1) + 3, 760),
    column_config={
        t("unit", lang): st.column_config.TextColumn(width=200 if lang == "zh" else 310),
        t("total_count", lang): st.column_config.NumberColumn(width=64),
        **{area_label(s, lang): st.column_config.NumberColumn(
            width=56 if lang == "zh" else 72, help=md_escape(section_label_full(s, section_names.get(s, ""), lang)))
           for s in sections}},
)
st.caption(t("mx_by_area_caption", lang))
