"""Workload charts: bars per unit (lead and support stacked) and per unit category."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from lib.charts.base import esc, style, unit_labels
from lib.i18n import category_label, role_label, t
from lib.theme import BASE_FONT_SIZE, ROLE_COLORS


def workload_bars(wl: pd.DataFrame, lang: str = "zh", *, top: int | None = None, weighted: bool = False,
                  lead_weight: float = 2.0, support_weight: float = 1.0, font_size: int = BASE_FONT_SIZE
                  ) -> go.Figure:
    """Horizontal bars per unit, lead and support stacked, heaviest at the top.

    With weighted=True the bar lengths are the weighted load (lead × lead_weight, support × support_weight).
    """
    df = wl.head(top) if top else wl
    df = df.iloc[::-1]  # plotly draws the first category at the bottom
    labels = unit_labels(df, lang)
    fig = go.Figure()
    for role, weight in (("lead", lead_weight), ("support", support_weight)):
        counts = df[role].astype(int)
        x = counts * weight if weighted else counts
        hover = [
            f"<b>{esc(full)}</b><br>{esc(unit)} · {esc(category_label(cat, lang))}<br>"
            f"{role_label(role, lang)}: {c}" + (f" × {weight:g} = {c * weight:g}" if weighted else "")
            + f"<br>{t('total_count', lang)}: {tot}"
            for full, unit, cat, c, tot in zip(df["full_name"], df["unit"], df["category"], counts, df["total"])
        ]
        fig.add_trace(go.Bar(
            y=labels, x=x, orientation="h", name=role_label(role, lang), marker_color=ROLE_COLORS[role],
            hovertext=hover, hoverinfo="text", text=[str(int(v)) if v else "" for v in x],
            textposition="inside", insidetextanchor="middle", cliponaxis=False,
        ))
    fig.update_layout(barmode="stack", bargap=0.25)
    fig.update_xaxes(title=t("weighted_load" if weighted else "count", lang), gridcolor="#E6E3DF", zeroline=False)
    fig.update_yaxes(title=None, automargin=True, tickfont=dict(size=font_size))
    return style(fig, height=max(280, 28 * len(df) + 110), font_size=font_size,
                 legend_title=t("legend_role", lang))


def category_bars(by_cat: pd.DataFrame, lang: str = "zh", font_size: int = BASE_FONT_SIZE) -> go.Figure:
    """Lead and support summed per unit category, stacked, in the fixed category order."""
    labels = [category_label(c, lang) for c in by_cat["category"]]
    fig = go.Figure()
    for role in ("lead", "support"):
        fig.add_trace(go.Bar(
            x=labels, y=by_cat[role], name=role_label(role, lang), marker_color=ROLE_COLORS[role],
            text=by_cat[role], textposition="inside",
            hovertemplate="%{x}<br>" + role_label(role, lang) + ": %{y}<extra></extra>",
        ))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title=t("count", lang), gridcolor="#E6E3DF")
    fig.update_xaxes(title=None)
    return style(fig, height=340, font_size=font_size, legend_title=t("legend_role", lang))
