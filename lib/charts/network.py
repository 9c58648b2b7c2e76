"""Collaboration network drawing: edges batched per weight bucket (one line trace each, None-separated), nodes as
one scatter trace per colour group (category or community), labels on the largest nodes only."""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lib.charts.base import esc, style
from lib.i18n import category_label, t
from lib.textsafe import short_name
from lib.theme import BASE_FONT_SIZE, CATEGORY_COLORS, CATEGORY_ORDER, COMMUNITY_COLORS

# Shared-task counts grouped for drawing: one trace per bucket, wider and darker for heavier links.
EDGE_BUCKETS = ((1, 1), (2, 2), (3, 4), (5, 8), (9, 16), (17, 32), (33, None))
OTHER_COLOR = "#B4B9BE"
NODE_MIN, NODE_MAX = 12, 52  # marker diameter in px
ARROW_AT = 0.62  # arrowheads sit this far along a lead → support line
LABEL_CHARS = 30  # a printed node label is cut here (hover and tables keep more, downloads all of it)


def bucket_label(lo: int, hi: int | None, lang: str) -> str:
    """Legend text of an edge-weight bucket."""
    if hi is None:
        return t("nw_bucket_open", lang, lo=lo)
    return t("nw_bucket_one", lang, lo=lo) if lo == hi else t("nw_bucket_range", lang, lo=lo, hi=hi)


def _bucket_of(w: int) -> int:
    for i, (lo, hi) in enumerate(EDGE_BUCKETS):
        if w >= lo and (hi is None or w <= hi):
            return i
    return 0


def display_name(row, lang: str) -> str:
    """A unit as shown in the language (English name in English), not yet escaped."""
    return str(row["name_en"]) if lang == "en" else str(row["unit"])


def node_sizes(values: pd.Series) -> pd.Series:
    """Marker diameters from a centrality: area grows with the value; markers shrink as the network grows, so a
    few hundred units still leave room between them."""
    n = len(values)
    shrink = 1.0 if n <= 60 else max(0.55, (60 / n) ** 0.5)
    lo, hi = max(7.0, NODE_MIN * shrink), max(26.0, NODE_MAX * shrink)
    v = values.astype(float).clip(lower=0)
    top = v.max()
    if not top or math.isnan(top):
        return pd.Series(lo, index=values.index)
    return lo + (hi - lo) * (v / top) ** 0.5


def labelled(nodes: pd.DataFrame, size_by: str, top: int) -> list[str]:
    """The units that get a printed label, largest first: the `top` by the chosen size (ties by weighted degree,
    then name)."""
    order = nodes.sort_values([size_by, "weighted_degree", "unit"], ascending=[False, False, True], kind="stable")
    return order["unit"].head(top).tolist()


@dataclass(frozen=True)
class Label:
    """Where a node's name goes: beside the marker (dx, dy px from its centre, no line) or further out with a
    leader line when every side of the marker is taken."""

    dx: float
    dy: float  # px, up is positive
    leader: bool


def _box(cx: float, cy: float, w: float, h: float) -> tuple[float, float, float, float]:
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def _overlap(a, b) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def text_size(text: str, font_size: int) -> tuple[float, float]:
    """Rough width and height in px of a label (CJK characters are square, Latin about half as wide)."""
    lines = text.split("<br>")
    w = max(sum(font_size if ord(ch) > 0x2E80 else 0.56 * font_size for ch in line) for line in lines)
    return w + 8, 1.3 * font_size * len(lines) + 4


def px_per_unit(pos: dict, height: int) -> float:
    """Screen px per layout unit: the plot's height (figure less margins) over the y range drawn (1:1 axes)."""
    ys = [p[1] for p in pos.values()] or [0.0]
    return (height - 100) / max(max(ys) - min(ys) + 0.28, 0.5)


def _clear_of_nodes(mx: list, my: list, centres: list, diameters: np.ndarray, ppu: float) -> np.ndarray:
    """Which edge midpoints lie outside every node marker (a midpoint under a marker would steal its hover)."""
    if not mx:
        return np.zeros(0, dtype=bool)
    if not centres:
        return np.ones(len(mx), dtype=bool)
    m = np.column_stack([mx, my]) * ppu
    c = np.asarray(centres, dtype=float) * ppu
    dist = np.sqrt(((m[:, None, :] - c[None, :, :]) ** 2).sum(axis=-1))
    return (dist > diameters[None, :] / 2 + 6).all(axis=1)


