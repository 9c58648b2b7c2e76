"""导出 Export: ready for the coordination meeting. The briefing (one self-contained HTML file, a 16:9 PPTX deck),
the data tables (CSV, Excel, Parquet) and the network (GraphML, GEXF), all for the current filters; every file is
generated only when its button is clicked."""

import streamlit as st

from lib import exports, ui
from lib.i18n import t
from lib.ui import scenes as ui_scenes

ctx = ui.context()
lang, ds, view, filters = ctx.lang, ctx.dataset, ctx.view, ctx.filters

st.title(t("page_export", lang))
st.caption(t("ex_intro", lang))
ui.require_tasks(ctx)

# the lead weight last chosen on the workload page
lead_weight = ui.lead_weight()
warnings = ctx.result.warnings


def briefing_options() -> dict:
    """The weight, and the data notes the overview shows (worded when a briefing is made, not on every rerun)."""
    return {"lead_weight": lead_weight, "notes": [p.message(lang) for p in warnings]}


# the tables of the view (network measures take seconds on a large plan): built once per view and weight
built = ui_scenes.export_tables(ds, view, lead_weight)
st.markdown(t("ex_scope", lang, scope=ui_scenes.export_scope(ds, filters, lang) or t("br_scope_all", lang)))

# the briefing: built in the download's own thread when clicked, from what this run saw
st.subheader(t("ex_briefing", lang))
html_col, pptx_col, _ = st.columns([1, 1, 1])
html_col.download_button(
    t("ex_html", lang), data=lambda: ui.briefing_file("html", ds, view, filters, lang, **briefing_options()),
    file_name=exports.file_stem("briefing") + ".html", mime="text/html", key="ex_html", type="primary",
    icon=":material/article:", help=t("ex_html_help", lang), on_click="ignore", width="stretch")
pptx_col.download_button(
    t("ex_pptx", lang), data=lambda: ui.briefing_file("pptx", ds, view, filters, lang, **briefing_options()),
    file_name=exports.file_stem("briefing") + ".pptx", key="ex_pptx", type="primary", icon=":material/slideshow:",
    mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
    help=t("ex_pptx_help", lang), on_click="ignore", width="stretch")
st.caption(t("ex_briefing_caption", lang))

# the data
st.subheader(t("ex_data", lang))
tables = built.tables
stem = exports.file_stem("data")
excel_col, csv_col, parquet_col = st.columns(3)
excel_col.download_button(
    t("ex_excel", lang), data=lambda: exports.excel_bytes(tables), file_name=f"{stem}.xlsx", key="ex_excel",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", icon=":material/table_view:",
    on_click="ignore", width="stretch")
csv_col.download_button(
    t("ex_csv_zip", lang), data=lambda: exports.csv_zip_bytes(tables), file_name=f"{stem}-csv.zip",
    mime="application/zip", key="ex_csv_zip", icon=":material/folder_zip:", on_click="ignore", width="stretch")
parquet_col.download_button(
    t("ex_parquet", lang), data=lambda: exports.parquet_zip_bytes(tables), file_name=f"{stem}-parquet.zip",
    mime="application/zip", key="ex_parquet", icon=":material/folder_zip:", on_click="ignore", width="stretch")
st.caption(t("ex_data_caption", lang))

pick_col, _ = st.columns([2, 1])
name = pick_col.selectbox(
    t("ex_pick_table", lang), list(exports.EXPORT_TABLES), key="ex_table",
    format_func=lambda n: f"{t(f'ex_tbl_{n}', lang)} · {n}.csv · {t('ex_rows', lang, n=len(tables[n]))}")
st.dataframe(built.previews[name], hide_index=True, key="ex_preview", width="stretch",
             height=ui.table_height(len(tables[name]), 420))
st.download_button(t("ex_table_csv", lang), data=lambda table=tables[name]: exports.csv_bytes(table),
                   file_name=f"{name}-{stem}.csv", mime="text/csv", key="ex_table_csv",
                   icon=":material/download:", on_click="ignore")

# the network, for Gephi and UCINET
st.subheader(t("ex_network", lang))
net_stem = exports.file_stem("network")
graphml_col, gexf_col, _ = st.columns(3)
graphml_col.download_button(
    t("ex_graphml", lang), data=lambda: exports.graphml_bytes(exports.export_graph(view)),
    file_name=f"{net_stem}.graphml", mime="application/graphml+xml", key="ex_graphml", icon=":material/hub:",
    on_click="ignore", width="stretch")
gexf_col.download_button(
    t("ex_gexf", lang), data=lambda: exports.gexf_bytes(exports.export_graph(view)),
    file_name=f"{net_stem}.gexf", mime="application/xml", key="ex_gexf", icon=":material/hub:",
    on_click="ignore", width="stretch")
st.caption(t("ex_network_caption", lang))

st.subheader(t("ex_print", lang))
st.caption(t("ex_print_caption", lang))
