"""协同网络 Collaboration network: graphs, measures and layout (the scene), the drawing, the reading in words, the
measures table, one unit's partners."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import networkx as nx
import pandas as pd
import plotly.graph_objects as go

from lib import network
from lib.charts.base import frozen
from lib.charts.network import network_figure
from lib.data import Dataset
from lib.i18n import category_label, t
from lib.scenes.common import arrow, namer
from lib.scenes.defaults import NETWORK_HEIGHT, NETWORK_LABELS
from lib.theme import BASE_FONT_SIZE
from lib.transforms import View


@dataclass
class NetworkScene:
    """The collaboration network of a view as the network page draws it."""

    shared: nx.Graph  # undirected shared-task graph; measures and layout are computed on it
    graph: nx.Graph  # the graph drawn: `shared`, or lead → support when directed
    measures: network.NetworkMeasures
    pos: dict
    nodes: pd.DataFrame  # network.node_table(graph, measures)

    @functools.cached_property
    def max_weight(self) -> int:
        """The most tasks any two units share (the minimum-weight slider's top)."""
        return int(max((w for _, _, w in self.graph.edges(data="weight")), default=1))

    def chart(self, lang: str = "zh", *, requested: int = 1, size_by: str = "weighted_degree",
              color_by: str = "category", label_top: int = NETWORK_LABELS, font_size: int = BASE_FONT_SIZE,
              height: int = NETWORK_HEIGHT) -> tuple[go.Figure, int, nx.Graph]:
        """(figure, minimum weight applied, graph drawn): edges below `requested` shared tasks hidden, and more if
        the drawing would otherwise hold more than network.MAX_EDGES lines."""
        graph = self.graph if len(self.pos) == self.graph.number_of_nodes() else self.graph.subgraph(self.pos)
        min_weight = network.auto_min_weight(graph, requested)  # on the drawn units only (network.DRAW_NODES)
        drawn = network.with_min_weight(graph, min_weight)
        fig = network_figure(drawn, self.pos, self.nodes, lang, size_by=size_by, color_by=color_by,
                             label_top=label_top, font_size=font_size, height=height)
        return fig, min_weight, drawn


def build_scene(view: View, *, include_collective: bool = False, directed: bool = False,
                  base: NetworkScene | None = None) -> NetworkScene:
    """Graphs, measures, layout and node table of the view's network.

    Measures and layout are those of the undirected shared-task graph, the directed view included; `base`, the
    undirected scene of the same view, lends them (and its graph) instead of computing them again.
    """
    if base is None:
        shared = network.shared_task_graph(view.assignments, view.units, include_collective=include_collective)
        measures, pos = network.measures(shared), network.layout(shared)
    else:
        shared, measures, pos = base.shared, base.measures, base.pos
    graph = (network.lead_support_graph(view.assignments, view.units, include_collective=include_collective)
             if directed else shared)
    return NetworkScene(shared, graph, measures, pos, network.node_table(graph, measures))


def network_base(view: View, include_collective: bool) -> NetworkScene:
    """The undirected scene: its measures and layout are the slow part (seconds at 100× the document), done once
    for the undirected and the directed view alike."""
    return build_scene(view, include_collective=include_collective)


def network_scene(view: View, include_collective: bool, directed: bool, *,
                  _base: NetworkScene) -> NetworkScene:
    """The scene as drawn: `_base` (network_base of the same view) itself, or the directed view built on it."""
    if not directed:
        return _base
    return build_scene(view, include_collective=include_collective, directed=True, base=_base)


@dataclass(frozen=True)
class NetworkChart:
    fig: go.Figure
    min_weight: int  # the minimum weight applied (≥ the one asked for)
    edges_drawn: int


def network_chart(view: View, include_collective: bool, directed: bool, requested: int, size_by: str,
                  color_by: str, label_top: int, lang: str, font_size: int, height: int, *,
                  _scene: NetworkScene) -> NetworkChart:
    """The network as drawn, edges under `requested` shared tasks hidden (more when it would be too dense);
    `_scene` is network_scene(view, include_collective, directed)."""
    scene = _scene
    fig, min_weight, drawn = scene.chart(lang, requested=requested, size_by=size_by, color_by=color_by,
                                         label_top=label_top, font_size=font_size, height=height)
    return NetworkChart(frozen(fig), min_weight, drawn.number_of_edges())


@dataclass(frozen=True)
class NetworkTables:
    reading: tuple[str, ...]  # Markdown lines
    units: tuple[str, ...]  # the network's units, in the measures table's order
    table: pd.DataFrame  # measures per unit, for the CSV
    table_arrow: object


def network_tables(view: View, include_collective: bool, directed: bool, lang: str, *,
                   _scene: NetworkScene) -> NetworkTables:
    """The plain-language reading and the measures per unit; `_scene` as for network_chart."""
    scene = _scene
    name = namer(view, lang)
    lines = network.reading(scene.shared, scene.measures, lang, name=name)
    nodes = scene.nodes
    table = nodes.assign(unit=[name(u) for u in nodes["unit"]],
                         category=[category_label(c, lang) for c in nodes["category"]],
                         )[["unit", "category", *network.CENTRALITIES, "community"]]
    cols = {"unit": t("unit", lang), "category": t("category", lang),
            **{c: t(f"m_{c}", lang) for c in [*network.CENTRALITIES, "community"]}}
    table = table.rename(columns=cols)
    return NetworkTables(tuple(line if line.startswith("  - ") else f"- {line}" for line in lines),
                         tuple(nodes["unit"]), table, arrow(table))


@dataclass(frozen=True)
class EgoTable:
    partners: int
    tasks: int  # tasks of the unit in view
    table: object | None  # Arrow; None when the unit has no partner


def ego_table(ds: Dataset, view: View, unit: str, include_collective: bool, lang: str) -> EgoTable:
    """One unit's partners: shared tasks, who leads whom, the tasks' ids and titles."""
    partners = network.ego_partners(view.assignments, ds.tasks, unit, include_collective=include_collective)
    n_tasks = int((view.assignments["unit"] == unit).sum())
    if partners.empty:
        return EgoTable(0, n_tasks, None)
    name = namer(view, lang)
    cols = {"unit": "nw_partner", "category": "category", "shared_tasks": "nw_shared",
            "as_lead_with": "nw_as_lead", "under_lead_of": "nw_under_lead", "co_support": "nw_co_support",
            "task_ids": "nw_task_ids", "titles": "nw_titles"}
    table = partners.assign(unit=[name(u) for u in partners["unit"]],
                            category=[category_label(c, lang) for c in partners["category"]],
                            )[list(cols)].rename(columns={c: t(k, lang) for c, k in cols.items()})
    return EgoTable(len(partners), n_tasks, arrow(table))


def has_collective(view: View) -> bool:
    """True when a collective (各区, 各成员单位 …) has a task in view: the network may then include it."""
    return bool((view.assignments["category"] == "collective").any())
