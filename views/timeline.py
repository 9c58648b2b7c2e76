"""时间线 Timeline: the plan's phases as a Gantt with the milestones, the issue date and today; where today falls in
words; the phases and milestones as a table."""

import streamlit as st

from lib import transforms, ui
from lib.i18n import t
from lib.ui import scenes as ui_scenes

ctx = ui.context()
lang, ds = ctx.lang, ctx.dataset
today = transforms.today()

st.title(t("page_timeline", lang))
st.caption(t("tl_intro", lang))
if ds.phases.empty:
    st.info(t("ov_no_phases", lang))
    if "deadline" not in ds.tasks or ds.tasks["deadline"].isna().all():  # nothing dated to draw
        st.stop()

built = ui_scenes.timeline(ds, lang, today, ctx.font_size)
state, sentence = built.today
if state != "none":
    (st.success if state == "in" else st.info)(sentence)

ui.chart(built.fig, "tl_chart", "timeline", lang)
notes = [t("tl_axis_note", lang)] if state in ("after", "before") else []
if built.hidden_marks:  # lib.charts.timeline.MAX_ROWS
    notes.append(t("tl_marks_capped", lang, shown=f"{len(ds.phases) - built.hidden_marks:,}",
                   n=f"{built.hidden_marks:,}"))
if ctx.filters.active:
    notes.append(t("tl_filters_note", lang))
if notes:
    st.caption(" ".join(notes))

# The table is drawn only while its expander is open (on_change="rerun": opening it reruns the page): one Markdown
# element per cell, it took half of a page switch (bench.browser: 958 -> 451 ms at 100×, 267 -> 138 ms at 1×).
table = st.expander(t("tl_table", lang, n=f"{len(built.shown) + built.hidden_rows:,}"), key="tl_table_open",
                    on_change="rerun")
if table.open:
    with table:
        # a static table wraps the long 要求 text instead of cutting it off
        st.table(built.shown, hide_index=True)
        if built.hidden_rows:
            st.caption(t("tl_rows_capped", lang, shown=f"{len(built.shown):,}", n=f"{built.hidden_rows:,}"))
ui.csv_download(built.table, f"timeline-{today:%Y-%m-%d}", "tl_csv", lang)
