"""协同网络 Collaboration network: units joined by the tasks they share (or lead → support), sized by a chosen
centrality, coloured by category or community; what the measures mean; one unit's partners; the measures table."""

import datetime as dt

import streamlit as st

from lib import briefing, network, ui
from lib.i18n import category_label, t
from lib.textsafe import md_escape

LABEL_TOP = 12

ctx = ui.context()
lang, ds, view = ctx.lang, ctx.dataset, ctx.view
st.title(t("page_network", lang))
st.caption(t("nw_intro", lang))
ui.require_tasks(ctx)


@st.cache_data(max_entries=32, show_spinner=False)
def _measures(key: tuple) -> network.NetworkMeasures:
    # keyed by the graph's sorted node and edge list: computed once per graph, reused on every rerun
    return network.measures(network.graph_from_key(key))


@st.cache_data(max_entries=32, show_spinner=False)
def _layout(key: tuple) -> dict:
    return network.layout(network.graph_from_key(key))


# controls
has_collective = bool((view.assignments["category"] == "collective").any())
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

# graphs, measures (on the whole shared-task graph) and layout, cached per edge list; the briefing draws the same
scene = briefing.network_scene(view, include_collective=include_collective, directed=directed,
                               measures_of=_measures, layout_of=_layout)
shared, graph, measures, nodes = scene.shared, scene.graph, scene.measures, scene.nodes

# declutter: a minimum weight, raised automatically so the drawing stays readable
weights = [w for _, _, w in graph.edges(data="weight")]
max_w = max(weights, default=1)
if max_w > 1:
    # the state alone carries the value (no default beside it): clamped when the filters shrink the graph
    st.session_state["nw_min_weight"] = min(st.session_state.get("nw_min_weight", 1), max_w)
    requested = c_weight.slider(t("nw_min_weight", lang), 1, max_w, key="nw_min_weight",
                                help=t("nw_min_weight_help", lang))
else:
    requested = 1
fig, min_weight, drawn = scene.chart(lang, requested=requested, size_by=size_by, color_by=color_by,
                                     label_top=LABEL_TOP, font_size=ctx.font_size, height=640)
ui.chart(fig, "nw_chart", "network", lang, theme=None, config={"scrollZoom": True})
notes = []
if min_weight > requested:
    notes.append(t("nw_capped", lang, w=min_weight, shown=drawn.number_of_edges(), total=graph.number_of_edges()))
elif min_weight > 1:
    notes.append(t("nw_hidden", lang, w=min_weight, n=graph.number_of_edges() - drawn.number_of_edges(),
                   total=graph.number_of_edges()))
if len(nodes) > LABEL_TOP:
    notes.append(t("nw_labels_note", lang, n=LABEL_TOP, by=t(f"m_{size_by}", lang)))
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
lines = network.reading(shared, measures, lang, name=ctx.unit_name)
st.markdown("\n".join(line if line.startswith("  - ") else f"- {line}" for line in lines))

# one unit's partners
st.subheader(t("nw_ego", lang))
units = nodes["unit"].tolist()
if st.session_state.get("nw_ego") not in units:
    st.session_state.pop("nw_ego", None)
ego = st.selectbox(t("nw_ego_select", lang), units, key="nw_ego", format_func=ctx.unit_name)
partners = network.ego_partners(view.assignments, ds.tasks, ego, include_collective=include_collective)
if partners.empty:
    st.info(t("nw_ego_none", lang))
else:
    n_tasks = int((view.assignments["unit"] == ego).sum())
    st.caption(t("nw_ego_caption", lang, unit=md_escape(ctx.unit_name(ego)), n=len(partners), tasks=n_tasks))
    ego_cols = {"unit": "nw_partner", "category": "category", "shared_tasks": "nw_shared",
                "as_lead_with": "nw_as_lead", "under_lead_of": "nw_under_lead", "co_support": "nw_co_support",
                "task_ids": "nw_task_ids", "titles": "nw_titles"}
    ego_table = partners.assign(
        unit=[ctx.unit_name(u) for u in partners["unit"]],
        category=[category_label(c, lang) for c in partners["category"]],
    )[list(ego_cols)].rename(columns={c: t(k, lang) for c, k in ego_cols.items()})
    st.dataframe(ego_table, hide_index=True, key="nw_ego_table", width="stretch",
                 height=min(35 * (len(ego_table) + 1) + 3, 460), column_config={
                     t("nw_partner", lang): st.column_config.TextColumn(width="large" if lang == "en" else "medium"),
                     t("nw_task_ids", lang): st.column_config.TextColumn(width="medium"),
                     t("nw_titles", lang): st.column_config.TextColumn(width="large")})

# the measures per unit
st.subheader(t("nw_measures", lang))
table = nodes.assign(
    unit=[ctx.unit_name(u) for u in nodes["unit"]],
    category=[category_label(c, lang) for c in nodes["category"]],
)[["unit", "category", *network.CENTRALITIES, "community"]]
cols = {"unit": t("unit", lang), "category": t("category", lang),
        **{c: t(f"m_{c}", lang) for c in [*network.CENTRALITIES, "community"]}}
table = table.rename(columns=cols)
st.dataframe(table, hide_index=True, key="nw_measures_table", width="stretch",
             height=min(35 * (len(table) + 1) + 3, 740), column_config={
    **{cols[c]: st.column_config.NumberColumn(help=t(f"m_{c}_help", lang), format="%.3f")
       for c in ("betweenness", "eigenvector", "closeness")},
    **{cols[c]: st.column_config.NumberColumn(help=t(f"m_{c}_help", lang))
       for c in ("degree", "weighted_degree", "community")},
})
ui.csv_download(table, f"network-measures-{dt.date.today():%Y-%m-%d}", "nw_csv", lang)