def place_labels(pos: dict, sizes: dict, texts: dict, order: list, font_size: int, px_per_unit: float
                 ) -> dict[str, Label]:
    """A place for each label, largest node first, covering no earlier label and as few markers as possible:
    beside the marker on the side facing away from the middle if it is free, else another side, else further out
    along the outward direction with a leader line. Sizes are estimated in px."""
    cx = sum(p[0] for p in pos.values()) / len(pos)
    cy = sum(p[1] for p in pos.values()) / len(pos)
    px = {u: (x * px_per_unit, y * px_per_unit) for u, (x, y) in pos.items()}
    discs = [_box(*px[u], sizes[u], sizes[u]) for u in pos]
    placed, out = [], {}
    for u in order:
        w, h = text_size(texts[u], font_size)
        r = sizes[u] / 2 + 2
        x, y = px[u]
        beside = [Label(0, r + h / 2, False), Label(r + w / 2, 0, False), Label(0, -r - h / 2, False),
                  Label(-r - w / 2, 0, False)]
        dx, dy = pos[u][0] - cx, pos[u][1] - cy
        ang = math.atan2(dy, dx) if (dx or dy) else math.pi / 2
        # the side facing away from the middle first
        first = 1 if abs(dx) > 1.5 * abs(dy) and dx > 0 else 3 if abs(dx) > 1.5 * abs(dy) else 0 if dy >= 0 else 2
        beside = [beside[first]] + [b for i, b in enumerate(beside) if i != first]
        out_there = [Label(d * math.cos(ang + turn), d * math.sin(ang + turn), True)
                     for d in (r + 45, r + 80, r + 120) for turn in (0, 0.45, -0.45, 0.9, -0.9)]
        best = None
        for cand in beside + out_there:
            box = _box(x + cand.dx, y + cand.dy, w, h)
            cost = 20 * sum(_overlap(box, b) for b in placed) + sum(_overlap(box, d) for d in discs)
            cost += 50 * cand.leader  # a leader line only when it saves real overlap
            if best is None or cost < best[0]:
                best = (cost, cand, box)
            if cost == 0:
                break
        out[u] = best[1]
        placed.append(best[2])
    return out


def _label_text(name: str, lang: str) -> str:
    name = short_name(name, LABEL_CHARS)
    lines = textwrap.wrap(name, 24) if lang == "en" else [name]
    return "<br>".join(esc(x) for x in lines)


def _node_hover(r, lang: str, directed: bool) -> str:
    name = display_name(r, lang)
    parts = [f"<b>{esc(short_name(name))}</b>"]
    if lang == "en":
        parts.append(f"{t('nw_chinese_name', lang)}: {esc(short_name(r['unit']))}")
    parts.append(f"{esc(short_name(r['full_name']))} · {esc(category_label(r['category'], lang))}")
    parts.append(t("nw_hover_roles", lang, lead=int(r["lead"]), support=int(r["support"])))
    parts.append(t("nw_hover_partners", lang, degree=int(r["degree"]), weighted=int(r["weighted_degree"])))
    if directed and "leads_to" in r:
        parts.append(t("nw_hover_dir", lang, out=int(r["leads_to"]), inn=int(r["supports_for"])))
    parts.append(f"{t('m_betweenness', lang)} {r['betweenness']:.3f} · {t('m_eigenvector', lang)} "
                 f"{r['eigenvector']:.3f} · {t('m_closeness', lang)} {r['closeness']:.3f}")
    parts.append(t("nw_community", lang, n=int(r["community"])))
    return "<br>".join(parts)


