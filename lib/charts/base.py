"""House style shared by every chart builder: fonts, margins, legend, escaping of data text.

All text that comes from data is passed to plotly as data (labels, hover text built with html escaping), never as
raw HTML, so a unit name holding markup shows as text.
"""

from __future__ import annotations

import copy
import html

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from lib.textsafe import short_name
from lib.theme import BASE_FONT_SIZE, FONT_FAMILY


class FrozenFigure(go.Figure):
    """A finished figure whose dict form is built once.

    plotly's Figure.to_dict() deep-copies the whole figure, and st.plotly_chart calls it on every rerun; a figure
    kept by ui.cached and shown again and again pays that each time (a millisecond or more for the matrix). This
    one hands out the same dict every time, so it and that dict must not be changed: copy it with go.Figure(fig)
    to change it.
    """

    def __init__(self, fig: go.Figure | dict):
        super().__init__(fig)
        # exactly what the figure given would have sent
        self._fg_dict = fig.to_dict() if isinstance(fig, go.Figure) else super().to_dict()

    def to_dict(self) -> dict:
        return self._fg_dict

    def __reduce__(self):
        # copy.deepcopy and pickle: plotly's own __reduce__ would write into the shared dict
        return (FrozenFigure, (copy.deepcopy(self._fg_dict),))


def frozen(fig: go.Figure) -> FrozenFigure:
    """The figure, finished: see FrozenFigure."""
    return fig if isinstance(fig, FrozenFigure) else FrozenFigure(fig)


def esc(value) -> str:
    """Escape data text for plotly hover/labels, which render a subset of HTML."""
    return html.escape(str(value), quote=False)


def _house_template() -> go.layout.Template:
    """plotly's default template, only the parts the charts here use: 2D axes and the bar, scatter and heatmap
    traces. They draw exactly as with the whole template; the rest (3D scenes, maps, polar and ternary axes, twenty
    other trace types) would go into every figure's JSON, about 7 KB sent again on every rerun of every chart."""
    full = pio.templates["plotly"].to_plotly_json()
    layout = {k: v for k, v in full["layout"].items() if k not in ("geo", "polar", "scene", "ternary")}
    data = {k: v for k, v in full["data"].items() if k in ("bar", "scatter", "heatmap")}
    return go.layout.Template(layout=layout, data=data)


TEMPLATE = _house_template()


def style(fig: go.Figure, *, height: int | None = None, font_size: int = BASE_FONT_SIZE,
          legend_title: str | None = None) -> go.Figure:
    """The house style: CJK font, white background, legend on top, tight margins."""
    fig.update_layout(
        template=TEMPLATE,
        font=dict(family=FONT_FAMILY, size=font_size, color="#1F2328"),
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin=dict(l=10, r=10, t=50, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.01, xanchor="left", x=0,
                    title=dict(text=legend_title) if legend_title else None),
        hoverlabel=dict(font=dict(family=FONT_FAMILY, size=font_size - 1)),
    )
    if height:
        fig.update_layout(height=height)
    return fig


def unit_labels(df: pd.DataFrame, lang: str) -> list[str]:
    """Axis labels for units: the short Chinese name, or the English name in English, cut to
    textsafe.NAME_SHOWN characters (a cut that would meet another label keeps the whole name)."""
    col = "name_en" if lang == "en" else "unit"
    names = [str(v) for v in df[col]]
    cut = [short_name(v) for v in names]
    seen: dict[str, int] = {}
    for c in cut:
        seen[c] = seen.get(c, 0) + 1
    return [esc(c if seen[c] == 1 or c == v else v) for c, v in zip(cut, names)]
