"""The app's pages in one table (pure: no streamlit), read by app.py, the tests and the benchmark."""

from __future__ import annotations

from typing import NamedTuple


class PageEntry(NamedTuple):
    """One page: its script in views/, its URL path ('' for the home page), its title's i18n key, its icon."""

    name: str
    path: str
    title_key: str
    icon: str


# the first is the home page
PAGES: tuple[PageEntry, ...] = (
    PageEntry("overview", "", "page_overview", ":material/dashboard:"),
    PageEntry("matrix", "matrix", "page_matrix", ":material/grid_on:"),
    PageEntry("workload", "workload", "page_workload", ":material/bar_chart:"),
    PageEntry("timeline", "timeline", "page_timeline", ":material/event:"),
    PageEntry("network", "network", "page_network", ":material/hub:"),
    PageEntry("profile", "profile", "page_profile", ":material/badge:"),
    PageEntry("progress", "progress", "page_progress", ":material/fact_check:"),
    PageEntry("export", "export", "page_export", ":material/ios_share:"),
    PageEntry("importer", "import", "page_import", ":material/upload_file:"),
)

# Presentation mode and the briefing step through these pages, one per screen, in this order (the Progress page
# joins at the end when the plan's ledger has records).
PRESENT_STEPS: tuple[str, ...] = ("overview", "matrix", "workload", "timeline", "network")

PAGE_NAMES: tuple[str, ...] = tuple(p.name for p in PAGES)