def _groups(nodes: pd.DataFrame, color_by: str, lang: str) -> list[tuple[str, str, pd.DataFrame]]:
    """(legend name, colour, rows) per colour group, in a fixed order."""
    out = []
    if color_by == "community":
        n = len(COMMUNITY_COLORS)
        sizes = nodes.groupby("community").size()
        for c in sorted(nodes["community"].unique()):
            if c > n:
                continue
            out.append((f"{t('nw_community', lang, n=int(c))} ({int(sizes[c])})", COMMUNITY_COLORS[c - 1],
                        nodes[nodes["community"] == c]))
        rest = nodes[nodes["community"] > n]
        if not rest.empty:
            out.append((t("nw_community_other", lang), OTHER_COLOR, rest))
        return out
    cats = [c for c in CATEGORY_ORDER if c in set(nodes["category"])]
    cats += sorted(set(nodes["category"]) - set(cats))
    for c in cats:
        out.append((category_label(c, lang), CATEGORY_COLORS.get(c, OTHER_COLOR), nodes[nodes["category"] == c]))
    return out


def network_figure(G: nx.Graph, pos: dict, nodes: pd.DataFrame, lang: str = "zh", *,
                   size_by: str = "weighted_degree", color_by: str = "category", label_top: int = 12,
                   font_size: int = BASE_FONT_SIZE, height: int = 720) -> go.Figure:
    """The network: G's edges (already thinned) as batched line traces, nodes sized by `size_by` and coloured by
    category or community, names printed on the `label_top` largest. Directed G draws arrowheads lead → support."""
    nodes = nodes[nodes["unit"].isin(list(G.nodes)) & nodes["unit"].isin(list(pos))]  # pos: the drawn units
    name_of = {u: display_name(r, lang) for u, r in zip(nodes["unit"], nodes.to_dict("records"))}
    fig = go.Figure()
    mids = _add_edges(fig, G, pos, name_of, lang)
    sizes = node_sizes(nodes.set_index("unit")[size_by]) if not nodes.empty else pd.Series(dtype=float)
    ppu = px_per_unit(pos, height)
    _add_edge_hovers(fig, mids, pos, sizes, ppu)
    if not nodes.empty:
        _add_nodes(fig, nodes, pos, sizes, lang, color_by, G.is_directed())
        _add_labels(fig, nodes, pos, sizes, name_of, lang, size_by, label_top, font_size, ppu)
    _network_layout(fig, pos, lang, color_by, font_size, height)
    return fig


def _add_edges(fig: go.Figure, G: nx.Graph, pos: dict, name_of: dict, lang: str) -> tuple[list, list, list]:
    """G's drawn edges, one line trace per weight bucket (and, directed, one trace of arrowheads per bucket);
    returns the edges' midpoints and hover texts (x, y, text)."""
    directed = G.is_directed()
    per_bucket: dict[int, list[tuple[str, str, int]]] = {}
    for u, v, w in G.edges(data="weight", default=1):
        if u in pos and v in pos:
            per_bucket.setdefault(_bucket_of(int(w)), []).append((u, v, int(w)))
    mid_x, mid_y, mid_text = [], [], []
    key = "nw_edge_hover_dir" if directed else "nw_edge_hover"
    # many lines: each one lighter, so the core of a large network stays a texture rather than a black blot
    fade = min(1.0, max(0.35, (300 / max(G.number_of_edges(), 1)) ** 0.5))
    for i in sorted(per_bucket):
        xs, ys = [], []
        ax, ay, angles = [], [], []
        for u, v, w in sorted(per_bucket[i]):
            (x0, y0), (x1, y1) = pos[u], pos[v]
            xs += [x0, x1, None]
            ys += [y0, y1, None]
            mid_x.append((x0 + x1) / 2)
            mid_y.append((y0 + y1) / 2)
            mid_text.append(t(key, lang, a=esc(short_name(name_of.get(u, u))), b=esc(short_name(name_of.get(v, v))),
                              n=w))
            if directed:
                ax.append(x0 + (x1 - x0) * ARROW_AT)
                ay.append(y0 + (y1 - y0) * ARROW_AT)
                angles.append(math.degrees(math.atan2(x1 - x0, y1 - y0)))
        alpha = min(0.85, 0.22 + 0.11 * i) * fade
        lo, hi = EDGE_BUCKETS[i]
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines", line=dict(width=0.8 + 1.1 * i, color=f"rgba(74,84,96,{alpha:.2f})"),
            hoverinfo="skip", name=bucket_label(lo, hi, lang), legend="legend2", legendgroup=f"w{i}",
        ))
        if directed:
            fig.add_trace(go.Scatter(
                x=ax, y=ay, mode="markers", hoverinfo="skip", showlegend=False, legend="legend2", legendgroup=f"w{i}",
                marker=dict(symbol="arrow", size=9 + 2 * i, angle=angles, color="rgba(74,84,96,0.9)"),
            ))
    return mid_x, mid_y, mid_text


