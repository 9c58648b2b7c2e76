"""工作量 Workload: tasks led and supported per unit, a weighted load with an adjustable lead weight, the same per
unit category, how concentrated the load is, and the numbers as a table."""

import datetime as dt

import streamlit as st

from lib import transforms, ui
from lib.charts.workload import category_bars, workload_bars
from lib.i18n import category_label, t

MAX_BARS = 40  # above this many units the chart shows the heaviest N (a control); the table keeps them all

ctx = ui.context()
lang, view = ctx.lang, ctx.view
font_size = ctx.font_size

st.title(t("page_workload", lang))
ui.require_tasks(ctx)

# The weight is kept outside the widget (Streamlit drops a widget's state when its page is left), so a return
# visit and the profile page use the weight last chosen.
if "wl_lead_weight" not in st.session_state:
    st.session_state["wl_lead_weight"] = st.session_state.get(transforms.LEAD_WEIGHT_KEPT,
                                                              transforms.DEFAULT_LEAD_WEIGHT)
weight_col, measure_col, top_col = st.columns([1, 2, 1], vertical_alignment="bottom")
lead_weight = float(weight_col.number_input(t("wl_lead_weight", lang), min_value=0.5, max_value=10.0, step=0.5,
                                            format="%.1f", key="wl_lead_weight", help=t("wl_lead_weight_help", lang)))
st.session_state[transforms.LEAD_WEIGHT_KEPT] = lead_weight
measure = measure_col.radio(t("wl_measure", lang), ["weighted", "count"], key="wl_measure", horizontal=True,
                            format_func=lambda m: t(f"wl_measure_{m}", lang))
st.markdown(t("wl_formula", lang, w=f"{lead_weight:g}"))

wl = transforms.workload(view.assignments, view.units, lead_weight=lead_weight)
wl = transforms.workload_sorted(wl, "weighted" if measure == "weighted" else "total")

# concentration
conc = transforms.concentration(wl)
m1, m2, m3, m4 = st.columns(4)
m1.metric(t("wl_top_share", lang, n=conc["top"]), f"{conc['top_share']:.0%}")
m2.metric(t("wl_gini", lang), f"{conc['gini']:.2f}")
m3.metric(t("wl_units", lang), conc["units"])
m4.metric(t("wl_total_weighted", lang), f"{wl['weighted'].sum():g}")
st.caption(t("wl_reading", lang, n=conc["top"], share=f"{conc['top_share']:.0%}", gini=f"{conc['gini']:.2f}",
             level=t(f"wl_level_{transforms.concentration_level(conc['gini'])}", lang)))

# bars per unit
top = None
if len(wl) > MAX_BARS:
    top = int(top_col.number_input(t("wl_top", lang), min_value=5, max_value=len(wl), value=30, step=5,
                                   key="wl_top"))
    st.caption(t("wl_top_note", lang, n=top, total=len(wl)))
today = f"{dt.date.today():%Y-%m-%d}"


st.subheader(t("wl_per_unit", lang))
ui.chart(workload_bars(wl, lang, top=top, weighted=measure == "weighted", lead_weight=lead_weight,
                       font_size=font_size), "wl_chart", "workload", lang, theme=None)

# by unit category
st.subheader(t("wl_by_category", lang))
by_cat = transforms.workload_by_category(wl)
chart_col, cat_table_col = st.columns([2, 3], gap="large")
with chart_col:
    ui.chart(category_bars(by_cat, lang, font_size=font_size), "wl_cat_chart", "workload-category", lang,
             theme=None)
with cat_table_col:
    cat_table = by_cat.assign(category=[category_label(c, lang) for c in by_cat["category"]])[
        ["category", "units", "lead", "support", "total", "weighted"]]
    cat_table.columns = [t("category", lang), t("wl_units_col", lang), t("lead_count", lang),
                         t("support_count", lang), t("total_count", lang), t("weighted_load", lang)]
    st.dataframe(cat_table, hide_index=True, key="wl_cat_table", width="stretch")

# the numbers
st.subheader(t("wl_table", lang))
table = wl.assign(
    rank=range(1, len(wl) + 1),
    name=[ctx.unit_name(u) for u in wl["unit"]],
    category=[category_label(c, lang) for c in wl["category"]],
)[["rank", "name", "category", "lead", "support", "total", "weighted", "full_name"]]
table.columns = [t("wl_rank", lang), t("unit", lang), t("category", lang), t("lead_count", lang),
                 t("support_count", lang), t("total_count", lang), t("weighted_load", lang), t("full_name", lang)]
st.dataframe(table, hide_index=True, key="wl_table", width="stretch", height=min(35 * (len(table) + 1) + 3, 720))
ui.csv_download(table, f"workload-{today}", "wl_csv", lang)
