"""概览 Overview: the plan's title and number, headline counts, where today falls, the most-loaded units, data notes."""


import streamlit as st

from lib import transforms, ui
from lib.charts.matrix import first_clause
from lib.charts.timeline import today_status
from lib.charts.workload import workload_bars
from lib.i18n import t
from lib.textsafe import md_escape
from lib.transforms import section_label

ctx = ui.context()
lang, ds, view = ctx.lang, ctx.dataset, ctx.view
plan = ds.plan

# title block
title = (plan.title_en or plan.title) if lang == "en" else (plan.title or plan.title_en)
st.title(md_escape(title) if title else t("app_title", lang))
meta = [f"{t('ov_doc', lang)}：{md_escape(plan.doc_number)}" if plan.doc_number else "",
        f"{md_escape(plan.issuer)} · {t('ov_issued', lang)} {md_escape(plan.issued)}" if plan.issued else ""]
st.caption("　".join(m for m in meta if m) or md_escape(ds.source))

# headline counts (of the filtered view)
counts = transforms.overview_counts(view, ds)
cols = st.columns(5)
cols[0].metric(t("ov_sections", lang), counts["sections"])
cols[1].metric(t("ov_tasks", lang), counts["tasks"])
cols[2].metric(t("ov_units", lang), counts["units"])
cols[3].metric(t("ov_leads", lang), counts["lead"])
support_help = (t("ov_supports_help", lang, raw=counts["support_raw"], dup=counts["overlap"])
                if counts["overlap"] else None)
cols[4].metric(t("ov_supports", lang), counts["support"], help=support_help)

# where today falls
state, sentence = today_status(ds.phases, transforms.today(), lang)
(st.success if state == "in" else st.info)(sentence)

if view.assignments.empty:
    st.info(t("filter_empty", lang))
    st.stop()

left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader(t("ov_top_units", lang))
    # ranked by weighted load (the workload page's default), bars drawn to the same measure; ties at 10th kept
    wl = transforms.head_with_ties(transforms.workload(view.assignments, view.units), 10, "weighted")
    ui.chart(workload_bars(wl, lang, weighted=True, font_size=ctx.font_size), "ov_top_chart", "overview", lang)
    st.caption(t("ov_top_formula", lang))
with right:
    st.subheader(t("ov_sections_table", lang))
    by_sec = transforms.tasks_by_section(view)
    # the first clause of each heading keeps the table narrow enough for its counts to show
    by_sec.insert(0, t("section", lang), [section_label(s, first_clause(title)) for s, title in
                                           zip(by_sec["section"], by_sec["section_title"])])
    counts_cols = {"tasks": t("ov_tasks", lang), "lead": t("role_lead", lang), "support": t("role_support", lang)}
    st.dataframe(
        by_sec.drop(columns=["section", "section_title"]).rename(columns=counts_cols),
        hide_index=True, key="ov_sections_df", width="stretch",
        column_config={name: st.column_config.NumberColumn(width=52) for name in counts_cols.values()})

st.subheader(t("ov_quality", lang))
if not ctx.result.warnings:
    st.caption(t("ov_quality_none", lang))
for problem in ctx.result.warnings:
    st.warning(md_escape(problem.message(lang)))
