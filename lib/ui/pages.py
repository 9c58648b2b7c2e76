"""Page chrome: the favicon, app.py's navigation and links between pages, the presentation bar, page and print
styles."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from lib.i18n import t
from lib.sitemap import PRESENT_STEPS
from lib.ui.state import presenting, set_present

ROOT = Path(__file__).resolve().parents[2]

# Constant CSS (no data in it): hide the sidebar and Streamlit's chrome, larger type for a projector.
_PRESENT_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stExpandSidebarButton"] {display: none !important;}
.stApp {font-size: 1.2rem;}
.block-container {padding-top: 1.2rem !important; max-width: 100% !important;}
h1 {font-size: 2.4rem !important;}
</style>"""
# Print to A4 landscape: no sidebar, no chrome, charts kept whole.
_PRINT_CSS = """<style>
.block-container {padding-top: 3rem;}
@page {size: A4 landscape; margin: 12mm;}
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stSidebarCollapsedControl"], .fg-present-bar, button {display: none !important;}
  .block-container {padding: 0 !important; max-width: 100% !important;}
  .js-plotly-plot, [data-testid="stDataFrame"], [data-testid="stMetric"] {break-inside: avoid;}
  /* blocks, not flex columns, so a heading can keep to what follows it (Chromium breaks flex items freely) */
  [data-testid="stVerticalBlock"] {display: block !important;}
  [data-testid="stVerticalBlock"] > * + * {margin-top: 1rem;}
  [data-testid="stElementContainer"]:has([data-testid="stHeading"]) {break-after: avoid;}
  [data-testid="stBaseButton-tertiary"], [data-testid="stDownloadButton"] {display: none !important;}
  /* the tallest tables (760 px) then fit a page under their heading */
  [data-testid="stElementContainer"]:has([data-testid="stDataFrame"]) {zoom: 0.8;}
  /* charts taller than a page, boxed by ui.chart: printed at 90 % … 30 %, whole on one page */
  [class*="st-key-fgprint90_"] {zoom: .9;} [class*="st-key-fgprint80_"] {zoom: .8;}
  [class*="st-key-fgprint70_"] {zoom: .7;} [class*="st-key-fgprint60_"] {zoom: .6;}
  [class*="st-key-fgprint50_"] {zoom: .5;} [class*="st-key-fgprint40_"] {zoom: .4;}
  [class*="st-key-fgprint30_"] {zoom: .3;}
}
</style>"""


def page_css() -> None:
    """Page and print styles always; presentation styles when presenting. Constant CSS only, never data."""
    st.markdown(_PRINT_CSS + (_PRESENT_CSS if presenting() else ""), unsafe_allow_html=True)


def presentation_bar(current: str, pages: dict, lang: str, extra: tuple[str, ...] = ()) -> None:
    """Previous / next through the briefing steps (and `extra` ones after them), the step's name and an exit
    button."""
    steps = [p for p in (*PRESENT_STEPS, *extra) if p in pages]
    idx = steps.index(current) if current in steps else -1
    prev_col, mid, next_col, exit_col = st.columns([1, 4, 1, 1], vertical_alignment="center")
    with prev_col:
        if st.button("◀ " + t("present_prev", lang), key="present_prev", disabled=idx <= 0, width="stretch"):
            st.switch_page(pages[steps[idx - 1]])
    with mid:
        if idx >= 0:
            st.caption(t("present_step", lang, n=idx + 1, total=len(steps)))
    with next_col:
        if st.button(t("present_next", lang) + " ▶", key="present_next", disabled=idx >= len(steps) - 1,
                     width="stretch", type="primary"):
            st.switch_page(pages[steps[idx + 1]])
    with exit_col:
        st.button(t("present_exit", lang), key="present_exit", on_click=set_present, args=(False,),
                  width="stretch")


def _favicon() -> str:
    """assets/favicon.png as a data URL, read once: st.set_page_config would otherwise read the file every rerun."""
    import base64

    return "data:image/png;base64," + base64.b64encode((ROOT / "assets" / "favicon.png").read_bytes()).decode()


FAVICON = _favicon()
_NAV_KEY = "_fg_nav_pages"


def navigation_pages(pages: list[tuple[str, str, str, str]], lang: str) -> dict:
    """name → st.Page for app.py's PAGES (file in views/, url path, title key, icon), the first one the home page.

    Built once per session and language and kept in its state: making the nine st.Page objects resolves nine paths,
    1.1 ms a rerun (timeit, busy 2-core machine; the empty page's whole rerun is ~1.9 ms), which a rerun need not
    repeat. Per session, not shared: st.navigation marks the page it returns as callable.
    """
    kept = st.session_state.get(_NAV_KEY)
    if kept is None or kept[0] != (lang, pages):
        kept = ((lang, pages), {name: st.Page(page_file(name), title=t(title, lang), icon=icon,
                                              url_path=path or None, default=not path)
                                for name, path, title, icon in pages})
        st.session_state[_NAV_KEY] = kept
    return kept[1]


def _app_page(name: str):
    """The st.Page of another page, when app.py's navigation is running (None when a page runs on its own)."""
    kept = st.session_state.get(_NAV_KEY)
    return kept[1].get(name) if kept is not None else None


def page_link(name: str, label: str, icon: str | None = None, query_params: dict | None = None) -> None:
    """A link to another page of the app; nothing when this page runs on its own (no other page to go to)."""
    target = _app_page(name)
    if target is not None:
        st.page_link(target, label=label, icon=icon, query_params=query_params)


def switch_to(name: str, query_params: dict | None = None) -> None:
    """Go to another page of the app (a rerun of this one when it runs on its own)."""
    target = _app_page(name)
    if target is None:
        st.rerun()
    st.switch_page(target, query_params=query_params)


def page_file(name: str) -> Path:
    """Path of a page script in views/ (not pages/: Streamlit would also run that folder as legacy pages, see README)."""
    return ROOT / "views" / f"{name}.py"
