"""Charts and downloads as every page shows them: the house plotly toolbar, an SVG under each chart, CSV buttons,
charts taller than a page printed to fit one."""

from __future__ import annotations

from contextlib import nullcontext

import pandas as pd
import streamlit as st

from lib.charts.base import FrozenFigure, toolbar_config
from lib.i18n import t
from lib.scenes.defaults import PAGE_PRINT_PX
from lib.ui.state import presenting


def csv_download(df: pd.DataFrame, file_stem: str, key: str, lang: str) -> None:
    """A CSV download button (UTF-8 with BOM so Excel reads Chinese; formula-looking cells neutralised)."""
    from lib.exports import csv_bytes

    # built on click (a callable): no bytes kept per session on every rerun, no stale download URL under load
    st.download_button(t("download_csv", lang), lambda: csv_bytes(df), file_name=f"{file_stem}.csv", mime="text/csv",
                       key=key, on_click="ignore")


def briefing_file(kind: str, ds, view, filters, lang: str, **options) -> bytes:
    """The meeting briefing as a file, "html" (one offline page) or "pptx" (a 16:9 deck), for a download button.

    Pages ask for it here, never from lib.briefing: the briefing packages the scenes, it is not a page's dependency."""
    from lib.briefing import make_html, make_pptx

    return (make_html if kind == "html" else make_pptx)(ds, view, filters, lang, **options)


def _print_zoom(height: float) -> int:
    """Percent a chart of this height prints at to fit one page: 100, or 90 … 30 (pages._PRINT_CSS's fgprint rules)."""
    if height <= PAGE_PRINT_PX:
        return 100
    return max(30, int(PAGE_PRINT_PX / height * 10) * 10)


def chart(fig, key: str, view: str, lang: str, **kw):
    """st.plotly_chart with the house toolbar (no logo; the camera saves a PNG at 2× named 工作量-workload-<date>)
    and, under the chart, a small SVG download rendered by kaleido only when clicked (not in presentation mode).

    `view` names the file (lib.exports.file_stem); other keywords go to st.plotly_chart. Returns its value (the
    selection when on_select is set). A chart taller than a printed page prints scaled down to fit one.
    """
    from lib.exports import file_stem

    stem = file_stem(view)
    # the house style only (lib.charts.base.style): Streamlit's theme would put a template of its own under the
    # figure, a new one each time its front end copies the figure, and plotly.js draws a chart whose template
    # changed a second time as soon as it is on screen
    kw.setdefault("theme", None)
    config = {**kw.pop("config", {}), **toolbar_config(stem)}
    # a frozen figure's dict costs nothing; plotly's property access does
    height = fig.to_dict()["layout"].get("height") if isinstance(fig, FrozenFigure) else fig.layout.height
    zoom = _print_zoom(height or 450)
    # taller than a printed page: in a box the print styles scale down (its key names the zoom)
    with st.container(key=f"fgprint{zoom}_{key}") if zoom < 100 else nullcontext():
        event = st.plotly_chart(fig, key=key, config=config, **kw)
        if not presenting():
            def _svg() -> bytes:
                from lib.charts.images import svg_bytes

                return svg_bytes(fig)

            st.download_button(t("chart_svg", lang), data=_svg, file_name=f"{stem}.svg", mime="image/svg+xml",
                               key=f"{key}_svg", type="tertiary", icon=":material/download:", on_click="ignore",
                               help=t("chart_svg_help", lang))
    return event
