"""概览 Overview: the plan's title and number, headline counts, where today falls, the progress line, the most-loaded
units, data notes."""

import streamlit as st

from lib import transforms, ui
from lib.i18n import t
from lib.scenes.common import plan_title
from lib.textsafe import md_escape
from lib.ui import scenes as ui_scenes

NOTES_AS_BOXES = 5  # more data notes than this are listed in one table

ctx = ui.context()
lang, ds, view = ctx.lang, ctx.dataset, ctx.view
plan = ds.plan

# title block
st.title(md_escape(plan_title(plan, lang)))
meta = [f"{t('ov_doc', lang)}：{md_escape(plan.doc_number)}" if plan.doc_number else "",
        f"{md_escape(plan.issuer)} · {t('ov_issued', lang)} {md_escape(plan.issued)}" if plan.issued else ""]
st.caption("　".join(m for m in meta if m) or md_escape(ds.source))

built = ui_scenes.overview(ds, view, lang, transforms.today(), ctx.font_size)

# headline counts (of the filtered view)
counts = built.counts
cols = st.columns(5)
cols[0].metric(t("ov_sections", lang), counts["sections"])
cols[1].metric(t("ov_tasks", lang), counts["tasks"])
cols[2].metric(t("ov_units", lang), counts["units"])
cols[3].metric(t("ov_leads", lang), counts["lead"])
support_help = (t("ov_supports_help", lang, raw=counts["support_raw"], dup=counts["overlap"])
                if counts["overlap"] else None)
cols[4].metric(t("ov_supports", lang), counts["support"], help=support_help)

# where today falls
state, sentence = built.today
(st.success if state == "in" else st.info)(sentence)

# the progress ledger in one line (rebuilt whenever any session or replica records something)
line = ui.progress_line(ctx)
line_col, link_col = st.columns([5, 1], vertical_alignment="center")
line_col.caption(line or t("ov_progress_empty", lang))
with link_col:
    ui.page_link("progress", label=t("page_progress", lang), icon=":material/fact_check:")

if view.assignments.empty:
    st.info(t("filter_empty", lang))
    st.stop()

left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader(t("ov_top_units", lang))
    ui.chart(built.top_chart, "ov_top_chart", "overview", lang)
    if built.hidden_ties:  # lib.scenes.defaults.OVERVIEW_MAX_BARS
        st.caption(t("ov_top_ties_hidden", lang, n=f"{built.hidden_ties:,}"))
    st.caption(t("ov_top_formula", lang))
with right:
    st.subheader(t("ov_sections_table", lang))
    st.dataframe(built.by_section, hide_index=True, key="ov_sections_df", width="stretch",
                 column_config={name: st.column_config.NumberColumn(width=52) for name in built.count_columns})

st.subheader(t("ov_quality", lang))
notes = ctx.result.warnings
if not notes:
    st.caption(t("ov_quality_none", lang))
elif len(notes) <= NOTES_AS_BOXES:
    for problem in notes:
        st.warning(md_escape(problem.message(lang)))
else:  # a generated or imported plan can carry hundreds: one table, not a wall of boxes
    st.warning(t("ov_quality_many", lang, n=len(notes)))
    st.dataframe(ui_scenes.notes_table(ds, lang, _problems=notes), hide_index=True, key="ov_notes_df",
                 width="stretch", height=ui.table_height(len(notes), 420),
                 column_config={t("ov_note_file", lang): st.column_config.TextColumn(width=96),
                                t("ov_note_row", lang): st.column_config.NumberColumn(width=56),
                                t("ov_note_column", lang): st.column_config.TextColumn(width=120)})
