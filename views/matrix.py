"""责任矩阵 Responsibility matrix: who leads and who supports each task, grouped by area; click a cell for the task."""

import streamlit as st

from lib import transforms, ui
from lib.i18n import t
from lib.scenes.defaults import MATRIX_MAX_TASKS
from lib.scenes.matrix import clicked_task, default_top, section_label_full
from lib.textsafe import md_escape, short_name
from lib.ui import scenes as ui_scenes

# What the task detail shows of a task, in characters (the CSV downloads carry the whole text)
TASK_PICK_CHARS, TASK_TITLE_CHARS, TASK_TEXT_CHARS = 80, 200, 3000
MAX_LEAD_LINKS = 10  # profile links under a task; its table lists every unit

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
top_n = default_top(n_units)
if top_n is not None:  # too many units to draw: the most-loaded N, N a control
    top_n = int(top_col.number_input(t("mx_top", lang), min_value=5, max_value=n_units, value=top_n, step=5,
                                     key="mx_top"))
    st.caption(t("mx_top_note", lang, n=top_n, total=n_units))
if sort == "name" and lang == "en":
    sort = "name_en"  # alphabetical by the names the reader sees
built = ui_scenes.matrix(view, lang, sort, top_n, font_size)

clicked = None
chart = built.chart
if chart.summary:
    # one column per task would be unreadable (and heavy): summed per area instead
    st.info(t("mx_summary_note", lang, n=n_tasks, max=MATRIX_MAX_TASKS))
    ui.chart(chart.fig, "mx_areas_chart", "matrix", lang)
else:
    event = ui.chart(chart.fig, "mx_chart", "matrix", lang, on_select="rerun", selection_mode="points")
    points = (event or {}).get("selection", {}).get("points", [])
    clicked = clicked_task(points[0]) if points else None
if built.titles_line:
    st.caption(built.titles_line)
if built.export is not None:
    ui.csv_download(built.export, f"matrix-{transforms.today():%Y-%m-%d}", "mx_csv", lang)

# a click on the matrix picks the task, unless it is the click already applied (the picker may have moved on)
task_ids, titles = list(built.task_ids), built.titles
if clicked in titles and clicked != st.session_state.get("_mx_clicked"):
    st.session_state["mx_task"] = clicked
st.session_state["_mx_clicked"] = clicked
if st.session_state.get("mx_task") not in titles:
    st.session_state["mx_task"] = task_ids[0]

st.subheader(t("mx_task_detail", lang))
pick_col, _ = st.columns([2, 3])
task_id = pick_col.selectbox(t("mx_pick_task", lang), task_ids, key="mx_task",
                             format_func=lambda tid: short_name(f"{tid} {titles.get(tid, '')}", TASK_PICK_CHARS))
task = ui_scenes.task_detail(ds, task_id, lang)
text_col, units_col = st.columns([2, 3], gap="large")
with text_col:
    st.markdown(f"**{md_escape(short_name(task_id, TASK_TITLE_CHARS))} "
                f"{md_escape(short_name(task.title, TASK_TITLE_CHARS))}**")
    st.caption(md_escape(short_name(section_label_full(task.section, task.section_title, lang), TASK_TITLE_CHARS)))
    st.markdown(md_escape(short_name(task.description, TASK_TEXT_CHARS)))
    if task.deadline:
        st.markdown(t("mx_deadline", lang, d=md_escape(short_name(task.deadline, TASK_TITLE_CHARS))))
    if len(task.description) > TASK_TEXT_CHARS or len(task.title) > TASK_TITLE_CHARS:
        st.caption(t("mx_text_cut", lang, n=f"{len(task.title) + len(task.description):,}"))
    for unit in task.overlaps:
        st.warning(t("mx_overlap", lang, unit=md_escape(ctx.unit_name(unit)), task=md_escape(task_id)))
    for unit in task.leads[:MAX_LEAD_LINKS]:  # a task may list thousands of leads; the table beside has all
        ui.page_link("profile", label=t("mx_profile_link", lang, unit=md_escape(ctx.unit_name(unit))),
                     icon=":material/badge:", query_params={"focus": unit})
    ui.page_link("progress", label=t("mx_progress_link", lang, task=md_escape(short_name(task_id, TASK_TITLE_CHARS))),
                 icon=":material/fact_check:", query_params={"task": task_id})
with units_col:
    st.dataframe(task.table, hide_index=True, key="mx_task_units", width="stretch",
                 height=ui.table_height(task.rows, 600), column_config={
                     t("filter_role", lang): st.column_config.TextColumn(width=72),
                     t("unit", lang): st.column_config.TextColumn(width=170 if lang != "en" else 330)})

st.subheader(t("mx_by_area", lang))
st.dataframe(
    built.area_table, hide_index=True, key="mx_area_table", width="content",
    height=ui.table_height(built.area_rows, 760),
    column_config={
        t("unit", lang): st.column_config.TextColumn(width=200 if lang == "zh" else 310),
        t("total_count", lang): st.column_config.NumberColumn(width=64),
        **{label: st.column_config.NumberColumn(width=56 if lang == "zh" else 72, help=text)
           for label, text in built.area_help.items()}},
)
st.caption(t("mx_by_area_caption", lang))
