"""工作量 Workload: tasks led and supported per unit, a weighted load with an adjustable lead weight, the same per
unit category, how concentrated the load is, and the numbers as a table."""

import streamlit as st

from lib import transforms, ui
from lib.i18n import t
from lib.scenes.defaults import LEAD_WEIGHT
from lib.scenes.workload import default_top
from lib.ui import scenes as ui_scenes

ctx = ui.context()
lang, view = ctx.lang, ctx.view
font_size = ctx.font_size

st.title(t("page_workload", lang))
ui.require_tasks(ctx)

weight_col, measure_col, top_col = st.columns([1, 2, 1], vertical_alignment="bottom")
# persist_state="session": a return visit, the profile and the export use the weight last chosen (ui.lead_weight)
lead_weight = float(weight_col.number_input(t("wl_lead_weight", lang), min_value=0.5, max_value=10.0,
                                            value=LEAD_WEIGHT, step=0.5, format="%.1f", key=ui.LEAD_WEIGHT_KEY,
                                            persist_state="session", help=t("wl_lead_weight_help", lang)))
measure = measure_col.radio(t("wl_measure", lang), ["weighted", "count"], key="wl_measure", horizontal=True,
                            format_func=lambda m: t(f"wl_measure_{m}", lang))
st.markdown(t("wl_formula", lang, w=f"{lead_weight:g}"))


built = ui_scenes.workload(view, lang, lead_weight, measure)
wl = built.wl

# concentration
conc = built.conc
m1, m2, m3, m4 = st.columns(4)
m1.metric(t("wl_top_share", lang, n=conc["top"]), f"{conc['top_share']:.0%}")
m2.metric(t("wl_gini", lang), f"{conc['gini']:.2f}")
m3.metric(t("wl_units", lang), conc["units"])
m4.metric(t("wl_total_weighted", lang), f"{built.total_weighted:g}")
st.caption(t("wl_reading", lang, n=conc["top"], share=f"{conc['top_share']:.0%}", gini=f"{conc['gini']:.2f}",
             level=t(f"wl_level_{transforms.concentration_level(conc['gini'])}", lang)))

# bars per unit
top = default_top(len(wl))
if top is not None:  # the chart shows the heaviest N (a control); the table keeps them all
    top = int(top_col.number_input(t("wl_top", lang), min_value=5, max_value=len(wl), value=top, step=5,
                                   key="wl_top"))
    st.caption(t("wl_top_note", lang, n=top, total=len(wl)))
unit_chart, cat_chart = ui_scenes.workload_charts(view, lang, lead_weight, measure, top, font_size, _wl=wl)

st.subheader(t("wl_per_unit", lang))
ui.chart(unit_chart, "wl_chart", "workload", lang)

# by unit category
st.subheader(t("wl_by_category", lang))
chart_col, cat_table_col = st.columns([2, 3], gap="large")
with chart_col:
    ui.chart(cat_chart, "wl_cat_chart", "workload-category", lang)
with cat_table_col:
    st.dataframe(built.cat_table, hide_index=True, key="wl_cat_table", width="stretch")

# the numbers
st.subheader(t("wl_table", lang))
st.dataframe(built.table_arrow, hide_index=True, key="wl_table", width="stretch",
             height=ui.table_height(len(built.table), 720))
ui.csv_download(built.table, f"workload-{transforms.today():%Y-%m-%d}", "wl_csv", lang)
