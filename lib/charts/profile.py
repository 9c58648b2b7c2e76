"""Unit profile charts: the unit's partners by shared tasks, and its place in the workload ranking."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lib.charts.base import esc, style
from lib.charts.matrix import row_labels, unit_attrs, unit_hover
from lib.i18n import category_label, role_label, t
from lib.textsafe import short_name
from lib.theme import BASE_FONT_SIZE, CATEGORY_COLORS, CATEGORY_ORDER, HIGHLIGHT

OTHERS_COLOR = "#C9CDD2"


def partner_bars(p: pd.DataFrame, units: pd.DataFrame, lang: str = "zh", *, top: int | None = None,
                 font_size: int = BASE_FONT_SIZE) -> go.Figure:
    """Horizontal bars: partners ranked by shared tasks (most at the top), coloured by unit category.

    `p` is transforms.partners(); `units` gives names and categories. The hover splits the shared tasks into
    those this unit leads, those the partner leads and those both support, and lists the task ids.
    """
    df = p.head(top) if top else p
    df = df.merge(unit_attrs(units, df["unit"]).reset_index(drop=True), on="unit", how="left")
    df["label"] = row_labels(df, lang, limit=26)
    df = df.iloc[::-1]  # plotly draws the first category at the bottom
    fig = go.Figure()
    for cat in CATEGORY_ORDER:
        sub = df[df["category"] == cat]
        if sub.empty:
            continue
        hover = [
            f"{unit_hover(r, lang)}<br>{t('pf_shared', lang)}: {r['shared_tasks']}<br>"
            f"{t('pf_as_lead_with', lang)}: {r['as_lead_with']} · {t('pf_under_lead_of', lang)}: "
            f"{r['under_lead_of']} · {t('pf_co_support', lang)}: {r['co_support']}<br>"
            f"{t('task', lang)}: {esc(r['task_ids'])}"
            for r in sub.to_dict("records")
        ]
        fig.add_trace(go.Bar(
            y=sub["label"], x=sub["shared_tasks"], orientation="h", name=category_label(cat, lang),
            marker_color=CATEGORY_COLORS.get(cat, CATEGORY_COLORS["other"]), hovertext=hover, hoverinfo="text",
            text=sub["shared_tasks"], textposition="outside", textangle=0, cliponaxis=False,
        ))
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=df["label"].tolist(), automargin=True,
                     title=None, tickfont=dict(size=font_size - 1))
    most = int(df["shared_tasks"].max()) if len(df) else 1
    fig.update_xaxes(title=t("pf_shared", lang), gridcolor="#E6E3DF", zeroline=False, automargin=True,
                     dtick=1 if most <= 5 else None, range=[0, most * 1.1 + 0.3])
    style(fig, height=max(240, (font_size + 11) * len(df) + 110), font_size=font_size,
          legend_title=t("category", lang))
    fig.update_layout(bargap=0.3, legend_traceorder="normal", barmode="overlay")
    return fig


def rank_figure(wl: pd.DataFrame, unit: str, lang: str = "zh", *, max_bars: int,
                font_size: int = BASE_FONT_SIZE) -> go.Figure:
    """Every unit's weighted load as a bar in rank order (an even sample of max_bars ranks when there are more:
    20,000 bars with hovers were 2.9 MB), the chosen unit in the accent colour and named, always among the sample."""
    n = len(wl)
    wl = wl.reset_index(drop=True).assign(_pos=range(1, n + 1))
    if n > max_bars:
        keep = set(np.linspace(0, n - 1, max_bars - 1).round().astype(int)) | set(
            np.flatnonzero((wl["unit"] == unit).to_numpy()))
        wl = wl.iloc[sorted(keep)]
    labels = [esc(short_name(v)) for v in (wl["name_en"] if lang == "en" else wl["unit"])]
    is_me = (wl["unit"] == unit).to_numpy()
    hover = [
        f"<b>{esc(short_name(full))}</b>（{label}）<br>{t('wl_rank', lang)}: {rank}<br>"
        f"{role_label('lead', lang)} {lead} · {role_label('support', lang)} {sup}<br>"
        f"{t('weighted_load', lang)}: {w:g}"
        for full, label, rank, lead, sup, w in zip(wl["full_name"], labels, wl["rank"], wl["lead"], wl["support"],
                                                   wl["weighted"])
    ]
    fig = go.Figure(go.Bar(
        x=wl["_pos"].tolist(), y=wl["weighted"], marker_color=[HIGHLIGHT if m else OTHERS_COLOR for m in is_me],
        hovertext=hover, hoverinfo="text", showlegend=False,
    ))
    me = wl[is_me]
    if len(me):
        r = me.iloc[0]
        right_half = int(r["_pos"]) > n / 2  # point the label inwards so it is never cut at the edge
        fig.add_annotation(x=int(r["_pos"]), y=r["weighted"], text=f"{labels[int(is_me.argmax())]} · "
                           f"{t('pf_rank_value', lang, rank=int(r['rank']), n=n)}",
                           showarrow=True, arrowhead=0, ax=-40 if right_half else 40, ay=-30,
                           xanchor="right" if right_half else "left", font=dict(size=font_size, color=HIGHLIGHT))
    fig.update_xaxes(title=t("wl_rank", lang), showgrid=False, zeroline=False, automargin=True)
    fig.update_yaxes(title=t("weighted_load", lang), gridcolor="#E6E3DF", zeroline=False, automargin=True)
    style(fig, height=300, font_size=font_size)
    fig.update_layout(bargap=0.15, margin=dict(t=40))
    return fig
