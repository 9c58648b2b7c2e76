"""协同网络 Collaboration network: units joined by the tasks they share (or lead → support), sized by a chosen
centrality, coloured by category or community; what the measures mean; one unit's partners; the measures table."""

import streamlit as st

from lib import network, transforms, ui
from lib.i18n import t
from lib.scenes.defaults import NETWORK_HEIGHT, NETWORK_LABELS
from lib.textsafe import md_escape
from lib.ui import scenes as ui_scenes

ctx = ui.context()
lang, ds, view = ctx.lang, ctx.dataset, ctx.view
st.title(t("page_network", lang))
st.caption(t("nw_intro", lang))
ui.require_tasks(ctx)


# controls
has_collective = ui_scenes.has_collective(view)
c_size, c_color, c_weight, c_opts = st.columns([1, 1.15, 1.2, 1.1], vertical_alignment="bottom", gap="medium")
size_by = c_size.selectbox(t("nw_size_by", lang), list(network.CENTRALITIES), key="nw_size",
                           format_func=lambda m: t(f"m_{m}", lang), index=1)
color_by = c_color.segmented_control(t("nw_color_by", lang), ["category", "community"], key="nw_color",
                                     default="category", format_func=lambda c: t(f"nw_color_{c}", lang))
color_by = color_by or "category"
directed = c_opts.toggle(t("nw_directed", lang), key="nw_directed", help=t("nw_directed_help", lang))
include_collective = c_opts.checkbox(
    t("nw_collective", lang), key="nw_collective", disabled=not has_collective,
    help=t("nw_collective_help", lang) if has_collective else t("nw_collective_none", lang))

# graphs, measures (on the whole shared-task graph) and layout, once per view (the directed view shares them)
base = ui_scenes.network_base(view, include_collective)
scene = ui_scenes.network_scene(view, include_collective, directed, _base=base)
shared, graph, measures, nodes = scene.shared, scene.graph, scene.measures, scene.nodes

# declutter: a minimum weight, raised automatically so the drawing stays readable
max_w = int(scene.max_weight)
if max_w > 1:
    # the state alone carries the value (no default beside it): clamped when the filters shrink the graph
    st.session_state["nw_min_weight"] = min(st.session_state.get("nw_min_weight", 1), max_w)
    requested = c_weight.slider(t("nw_min_weight", lang), 1, max_w, key="nw_min_weight",
                                help=t("nw_min_weight_help", lang))
else:
    requested = 1
drawn = ui_scenes.network_chart(view, include_collective, directed, requested, size_by, color_by,
                                NETWORK_LABELS, lang, ctx.font_size, NETWORK_HEIGHT, _scene=scene)
ui.chart(drawn.fig, "nw_chart", "network", lang, config={"scrollZoom": True})
n_edges = graph.number_of_edges()
notes = []
if len(scene.pos) < len(nodes):  # network.DRAW_NODES: only the most connected units are drawn
    notes.append(t("nw_drawn_top", lang, n=len(scene.pos), total=len(nodes)))
if drawn.min_weight > requested:
    notes.append(t("nw_capped", lang, w=drawn.min_weight, shown=drawn.edges_drawn, total=n_edges))
elif drawn.min_weight > 1:
    notes.append(t("nw_hidden", lang, w=drawn.min_weight, n=n_edges - drawn.edges_drawn, total=n_edges))
if len(nodes) > NETWORK_LABELS:
    notes.append(t("nw_labels_note", lang, n=NETWORK_LABELS, by=t(f"m_{size_by}", lang)))
if notes:
    st.caption(" ".join(notes))

# what it means
st.subheader(t("nw_reading", lang))
m = st.columns(5)
m[0].metric(t("nw_nodes", lang), shared.number_of_nodes())
m[1].metric(t("nw_edges", lang), graph.number_of_edges())
m[2].metric(t("nw_density", lang), f"{measures.density:.2f}")
m[3].metric(t("nw_components", lang), measures.components)
m[4].metric(t("nw_clustering", lang), f"{measures.clustering:.2f}")
tables = ui_scenes.network_tables(view, include_collective, directed, lang, _scene=scene)
st.markdown("\n".join(tables.reading))

# one unit's partners
st.subheader(t("nw_ego", lang))
units = list(tables.units)
if st.session_state.get("nw_ego") not in units:
    st.session_state.pop("nw_ego", None)
ego = st.selectbox(t("nw_ego_select", lang), units, key="nw_ego", format_func=ctx.unit_name)
ego_table = ui_scenes.ego_table(ds, view, ego, include_collective, lang)
if ego_table.table is None:
    st.info(t("nw_ego_none", lang))
else:
    st.caption(t("nw_ego_caption", lang, unit=md_escape(ctx.unit_name(ego)), n=ego_table.partners,
                 tasks=ego_table.tasks))
    st.dataframe(ego_table.table, hide_index=True, key="nw_ego_table", width="stretch",
                 height=ui.table_height(ego_table.partners, 460), column_config={
                     t("nw_partner", lang): st.column_config.TextColumn(width="large" if lang == "en" else "medium"),
                     t("nw_task_ids", lang): st.column_config.TextColumn(width="medium"),
                     t("nw_titles", lang): st.column_config.TextColumn(width="large")})

# the measures per unit
st.subheader(t("nw_measures", lang))
cols = {c: t(f"m_{c}", lang) for c in [*network.CENTRALITIES, "community"]}
st.dataframe(tables.table_arrow, hide_index=True, key="nw_measures_table", width="stretch",
             height=ui.table_height(len(tables.table), 740), column_config={
    **{cols[c]: st.column_config.NumberColumn(help=t(f"m_{c}_help", lang), format="%.3f")
       for c in ("betweenness", "eigenvector", "closeness")},
    **{cols[c]: st.column_config.NumberColumn(help=t(f"m_{c}_help", lang))
       for c in ("degree", "weighted_degree", "community")},
})
ui.csv_download(tables.table, f"network-measures-{transforms.today():%Y-%m-%d}", "nw_csv", lang)