def _add_edge_hovers(fig: go.Figure, mids: tuple[list, list, list], pos: dict, sizes: pd.Series,
                     ppu: float) -> None:
    """Invisible points halfway along each line carry its hover text (none under a marker, which would steal its
    hover)."""
    mid_x, mid_y, mid_text = mids
    keep = _clear_of_nodes(mid_x, mid_y, [pos[u] for u in sizes.index], sizes.to_numpy(), ppu)
    if keep.any():
        fig.add_trace(go.Scatter(
            x=np.asarray(mid_x)[keep], y=np.asarray(mid_y)[keep], mode="markers",
            hovertext=[h for h, k in zip(mid_text, keep) if k], hoverinfo="text",
            marker=dict(size=10, color="rgba(0,0,0,0)"), showlegend=False, legend="legend2"))


def _add_nodes(fig: go.Figure, nodes: pd.DataFrame, pos: dict, sizes: pd.Series, lang: str, color_by: str,
               directed: bool) -> None:
    """The units, one trace per colour group, small markers first so big ones sit on top."""
    for name, color, rows in _groups(nodes, color_by, lang):
        rows = rows.assign(_s=rows["unit"].map(sizes)).sort_values(["_s", "unit"], kind="stable")
        recs = rows.to_dict("records")
        fig.add_trace(go.Scatter(
            x=[pos[u][0] for u in rows["unit"]], y=[pos[u][1] for u in rows["unit"]],
            mode="markers", name=esc(name), legend="legend",
            marker=dict(size=rows["_s"].tolist(), color=color, line=dict(color="white", width=1.5), opacity=0.95),
            hovertext=[_node_hover(r, lang, directed) for r in recs], hoverinfo="text",
            customdata=rows["unit"].tolist(),
        ))


def _add_labels(fig: go.Figure, nodes: pd.DataFrame, pos: dict, sizes: pd.Series, name_of: dict, lang: str,
                size_by: str, label_top: int, font_size: int, ppu: float) -> None:
    """Names of the `label_top` largest units as annotations on a white ground, legible over the lines, each
    placed by place_labels."""
    order = labelled(nodes, size_by, label_top)
    texts = {u: _label_text(name_of[u], lang) for u in order}
    places = place_labels({u: pos[u] for u in nodes["unit"]}, sizes.to_dict(), texts, order, font_size - 1, ppu)
    for u in order:
        lab = places[u]
        fig.add_annotation(
            x=pos[u][0], y=pos[u][1], text=texts[u], showarrow=lab.leader, font=dict(size=font_size - 1),
            bgcolor="rgba(255,255,255,0.82)", borderpad=1,
            **(dict(ax=lab.dx, ay=-lab.dy, arrowhead=0, arrowwidth=1.3, arrowcolor="#1F2328", standoff=2)
               if lab.leader else dict(xshift=lab.dx, yshift=lab.dy)))


def _network_layout(fig: go.Figure, pos: dict, lang: str, color_by: str, font_size: int, height: int) -> None:
    """The house style, the node legend on top and the edge legend below, hidden 1:1 axes around the drawing."""
    legend_title = t("nw_color_community" if color_by == "community" else "category", lang)
    style(fig, height=height, font_size=font_size, legend_title=legend_title)
    fig.update_layout(
        hovermode="closest", dragmode="pan",
        legend2=dict(orientation="h", yanchor="top", y=-0.01, xanchor="right", x=1,
                     title=dict(text=t("nw_legend_edges", lang)), font=dict(size=font_size - 2)),
        margin=dict(l=10, r=10, t=60, b=40),
    )
    axis = dict(visible=False, showgrid=False, zeroline=False)
    # 1:1 axes keep arrow angles true; the layout already fills a wide box (lib.network.layout)
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    fig.update_xaxes(**axis, range=[min(xs) - 0.12, max(xs) + 0.12])
    fig.update_yaxes(**axis, range=[min(ys) - 0.1, max(ys) + 0.18], scaleanchor="x", scaleratio=1)
