"""Fengong 分工: the table of contents. Page config, navigation, the shared sidebar, then the page."""

import streamlit as st

from lib import ui
from lib.sitemap import PAGES

st.set_page_config(page_title="分工 Fengong", page_icon=ui.FAVICON, layout="wide", initial_sidebar_state="expanded")
ui.init_from_url()  # ?lang= and ?present= on a session's first run, before navigation is drawn
lang = ui.get_lang()

pages = ui.navigation_pages(PAGES, lang)
page = st.navigation(list(pages.values()), position="hidden" if ui.presenting() else "sidebar")
ctx = ui.build_context(needs_plan=page.url_path != "import")  # Import works even when data/ is broken
ui.page_css()
if ui.presenting():
    current = next(name for name, p in pages.items() if p.url_path == page.url_path)
    ui.presentation_bar(current, pages, ctx.lang, extra=ui.progress_steps(ctx))
page.run()
