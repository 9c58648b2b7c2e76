"""Workload charts: bars per unit (lead and support stacked) and per unit category."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from lib.charts.base import style
from lib.charts.matrix import PLOT_WIDTH_GUESS, row_labels, unit_hover
from lib.i18n import category_label, role_label, t
from lib.theme import BASE_FONT_SIZE, ROLE_COLORS
from lib.transforms import DEFAULT_LEAD_WEIGHT

# Digits in a Latin face: the CJK face's tall line box makes plotly shrink numbers inside thin bars.
NUMBER_FONT = "Helvetica, Arial, sans-serif"


def workload_bars(wl: pd.DataFrame, lang: str = "zh", *, top: int | None = None, weighted: bool = False,
                  lead_weight: float = DEFAULT_LEAD_WEIGHT, support_weight: float = 1.0, font_size: int = BASE_FONT_SIZE
                  ) -> go.Figure:
    """Horizontal bars per unit, lead and support stacked, heaviest at the top.

    With weighted=True the bar lengths are the weighted load (lead × lead_weight, support × support_weight).
    The segments are labelled with task counts either way, the bar's end with its length (total or weighted).
    """
    df = wl.head(top) if top else wl
    df = df.iloc[::-1]  # plotly draws the first category at the bottom
    labels = row_labels(df, lang, limit=48)  # full width: room for most English names whole
    ends = df["weighted"] if weighted else df["total"]
    px_per_unit = PLOT_WIDTH_GUESS / (float(ends.max() or 1) * 1.08)
    fig = go.Figure()
    for role, weight in (("lead", lead_weight), ("support", support_weight)):
        counts = df[role].astype(int)
        x = counts * weight if weighted else counts
        # label a segment only when its number fits at full size; the hover has every number
        fits = [v * px_per_unit >= (len(str(c)) * 0.6 + 0.8) * font_size for v, c in zip(x, counts)]
        hover = [
            f"{unit_hover(rec, lang)}<br>{role_label(role, lang)}: {c}"
            + (f" × {weight:g} = {c * weight:g}" if weighted else "") + f"<br>{t('total_count', lang)}: {rec['total']}"
            for rec, c in zip(df.to_dict("records"), counts)
        ]
        fig.add_trace(go.Bar(
            y=labels, x=x, orientation="h", name=role_label(role, lang), marker_color=ROLE_COLORS[role],
            hovertext=hover, hoverinfo="text", text=[str(c) if c and ok else "" for c, ok in zip(counts, fits)],
            textposition="inside", insidetextanchor="middle", textangle=0, cliponaxis=False,
            insidetextfont=dict(size=font_size - 2, color="white" if role == "lead" else "#1F2328",
                                family=NUMBER_FONT),
        ))
    fig.add_trace(go.Scatter(  # the bar's length at its end
        y=labels, x=ends, mode="text", text=[f" {v:g}" for v in ends], textposition="middle right",
        textfont=dict(size=font_size - 1, color="#1F2328"), hoverinfo="skip", showlegend=False, cliponaxis=False,
    ))
    fig.update_layout(barmode="stack", bargap=0.25)
    fig.update_xaxes(title=t("weighted_load" if weighted else "count", lang), gridcolor="#E6E3DF", zeroline=False,
                     range=[0, float(ends.max() or 1) * 1.08], automargin=True)
    fig.update_yaxes(title=None, automargin=True, tickfont=dict(size=font_size))
    style(fig, height=max(280, (font_size + 13) * len(df) + 110), font_size=font_size,
          legend_title=t("legend_role", lang))
    fig.update_layout(legend_traceorder="normal")  # stacked bars reverse the legend by default: 牵头 first
    return fig


def category_bars(by_cat: pd.DataFrame, lang: str = "zh", font_size: int = BASE_FONT_SIZE) -> go.Figure:
    """Lead and support summed per unit category, stacked, in the fixed category order."""
    labels = [category_label(c, lang) for c in by_cat["category"]]
    fig = go.Figure()
    for role in ("lead", "support"):
        fig.add_trace(go.Bar(
            x=labels, y=by_cat[role], name=role_label(role, lang), marker_color=ROLE_COLORS[role],
            text=by_cat[role], textposition="inside", textangle=0,
            insidetextfont=dict(family=NUMBER_FONT, color="white" if role == "lead" else "#1F2328"),
            hovertemplate="%{x}<br>" + role_label(role, lang) + ": %{y}<extra></extra>",
        ))
    fig.update_layout(barmode="stack", uniformtext=dict(minsize=font_size - 4, mode="hide"))
    fig.update_yaxes(title=t("count", lang), gridcolor="#E6E3DF", automargin=True)
    fig.update_xaxes(title=None, automargin=True)
    style(fig, height=340, font_size=font_size, legend_title=t("legend_role", lang))
    fig.update_layout(legend_traceorder="normal")
    return fig
