"""Figures as static images (PNG, SVG) through kaleido: the PPTX slides and the SVG download under every chart.

One headless Chromium per process, started on first use (a few seconds) and reused (a fraction of a second per
figure), without MathJax or any CDN. No Streamlit here.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import plotly.graph_objects as go

_RENDER_LOCK = threading.Lock()  # one Chromium per process: downloads from several sessions take turns
RENDER_TIMEOUT_S = 90
DEFAULT_IMAGE_SIZE = (1200, 700)


def render_images(figs: Sequence[go.Figure], fmt: str = "png", *, scale: float = 1.0) -> list[bytes]:
    """Each figure as PNG or SVG bytes, at its layout width and height (1200 × 700 when unset).

    kaleido's sync server keeps one headless Chromium for the process: the first call starts it (seconds), later
    calls reuse it. MathJax is off, plotly.js comes from the plotly package: no network. If Chromium died, it is
    restarted once.
    """
    import kaleido

    specs = []
    for fig in figs:
        w = int(fig.layout.width or DEFAULT_IMAGE_SIZE[0])
        h = int(fig.layout.height or DEFAULT_IMAGE_SIZE[1])
        specs.append((fig.to_dict(), {"format": fmt, "width": w, "height": h, "scale": scale}))
    with _RENDER_LOCK:
        for attempt in (1, 2):
            kaleido.start_sync_server(mathjax=False, timeout=RENDER_TIMEOUT_S, silence_warnings=True)
            try:
                return [kaleido.calc_fig_sync(d, opts=opts) for d, opts in specs]
            except Exception:
                kaleido.stop_sync_server(silence_warnings=True)
                if attempt == 2:
                    raise
    return []  # not reached


def svg_bytes(fig: go.Figure, width: int = 1200) -> bytes:
    """The figure as SVG (vector, for print and layout programs), `width` px wide when the figure sets none.
    Drawn from the figure's dict: for a frozen figure, exactly what the page shows."""
    fig = go.Figure(fig.to_dict())
    if not fig.layout.width:
        fig.update_layout(width=width)
    out = render_images([fig], "svg")[0]
    return out if isinstance(out, bytes) else str(out).encode("utf-8")
