"""单位画像 Unit profile: one unit's tasks by role, its partners by shared tasks, and its place in the workload
ranking and in the collaboration network. Open with ?focus=<unit> (transforms.profile_link)."""

import streamlit as st

from lib import transforms, ui
from lib.i18n import category_label, t
from lib.scenes.defaults import MAX_PARTNER_BARS, MAX_RANK_BARS
from lib.textsafe import md_escape, short_name
from lib.ui import scenes as ui_scenes

ctx = ui.context()
lang, ds = ctx.lang, ctx.dataset
font_size = ctx.font_size

st.title(t("page_profile", lang))
# The profile covers the unit's whole share of the plan in the chosen areas; the unit, category and role filters
# choose units, they do not shrink one unit's picture.
scope, options = ui_scenes.profile_options(ds, ctx.filters.sections)
if not options:
    st.info(t("filter_empty", lang))
    st.stop()
options = list(options)

# Which unit: a new ?focus= link wins, then a newly chosen single unit in the sidebar, then the last choice.
single = ctx.filters.units[0] if len(ctx.filters.units) == 1 else None
if single in options and single != st.session_state.get("_pf_single_seen"):
    st.session_state["pf_unit"] = single
st.session_state["_pf_single_seen"] = single
focus = st.query_params.get("focus")
if focus in options and focus != st.session_state.get("_pf_focus_seen"):
    st.session_state["pf_unit"] = focus
if st.session_state.get("pf_unit") not in options:
    st.session_state["pf_unit"] = options[0]

pick_col, _ = st.columns([2, 3])
# persist_state="session": the unit last shown is shown again on a return visit
unit = pick_col.selectbox(t("pf_pick", lang), options, key="pf_unit", format_func=ctx.unit_name,
                          persist_state="session")
st.session_state["_pf_focus_seen"] = unit
st.query_params["focus"] = unit  # the address bar always links to what is shown

lead_weight = ui.lead_weight()
built = ui_scenes.profile(ds, ctx.filters.sections, unit, lead_weight, lang, font_size, MAX_PARTNER_BARS,
                           _scope=scope)
prof = built.prof
st.subheader(md_escape(ctx.unit_name(unit)))
st.caption(" · ".join(md_escape(short_name(n)) for n in (built.info["full_name"],
                                                         category_label(built.info["category"], lang))))
if ctx.filters.sections:
    st.caption(t("pf_scope_areas", lang, n=len(ctx.filters.sections)))
if ctx.filters.categories or ctx.filters.roles:
    st.caption(t("pf_scope_whole", lang))

cols = st.columns(6)
cols[0].metric(t("pf_rank", lang), t("pf_rank_short", lang, rank=prof.rank, n=prof.units),
               help=t("pf_rank_help", lang, w=f"{lead_weight:g}", n=prof.units))
cols[1].metric(t("lead_count", lang), prof.lead)
cols[2].metric(t("support_count", lang), prof.support)
cols[3].metric(t("weighted_load", lang), f"{prof.weighted:g}", help=t("wl_formula", lang, w=f"{lead_weight:g}"))
cols[4].metric(t("pf_degree", lang), prof.degree, help=t("pf_degree_help", lang))
cols[5].metric(t("pf_areas", lang), f"{prof.sections}/{prof.sections_total}")

today = f"{transforms.today():%Y-%m-%d}"
tasks_col, partners_col = st.columns([1, 1], gap="large")
with tasks_col:
    st.subheader(t("pf_tasks", lang))
    st.dataframe(built.tasks_arrow, hide_index=True, key="pf_tasks_table", width="stretch",
                 height=ui.table_height(len(built.tasks), 900), column_config={
                     t("task_id", lang): st.column_config.TextColumn(width=52),
                     t("section", lang): st.column_config.TextColumn(width=64),
                     t("filter_role", lang): st.column_config.TextColumn(width=72)})
    ui.csv_download(built.tasks, f"profile-{today}", "pf_tasks_csv", lang)
    if len(built.tasks):  # the Progress page opens its record form on this unit's first task
        ui.page_link("progress", label=t("pf_progress_link", lang), icon=":material/fact_check:",
                     query_params={"task": str(built.tasks.iloc[0, 0])})
with partners_col:
    st.subheader(t("pf_partners", lang))
    if built.partner_chart is None:
        st.info(t("pf_no_partners", lang))
    else:
        if prof.degree > MAX_PARTNER_BARS:
            st.caption(t("pf_partners_top", lang, n=MAX_PARTNER_BARS, total=prof.degree))
        ui.chart(built.partner_chart, "pf_partners_chart", "partners", lang)

st.subheader(t("pf_ranking", lang))
ui.chart(built.rank_chart, "pf_rank_chart", "ranking", lang)
st.caption(t("wl_formula", lang, w=f"{lead_weight:g}"))
if prof.units > MAX_RANK_BARS:
    st.caption(t("pf_rank_sampled", lang, n=MAX_RANK_BARS, total=f"{prof.units:,}"))

if built.partners is not None:
    with st.expander(t("pf_partners_table", lang)):
        st.dataframe(built.partners_arrow, hide_index=True, key="pf_partners_table", width="stretch")
        ui.csv_download(built.partners, f"partners-{today}", "pf_partners_csv", lang)
