"""Collaboration network: units as nodes, an edge where two units share a task, weighted by how many.

Pure networkx and pandas, no Streamlit. Graphs are rebuilt in a canonical order (sorted nodes and edges) before
anything random runs, so communities, sampled betweenness and the layout come out the same on every run.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx
import numpy as np
import pandas as pd

from lib.i18n import t
from lib.textsafe import md_escape, short_name
from lib.transforms import partners

SEED = 42
SAMPLE_ABOVE = 200  # nodes; above this, betweenness is estimated from SAMPLE_K seeded source nodes
SAMPLE_K = 100
BETWEENNESS_BUDGET = 1_000_000  # nodes + edges visited by all sampled betweenness searches together
# Bounds that keep one huge task (a bracket listing 20,000 units) from costing the square of its units.
MAX_PAIRS = 30_000  # unit pairs from shared tasks, summed over tasks; past it the largest tasks become stars
EXACT_UP_TO = 500  # nodes; above, closeness from SAMPLE_K sampled sources and eigenvector by power iteration
POWER_MAX_ITER = 500  # power-iteration steps at most for the eigenvector of a large network
CLUSTERING_EXACT_COST = 5_000_000  # Σ degree² (networkx's exact clustering does about that many set steps)
CLUSTERING_TRIALS = 2000  # sampled wedges for the average clustering of a larger network
LOUVAIN_MAX_EDGES = 50_000  # links; past it the connected parts stand in for communities
DRAW_NODES = 300  # units drawn at most (the most connected); every unit stays in the tables and downloads
MAX_EDGES = 1500  # edges drawn at most; the minimum weight is raised until the drawing fits
LAYOUT_ASPECT = 1.75  # layouts fill a wide box: slides and screens are wider than tall
CENTRALITIES = ("degree", "weighted_degree", "betweenness", "eigenvector", "closeness")
NODE_ATTRS = ("full_name", "name_en", "category")


# ---------- building ----------

def _network_assignments(assignments: pd.DataFrame, include_collective: bool) -> pd.DataFrame:
    """One row per (task, unit); collective units ("各区人民政府") left out unless asked for."""
    a = assignments.drop_duplicates(["task_id", "unit"])
    if not include_collective and "category" in a.columns:
        a = a[a["category"] != "collective"]
    return a


def _add_nodes(G: nx.Graph, a: pd.DataFrame, units: pd.DataFrame) -> None:
    """Every unit with an assignment, sorted, with its names, category and task counts."""
    attrs = units.drop_duplicates("unit").set_index("unit").reindex(columns=list(NODE_ATTRS)).to_dict("index")
    roles = a.groupby(["unit", "role"]).size().unstack("role", fill_value=0).reindex(
        columns=["lead", "support"], fill_value=0).to_dict("index")
    for unit in sorted(a["unit"].unique()):
        known = attrs.get(unit, {})
        G.add_node(unit, full_name=known.get("full_name", unit) or unit, name_en=known.get("name_en", unit) or unit,
                   category=known.get("category", "other") or "other",
                   lead=int(roles[unit]["lead"]), support=int(roles[unit]["support"]))


@dataclass(frozen=True)
class Star:
    """A task too large to join every pair of its units: each unit is linked to the task's hub (its first lead,
    else its first listed unit) only."""

    task_id: str
    hub: str
    units: int  # units of the task in the network
    pairs: int  # the pairs a full join would have made


def star_tasks(costs: dict[str, tuple[int, int]], max_pairs: int = MAX_PAIRS) -> set[str]:
    """The tasks to join as stars, those with most pairs first, until the pairs left fit max_pairs; `costs` is
    task → (pairs joined in full, pairs as a star), in document order (which breaks ties)."""
    total = sum(full for full, _ in costs.values())
    stars: set[str] = set()
    for tid in sorted(costs, key=lambda x: -costs[x][0]):
        full, star = costs[tid]
        if total <= max_pairs or full <= star:
            break
        stars.add(tid)
        total -= full - star
    return stars


def shared_task_graph(assignments: pd.DataFrame, units: pd.DataFrame, *,
                      include_collective: bool = False, max_pairs: int = MAX_PAIRS) -> nx.Graph:
    """Units as nodes; an edge where two units share a task, weight = number of tasks they share.

    A unit listed twice on one task (lead and support, as 市文旅局 in 5.2) is one row of the assignments, so it
    neither loops to itself nor counts a pair twice. Edge attribute `tasks` holds the shared task ids. When all
    tasks together would make more than max_pairs pairs, the largest tasks are joined as stars around their hub
    (see Star; listed in G.graph["stars"]), so the graph grows with the units listed, not with their square.
    """
    a = _network_assignments(assignments, include_collective)
    G = nx.Graph()
    _add_nodes(G, a, units)
    members: dict[str, list[str]] = defaultdict(list)  # task → units, tasks in document order, leads first
    for tid, unit in zip(a["task_id"], a["unit"]):
        members[tid].append(unit)
    stars = star_tasks({tid: (len(u) * (len(u) - 1) // 2, len(u) - 1) for tid, u in members.items()}, max_pairs)
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    found = []
    for tid, units_of_task in members.items():
        if tid in stars:
            hub = units_of_task[0]
            found.append(Star(tid, hub, len(units_of_task), len(units_of_task) * (len(units_of_task) - 1) // 2))
            for v in units_of_task[1:]:
                shared[(hub, v) if hub < v else (v, hub)].append(tid)
            continue
        for u, v in combinations(sorted(set(units_of_task)), 2):
            shared[(u, v)].append(tid)
    for (u, v), tids in sorted(shared.items()):
        G.add_edge(u, v, weight=len(tids), tasks=tuple(tids))
    G.graph["stars"] = tuple(found)
    return G


def lead_support_graph(assignments: pd.DataFrame, units: pd.DataFrame, *,
                       include_collective: bool = False, max_pairs: int = MAX_PAIRS) -> nx.DiGraph:
    """Directed: lead → support for every task; weight = tasks where the one leads and the other supports.
    Past max_pairs lead × support pairs, the largest tasks link only their first lead to their supports."""
    a = _network_assignments(assignments, include_collective)
    G = nx.DiGraph()
    _add_nodes(G, a, units)
    leads: dict[str, list[str]] = defaultdict(list)
    supports: dict[str, list[str]] = defaultdict(list)
    for tid, unit, role in zip(a["task_id"], a["unit"], a["role"]):
        (leads if role == "lead" else supports)[tid].append(unit)
    order = list(dict.fromkeys(a["task_id"]))  # document order
    size = {tid: len(leads[tid]) * len(supports[tid]) for tid in order}
    stars = star_tasks({tid: (size[tid], len(supports[tid])) for tid in order}, max_pairs)
    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    found = []
    for tid in order:
        if tid in stars and leads[tid]:
            found.append(Star(tid, leads[tid][0], len(leads[tid]) + len(supports[tid]), size[tid]))
            leads[tid] = leads[tid][:1]
        for u in leads[tid]:
            for v in supports[tid]:
                if u != v:
                    pairs[(u, v)].append(tid)
    for (u, v), tids in sorted(pairs.items()):
        G.add_edge(u, v, weight=len(tids), tasks=tuple(tids))
    G.graph["stars"] = tuple(found)
    return G


def edge_key(G: nx.Graph) -> tuple[tuple[str, ...], tuple[tuple[str, str, int], ...]]:
    """(sorted nodes, sorted (u, v, weight) edges): the graph in a canonical, hashable form."""
    directed = G.is_directed()
    edges = []
    for u, v, w in G.edges(data="weight", default=1):
        if not directed and v < u:
            u, v = v, u
        edges.append((u, v, int(w)))
    return tuple(sorted(G.nodes)), tuple(sorted(edges))


def graph_from_key(key: tuple, directed: bool = False) -> nx.Graph:
    """The bare weighted graph of an `edge_key`, nodes and edges inserted in sorted order."""
    nodes, edges = key
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(nodes)
    G.add_weighted_edges_from(edges)
    return G


def _canonical(G: nx.Graph) -> nx.Graph:
    return graph_from_key(edge_key(G), G.is_directed())


def with_min_weight(G: nx.Graph, min_weight: int) -> nx.Graph:
    """A copy keeping every node and only the edges of at least min_weight shared tasks."""
    H = G.__class__()
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from((u, v, d) for u, v, d in G.edges(data=True) if d.get("weight", 1) >= min_weight)
    return H


def auto_min_weight(G: nx.Graph, requested: int = 1, max_edges: int = MAX_EDGES) -> int:
    """The smallest minimum weight, at least `requested`, that leaves no more than max_edges edges."""
    weights = np.sort(np.fromiter((w for _, _, w in G.edges(data="weight", default=1)), dtype=int))
    w = max(1, int(requested))
    while len(weights) - np.searchsorted(weights, w, side="left") > max_edges:
        w += 1
    return w


# ---------- measures ----------

@dataclass
class NetworkMeasures:
    """Per-unit centralities and communities, and the whole network's shape."""

    nodes: pd.DataFrame  # index unit; CENTRALITIES columns and community (1 = largest)
    communities: list[list[str]] = field(default_factory=list)  # largest first, members by weighted degree
    density: float = 0.0
    components: int = 0
    clustering: float = 0.0
    betweenness_k: int | None = None  # source nodes sampled for betweenness; None = exact
    # How each measure was computed when the network is too large for the exact method (measure → method key:
    # "sampled", "power", "components"); empty = all exact. The page says so (lib.network.reading).
    methods: dict[str, str] = field(default_factory=dict)
    closeness_k: int | None = None  # sources sampled per connected part for closeness
    power_steps: int = 0  # power-iteration steps the eigenvector took
    power_converged: bool = True


