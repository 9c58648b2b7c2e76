"""The Streamlit side of Fengong (the only modules under lib/ that import streamlit), one module per job:

    state.py         what a session remembers and what its URL says (language, presentation mode, filters, ?plan=)
    sidebar.py       the shared sidebar: language, filters, presentation toggle
    page_context.py  the plan, filters and filtered view a page starts from (ui.context()), the ledger's lines
    pages.py         navigation, links between pages, the presentation bar, page and print styles
    charts.py        charts and downloads as every page shows them
    tables.py        the height a table gets (ui.table_height)
    scenes.py        the scenes as pages call them, each cached once
    cache.py         the shared byte-bounded cache (MEMO), the loaded plans (LOADS), ui.cached
    access.py        who may record progress

Pages use `from lib import ui` (the names below) and `from lib.ui import scenes as ui_scenes`; `ui.context` is the
function pages call, its module is lib.ui.page_context.
"""

from lib.ui.access import (
    EDITOR_OK_KEY,
    KEY_ATTEMPTS_ALLOWED,
    KEY_LOCKOUT_S,
    WriteAccess,
    check_editor_key,
    key_attempts_left,
    write_access,
)
from lib.ui.cache import (
    CACHE_ENTRIES,
    CACHE_MB_DEFAULT,
    LOADS,
    MEMO,
    Memo,
    cache_limit_bytes,
    cached,
    clear_caches,
    estimate_bytes,
)
from lib.ui.charts import briefing_file, chart, csv_download
from lib.ui.page_context import (
    PageContext,
    _load_cached,
    build_context,
    context,
    ledger_key,
    load_current,
    progress_line,
    progress_steps,
    require_tasks,
    show_blocking_problems,
)
from lib.ui.pages import (
    FAVICON,
    ROOT,
    navigation_pages,
    page_css,
    page_file,
    page_link,
    presentation_bar,
    switch_to,
)
from lib.ui.state import (
    IMPORTED_KEY,
    IMPORTED_PLAN_KEY,
    LANG_KEY,
    LEAD_WEIGHT_KEY,
    PRESENT_KEY,
    get_lang,
    init_from_url,
    lead_weight,
    presenting,
    url_values,
)
from lib.ui.tables import table_height

__all__ = [
    "CACHE_ENTRIES", "CACHE_MB_DEFAULT", "EDITOR_OK_KEY", "FAVICON", "IMPORTED_KEY", "IMPORTED_PLAN_KEY",
    "KEY_ATTEMPTS_ALLOWED", "KEY_LOCKOUT_S", "LANG_KEY", "LEAD_WEIGHT_KEY", "LOADS", "MEMO", "PRESENT_KEY", "ROOT",
    "Memo", "PageContext", "WriteAccess", "_load_cached", "briefing_file", "build_context", "cache_limit_bytes", "cached", "chart",
    "check_editor_key", "clear_caches", "context", "csv_download", "estimate_bytes", "get_lang", "init_from_url",
    "key_attempts_left", "lead_weight", "ledger_key", "load_current", "navigation_pages", "page_css",
    "page_file", "page_link", "presentation_bar", "presenting", "progress_line", "progress_steps", "require_tasks",
    "show_blocking_problems", "switch_to", "table_height", "url_values", "write_access",
]