def communities(G: nx.Graph, seed: int = SEED) -> list[list[str]]:
    """Louvain communities (weight = shared tasks), largest first; ties and members ordered by name."""
    H = _canonical(G)
    if H.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(H, weight="weight", seed=seed)
    return _ordered_groups(H, found)


def _ordered_groups(H: nx.Graph, found) -> list[list[str]]:
    strength = dict(H.degree(weight="weight"))
    groups = [sorted(c, key=lambda u: (-strength[u], u)) for c in found]
    return sorted(groups, key=lambda g: (-len(g), sorted(g)[0]))


def eigenvector(G: nx.Graph) -> dict[str, float]:
    """Weighted eigenvector centrality from the adjacency matrix (deterministic, no power-iteration failures)."""
    nodes = list(G.nodes)
    if not nodes or G.number_of_edges() == 0:
        return {u: 0.0 for u in nodes}
    A = nx.to_numpy_array(G, nodelist=nodes, weight="weight")
    _, vecs = np.linalg.eigh(A)
    v = np.abs(vecs[:, -1])
    v = v / (np.linalg.norm(v) or 1.0)
    return {u: float(x) for u, x in zip(nodes, v)}


def _edge_arrays(H: nx.Graph, nodes: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(source index, target index, weight) of every undirected edge once."""
    idx = {u: i for i, u in enumerate(nodes)}
    m = H.number_of_edges()
    src, dst, w = np.empty(m, dtype=np.int64), np.empty(m, dtype=np.int64), np.empty(m, dtype=float)
    for i, (u, v, x) in enumerate(H.edges(data="weight", default=1)):
        src[i], dst[i], w[i] = idx[u], idx[v], x
    return src, dst, w


def power_eigenvector(n: int, src: np.ndarray, dst: np.ndarray, w: np.ndarray, max_iter: int = POWER_MAX_ITER,
                      tol: float = 1e-10) -> tuple[np.ndarray, int, bool]:
    """The leading eigenvector of the weighted adjacency by power iteration on A + cI, c the current Rayleigh
    quotient (a star, or any two-coloured network, has −λ beside λ and would never settle unshifted); memory and
    each step grow with the edges only. Returns (unit-norm vector, steps, converged)."""
    x = np.full(n, 1 / np.sqrt(n))
    for step in range(1, max_iter + 1):
        ax = np.bincount(src, w * x[dst], minlength=n) + np.bincount(dst, w * x[src], minlength=n)
        y = ax + max(float(x @ ax), 1.0) * x
        y /= np.linalg.norm(y) or 1.0
        if np.abs(y - x).max() < tol:
            return y, step, True
        x = y
    return x, max_iter, False


def _csr(n: int, src: np.ndarray, dst: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Neighbour lists of an undirected edge list as (indptr, indices)."""
    rows = np.concatenate([src, dst])
    cols = np.concatenate([dst, src])
    order = np.argsort(rows, kind="stable")
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    return indptr, cols[order]


def _bfs(indptr: np.ndarray, indices: np.ndarray, source: int, dist: np.ndarray) -> np.ndarray:
    """Steps from source to every node it reaches, written into dist (-1 = not reached); returns the nodes
    reached. Each level is a few numpy operations, so a source costs the edges of its part, in C."""
    dist[source] = 0
    frontier = np.array([source])
    reached = [frontier]
    level = 0
    while frontier.size:
        level += 1
        starts, lens = indptr[frontier], indptr[frontier + 1] - indptr[frontier]
        total = int(lens.sum())
        if not total:
            break
        offsets = np.repeat(starts - (np.cumsum(lens) - lens), lens) + np.arange(total)
        nb = indices[offsets]
        nb = np.unique(nb[dist[nb] < 0])
        dist[nb] = level
        frontier = nb
        reached.append(nb)
    return np.concatenate(reached)


def sampled_closeness(H: nx.Graph, nodes: list[str], src: np.ndarray, dst: np.ndarray, k: int = SAMPLE_K,
                      seed: int = SEED) -> dict[str, float]:
    """Closeness as networkx defines it (Wasserman–Faust: reach over distance, scaled by the part's share of
    the network), with each unit's mean distance estimated from k seeded sources per connected part (exact in
    parts of at most k units). Cost: k breadth-first searches per part, each linear in its edges."""
    n = len(nodes)
    indptr, indices = _csr(n, src, dst)
    idx = {u: i for i, u in enumerate(nodes)}
    total, count = np.zeros(n), np.zeros(n)
    dist = np.full(n, -1, dtype=np.int64)
    rng = np.random.default_rng(seed)
    size = np.zeros(n)
    for part in sorted((sorted(c) for c in nx.connected_components(H)), key=lambda c: c[0]):
        members = np.array([idx[u] for u in part])
        size[members] = len(members)
        if len(members) == 1:
            continue
        sources = members if len(members) <= k else rng.choice(members, size=k, replace=False)
        for s_ in sources:
            reached = _bfs(indptr, indices, int(s_), dist)
            total[reached] += dist[reached]
            count[reached] += 1
            count[s_] -= 1  # a source is no sample of its own distance
            dist[reached] = -1
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(total > 0, count / total * (size - 1) / max(n - 1, 1), 0.0)
    return {u: float(x) for u, x in zip(nodes, value)}


def measures(G: nx.Graph, seed: int = SEED) -> NetworkMeasures:
    """Degree, weighted degree, betweenness, eigenvector, closeness and community for each unit, plus density,
    connected components and average clustering of the whole network.

    Betweenness and closeness count steps between units (who has to go through whom), so they read on a 0–1
    scale; weighted degree, eigenvector and communities use the number of shared tasks. Directed graphs are
    measured as their undirected shared-work skeleton.

    Bounded by the size of the network (never the square of its units): past SAMPLE_ABOVE units betweenness
    is sampled; past EXACT_UP_TO units closeness is sampled and the eigenvector found by power iteration (no
    dense matrix); past CLUSTERING_EXACT_COST the clustering is sampled; past LOUVAIN_MAX_EDGES links the
    connected parts stand in for communities. `methods` records which was used.
    """
    H = _canonical(G.to_undirected() if G.is_directed() else G)
    n = H.number_of_nodes()
    cols = [*CENTRALITIES, "community"]
    if n == 0:
        return NetworkMeasures(nodes=pd.DataFrame(columns=cols))
    methods: dict[str, str] = {}
    degree = dict(H.degree())
    # sources sampled: SAMPLE_K, fewer when each search is long, so the searches together stay near
    # BETWEENNESS_BUDGET steps
    k = max(10, min(SAMPLE_K, BETWEENNESS_BUDGET // (n + H.number_of_edges()))) if n > SAMPLE_ABOVE else None
    betweenness = nx.betweenness_centrality(H, k=k, seed=seed if k else None)
    closeness, eig, closeness_k, steps, converged = _closeness_and_eigenvector(H, seed, methods)
    if H.number_of_edges() <= LOUVAIN_MAX_EDGES:
        groups = communities(H, seed)
    else:
        groups = _ordered_groups(H, nx.connected_components(H))
        methods["communities"] = "components"
    clustering = _average_clustering(H, degree, seed, methods)
    member_of = {u: i for i, g in enumerate(groups, start=1) for u in g}
    frame = pd.DataFrame({
        "degree": degree,
        "weighted_degree": dict(H.degree(weight="weight")),
        "betweenness": betweenness,
        "eigenvector": eig,
        "closeness": closeness,
        "community": member_of,
    }).reindex(list(H.nodes))[cols]
    frame.index.name = "unit"
    frame = frame.astype({"degree": int, "weighted_degree": int, "community": int})
    return NetworkMeasures(nodes=frame, communities=groups, density=float(nx.density(H)),
                           components=nx.number_connected_components(H), clustering=clustering,
                           betweenness_k=k, methods=methods, closeness_k=closeness_k, power_steps=steps,
                           power_converged=converged)


def _closeness_and_eigenvector(H: nx.Graph, seed: int, methods: dict[str, str]):
    """(closeness, eigenvector, closeness sources sampled or None, power steps, converged) of measures(): exact up to
    EXACT_UP_TO units; past it closeness from SAMPLE_K sources and the eigenvector by power iteration (noted in
    `methods`)."""
    if H.number_of_nodes() <= EXACT_UP_TO:
        return nx.closeness_centrality(H), eigenvector(H), None, 0, True
    nodes = list(H.nodes)
    src, dst, w = _edge_arrays(H, nodes)
    closeness = sampled_closeness(H, nodes, src, dst, SAMPLE_K, seed)
    methods["closeness"] = "sampled"
    methods["eigenvector"] = "power"
    if not len(src):
        return closeness, {u: 0.0 for u in nodes}, SAMPLE_K, 0, True
    vec, steps, converged = power_eigenvector(len(nodes), src, dst, w)
    return closeness, {u: float(abs(x)) for u, x in zip(nodes, vec)}, SAMPLE_K, steps, converged


def _average_clustering(H: nx.Graph, degree: dict, seed: int, methods: dict[str, str]) -> float:
    """The network's average clustering: exact up to CLUSTERING_EXACT_COST (Σ degree²), else from sampled wedges."""
    if sum(d * d for d in degree.values()) <= CLUSTERING_EXACT_COST:
        return float(nx.average_clustering(H))
    methods["clustering"] = "sampled"
    return float(nx.approximation.average_clustering(H, trials=CLUSTERING_TRIALS, seed=seed))


def node_table(G: nx.Graph, m: NetworkMeasures) -> pd.DataFrame:
    """One row per unit: names, category, tasks led / supported, every measure; strongest first."""
    attrs = pd.DataFrame.from_dict(dict(G.nodes(data=True)), orient="index")
    attrs = attrs.reindex(columns=[*NODE_ATTRS, "lead", "support"])
    out = attrs.join(m.nodes, how="inner")
    out.index.name = "unit"
    if G.is_directed():
        out["leads_to"] = pd.Series(dict(G.out_degree(weight="weight")))
        out["supports_for"] = pd.Series(dict(G.in_degree(weight="weight")))
    out = out.reset_index().sort_values(["weighted_degree", "degree", "unit"], ascending=[False, False, True],
                                        kind="stable")
    return out.reset_index(drop=True)


def drawn_units(G: nx.Graph, max_nodes: int = DRAW_NODES) -> list[str]:
    """The units a drawing shows: all of them, or the max_nodes with most shared tasks (then most partners, then
    by name) when there are more."""
    if G.number_of_nodes() <= max_nodes:
        return sorted(G.nodes)
    strength, degree = dict(G.degree(weight="weight")), dict(G.degree())
    return sorted(sorted(G.nodes, key=lambda u: (-strength[u], -degree[u], u))[:max_nodes])


def layout(G: nx.Graph, seed: int = SEED, aspect: float = LAYOUT_ASPECT,
           max_nodes: int = DRAW_NODES) -> dict[str, tuple[float, float]]:
    """Seeded spring layout filling [-aspect, aspect] × [-1, 1]; the same graph gives the same positions.

    Attraction grows with log(1 + shared tasks), so a hub tied to everyone does not pull the whole network onto
    itself; afterwards nodes closer than a minimum distance are pushed apart so labels and markers do not pile up.
    Only the drawn_units get a position (the spring layout and the spreading cost the square of the nodes).
    """
    H = _canonical(G.to_undirected() if G.is_directed() else G)
    if H.number_of_nodes() > max_nodes:
        H = _canonical(H.subgraph(drawn_units(H, max_nodes)))
    n = H.number_of_nodes()
    if n == 0:
        return {}
    if n == 1:
        return {next(iter(H.nodes)): (0.0, 0.0)}
    for _, _, d in H.edges(data=True):
        d["pull"] = float(np.log1p(d["weight"]))
    try:
        pos = nx.spring_layout(H, weight="pull", seed=seed, iterations=300, k=2.5 / np.sqrt(n), method="force")
    except ImportError:  # 500+ nodes need scipy's sparse solver; a circle still shows every unit
        pos = nx.circular_layout(H)
    nodes = list(H.nodes)
    xy = np.array([pos[u] for u in nodes], dtype=float)
    xy = _fit(xy, aspect)
    xy = _fit(_spread(xy, min_dist=1.1 * np.sqrt(4 * aspect / n)), aspect)
    return {u: (float(x), float(y)) for u, (x, y) in zip(nodes, xy)}


def _fit(xy: np.ndarray, aspect: float) -> np.ndarray:
    """Each axis rescaled on its own to fill [-aspect, aspect] × [-1, 1]."""
    out = xy - (xy.max(axis=0) + xy.min(axis=0)) / 2
    half = np.abs(out).max(axis=0)
    half[half == 0] = 1.0
    return out / half * np.array([aspect, 1.0])


def _spread(xy: np.ndarray, min_dist: float, iterations: int = 60) -> np.ndarray:
    """Push apart every pair of points closer than min_dist, a little at a time (deterministic)."""
    xy = xy.copy()
    for _ in range(iterations):
        delta = xy[:, None, :] - xy[None, :, :]
        dist = np.sqrt((delta ** 2).sum(axis=-1))
        np.fill_diagonal(dist, np.inf)
        overlap = np.clip(min_dist - dist, 0, None)
        if not overlap.any():
            break
        dist[dist == 0] = 1e-9
        push = (delta / dist[..., None] * (overlap / 2)[..., None]).sum(axis=1)
        xy += push * 0.5
    return xy


# ---------- one unit ----------

def ego_partners(assignments: pd.DataFrame, tasks: pd.DataFrame, unit: str, *,
                 include_collective: bool = False) -> pd.DataFrame:
    """One unit's partners in the network: lib.transforms.partners (shared tasks, who leads) on the network's units,
    with each partner's category and names and the titles of the tasks they share."""
    a = _network_assignments(assignments, include_collective)
    out = partners(a, unit)
    attrs = a.drop_duplicates("unit").set_index("unit").reindex(columns=list(NODE_ATTRS))
    titles = dict(zip(tasks["task_id"], tasks["title"]))
    return out.assign(
        category=out["unit"].map(attrs["category"]).fillna("other"),
        name_en=out["unit"].map(attrs["name_en"]).fillna(out["unit"]),
        titles=[("；".join(titles.get(x, x) for x in ids.split("、"))) for ids in out["task_ids"]],
    )


# ---------- reading it in plain words ----------

def reading(G: nx.Graph, m: NetworkMeasures, lang: str, name=lambda u: u, max_members: int = 10) -> list[str]:
    """Markdown lines (data escaped) on what the measures mean for coordination: hub, broker, groups, shape."""
    if m.nodes.empty or G.number_of_edges() == 0:
        return [t("nw_read_empty", lang)]
    nd = m.nodes
    sep = ", " if lang == "en" else "、"
    hub = nd.sort_values(["weighted_degree", "degree"], ascending=False, kind="stable").index[0]
    lines = [t("nw_read_hub", lang, unit=md_escape(short_name(name(hub))), partners=int(nd.at[hub, "degree"]),
               total=len(nd) - 1, lead=G.nodes[hub].get("lead", 0), support=G.nodes[hub].get("support", 0),
               weight=int(nd.at[hub, "weighted_degree"]))]
    brokers = nd[nd["betweenness"] > 0].sort_values("betweenness", ascending=False, kind="stable").index
    if len(brokers):  # nobody brokers when every pair of partners works together directly
        broker = brokers[0]
        lines.append(t("nw_read_broker_same" if broker == hub else "nw_read_broker", lang,
                       unit=md_escape(short_name(name(broker))), value=f"{nd.at[broker, 'betweenness']:.2f}"))
        if len(brokers) > 1:
            lines[-1] += t("nw_read_broker_next", lang, unit=md_escape(short_name(name(brokers[1]))),
                           value=f"{nd.at[brokers[1], 'betweenness']:.2f}")
    if m.betweenness_k:
        lines.append(t("nw_read_sampled", lang, above=SAMPLE_ABOVE, k=m.betweenness_k))
    lines += method_lines(G, m, lang, name)
    groups = [(i, g) for i, g in enumerate(m.communities, start=1) if len(g) > 1]
    singles = len(m.communities) - len(groups)
    lines.append(t("nw_read_groups", lang, n=len(groups)))
    for i, g in groups:
        shown = sep.join(md_escape(short_name(name(u))) for u in g[:max_members])
        more = t("nw_read_more", lang, n=len(g) - max_members) if len(g) > max_members else ""
        head = f"{t('nw_community', lang, n=i)} ({len(g)}): " if lang == "en" else \
            f"{t('nw_community', lang, n=i)}（{len(g)} 个）："
        lines.append(f"  - {head}{shown}{more}")
    if singles:
        lines.append(t("nw_read_singles", lang, n=singles))
    lines.append(t("nw_read_density", lang, density=f"{m.density:.2f}", pct=f"{m.density:.0%}"))
    lines.append(t("nw_read_components", lang, n=m.components) if m.components > 1 else t("nw_read_connected", lang))
    lines.append(t("nw_read_clustering", lang, value=f"{m.clustering:.2f}"))
    return lines


def method_lines(G: nx.Graph, m: NetworkMeasures, lang: str, name=lambda u: u, max_stars: int = 3) -> list[str]:
    """Markdown lines saying where the network departs from the exact, every-pair reading: tasks joined as
    stars, and measures estimated because the network is large."""
    lines = []
    stars = G.graph.get("stars", ())
    for s in stars[:max_stars]:
        lines.append(t("nw_read_star", lang, task=md_escape(s.task_id), n=f"{s.units:,}",
                       hub=md_escape(short_name(name(s.hub))), pairs=f"{s.pairs:,}"))
    if len(stars) > max_stars:
        lines.append(t("nw_read_star_more", lang, n=len(stars) - max_stars))
    if m.methods.get("closeness") == "sampled":
        lines.append(t("nw_read_closeness_sampled", lang, above=EXACT_UP_TO, k=m.closeness_k))
    if m.methods.get("eigenvector") == "power":
        lines.append(t("nw_read_eig_power" if m.power_converged else "nw_read_eig_unconverged", lang,
                       steps=m.power_steps))
    if m.methods.get("communities") == "components":
        lines.append(t("nw_read_comm_components", lang, edges=f"{LOUVAIN_MAX_EDGES:,}"))
    if m.methods.get("clustering") == "sampled":
        lines.append(t("nw_read_clust_sampled", lang, trials=CLUSTERING_TRIALS))
    return lines
