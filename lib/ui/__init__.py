"""Small Streamlit helpers: loading, the shared sidebar, URL state, language, charts, navigation and page context.

The shared caches are in lib/ui/cache.py, who may record progress in lib/ui/access.py, the scenes as pages call
them in lib/ui/scenes.py; their public names are also found here (ui.cached, ui.write_access …)."""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from lib.charts.base import FrozenFigure
from lib.data import Dataset, LoadResult, data_dir, folder_signature, load_dataset
from lib.i18n import category_label, role_label, t
from lib.scenes.defaults import LEAD_WEIGHT, PAGE_PRINT_PX
from lib.sitemap import PRESENT_STEPS
from lib.textsafe import md_escape, short_name
from lib.theme import BASE_FONT_SIZE, PRESENT_FONT_SIZE
from lib.transforms import Filters, View, apply_filters, section_label, section_titles

# re-exported: pages and tests find the cache and the write access on lib.ui
from lib.ui.access import (  # noqa: F401
    EDITOR_OK_KEY,
    KEY_ATTEMPTS_ALLOWED,
    KEY_LOCKOUT_S,
    WriteAccess,
    check_editor_key,
    key_attempts_left,
    write_access,
)
from lib.ui.cache import (  # noqa: F401
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
from lib.vocabulary import CATEGORIES, ROLES

ROOT = Path(__file__).resolve().parents[2]
IMPORTED_KEY = "fg_imported_dataset"  # a plan imported in this browser session (lib.importer page)
IMPORTED_PLAN_KEY = "fg_imported_plan"  # its id in var/imports (lib.importer.store), carried in the URL as ?plan=
_PLAN_URL_READ = "_fg_plan_url_read"
_PLAN_GONE = "_fg_plan_gone"  # the link's ?plan= is no longer kept (lib.importer.store prunes old plans)
CTX_KEY = "_fg_ctx"
URL_LOADED_KEY = "_fg_url_loaded"

LANG_KEY = "lang"  # the language radio's key (persist_state="session": kept across page switches), ?lang=en
PRESENT_KEY = "present"  # the presentation toggle's key (persist_state="session": kept across page switches), ?present=1
# widget key → URL parameter; a link with these reproduces the view (?section=2&unit=市经信局&lang=en).
# Synced by hand, not bind="query-params": Streamlit 1.67 puts format_func's label in the URL (streamlit#14224),
# so a bound widget drops ?section=2, ?unit=市经信局&lang=en, ?role=lead, ?lang=en and ?present=1 (tests/test_url_state.py).
FILTER_PARAMS = {"f_section": "section", "f_category": "category", "f_unit": "unit", "f_role": "role"}
URL_PARAMS = {**FILTER_PARAMS, LANG_KEY: "lang", PRESENT_KEY: PRESENT_KEY}
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


def _load_cached(folder: str, signature: tuple) -> LoadResult:
    """The plan in folder, loaded once per signature (mtimes and sizes: an edited file reloads). Shared, not
    copied: the dataset is read-only everywhere."""
    return LOADS.get((folder, signature), lambda: load_dataset(folder))


def load_current() -> LoadResult:
    """The plan this browser session looks at: an imported one, else the data folder."""
    if not st.session_state.get(_PLAN_URL_READ):
        # a session's first run: ?plan=<id> brings back a plan imported before a reload or in another tab
        st.session_state[_PLAN_URL_READ] = True
        pid = st.query_params.get("plan")
        if pid and st.session_state.get(IMPORTED_KEY) is None:
            from lib.importer import store

            kept = store.load(pid)
            if kept is not None:
                st.session_state[IMPORTED_KEY], st.session_state[IMPORTED_PLAN_KEY] = kept, pid
                store.touch(pid)  # a plan still opened is kept longer than one nobody opens
            else:
                st.session_state[_PLAN_GONE] = True  # build_context says so, not silently the shipped plan
    imported = st.session_state.get(IMPORTED_KEY)
    if imported is not None:
        return imported
    folder = data_dir()
    return _load_cached(str(folder), folder_signature(folder))


def _names_en(ds: Dataset) -> dict[str, str]:
    """Unit → English name, built once per plan (a unit picker's labels ask for it once per unit)."""
    return dict(zip(ds.units["unit"], ds.units["name_en"]))


@dataclass
class PageContext:
    """What every page needs: language, the whole dataset, the filters and the filtered view."""

    lang: str
    dataset: Dataset
    filters: Filters
    view: View
    result: LoadResult

    def unit_name(self, unit: str) -> str:
        """A unit as shown in the current language (English name in English), cut to textsafe.NAME_SHOWN
        characters; tables and downloads carry the whole name."""
        if self.lang != "en":
            return short_name(unit)
        return short_name(self.unit_names_en.get(unit, unit))

    @property
    def unit_names_en(self) -> dict[str, str]:
        return cached(_names_en, self.dataset)

    @property
    def font_size(self) -> int:
        """Chart font size: larger in presentation mode, for the back of the room."""
        return PRESENT_FONT_SIZE if presenting() else BASE_FONT_SIZE

    @property
    def imported(self) -> bool:
        return st.session_state.get(IMPORTED_KEY) is not None


def get_lang() -> str:
    """The current language, 'zh' or 'en' (readable before the radio is drawn: navigation titles need it)."""
    return "en" if st.session_state.get(LANG_KEY) == "en" else "zh"


def language_radio() -> None:
    """The 中文 / English switch; its state is the language."""
    st.radio(t("language"), ["zh", "en"], key=LANG_KEY, horizontal=True, persist_state="session",
             format_func=lambda v: "中文" if v == "zh" else "English")


def init_language() -> None:
    """Take ?lang=en and ?present=1 from the URL on a session's first run, before navigation is drawn."""
    if LANG_KEY not in st.session_state:
        raw = [v for item in st.query_params.get_all("lang") for v in item.split(",") if v.strip()]
        st.session_state[LANG_KEY] = "en" if raw and raw[0] == "en" else "zh"
    if PRESENT_KEY not in st.session_state:
        st.session_state[PRESENT_KEY] = st.query_params.get(PRESENT_KEY) in ("1", "true")


LEAD_WEIGHT_KEY = "wl_lead_weight"  # the workload page's weight (persist_state="session"), read by other pages


def lead_weight() -> float:
    """The lead weight last chosen on the workload page, else the default."""
    return float(st.session_state.get(LEAD_WEIGHT_KEY, LEAD_WEIGHT))


def presenting() -> bool:
    """True in presentation mode (sidebar and chrome hidden, larger type, step-by-step briefing)."""
    return bool(st.session_state.get(PRESENT_KEY))


def page_css() -> None:
    """Page and print styles always; presentation styles when presenting. Constant CSS only, never data."""
    st.markdown(_PRINT_CSS + (_PRESENT_CSS if presenting() else ""), unsafe_allow_html=True)


def _set_present(value: bool) -> None:
    st.session_state[PRESENT_KEY] = value


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
        st.button(t("present_exit", lang), key="present_exit", on_click=_set_present, args=(False,),
                  width="stretch")


def _init_state_from_url(ds: Dataset) -> None:
    """Once per browser session, copy filter values from the URL into widget state (invalid values dropped)."""
    if st.session_state.get(URL_LOADED_KEY):
        return
    st.session_state[URL_LOADED_KEY] = True
    qp = st.query_params
    valid = {
        "f_section": {str(s): int(s) for s in ds.tasks["section"].unique()},
        "f_category": {c: c for c in CATEGORIES},
        "f_unit": {u: u for u in ds.units["unit"]},
        "f_role": {r: r for r in ROLES},
    }
    for key, name in FILTER_PARAMS.items():
        if name not in qp:
            continue
        values = [valid[key][v] for item in qp.get_all(name) for v in url_values(item, valid[key])]
        st.session_state[key] = list(dict.fromkeys(values))


def url_values(item: str, valid) -> list[str]:
    """The known values in one URL parameter: the whole item when it is one (a unit named "甲,乙局", as _write_url
    writes it: one parameter per value), else its comma-separated pieces, a run of pieces that joins into a known
    value kept whole (hand-written links list several values as unit=A,B)."""
    item = item.strip()
    if item in valid:
        return [item]
    pieces = [p.strip() for p in item.split(",")]
    span = 1 + max((str(v).count(",") for v in valid), default=0)  # pieces a known value can span, at most
    out, i = [], 0
    while i < len(pieces):
        for end in range(min(len(pieces), i + span), i, -1):
            joined = ",".join(pieces[i:end])
            if joined in valid:
                out.append(joined)
                i = end
                break
        else:
            i += 1
    return out


def _write_url() -> None:
    """Mirror the filter state into the URL, leaving page-specific parameters alone."""
    for key, name in URL_PARAMS.items():
        value = st.session_state.get(key)
        if key == "lang":
            value = ["en"] if get_lang() == "en" else []
        if key == PRESENT_KEY:
            value = ["1"] if value else []
        current = st.query_params.get_all(name)
        wanted = [str(v) for v in (value or [])]
        if current == wanted:
            continue
        if wanted:
            st.query_params[name] = wanted
        elif name in st.query_params:
            del st.query_params[name]
    plan = st.session_state.get(IMPORTED_PLAN_KEY) if st.session_state.get(IMPORTED_KEY) is not None else None
    if plan and st.query_params.get("plan") != plan:
        st.query_params["plan"] = plan
    elif not plan and "plan" in st.query_params:
        del st.query_params["plan"]


def _clear_filters() -> None:
    for key in ("f_section", "f_category", "f_unit", "f_role"):
        st.session_state[key] = []


def _filter_options(ds: Dataset) -> dict:
    """What the sidebar's filters offer for this plan (ui.cached: built once per plan, not on every rerun)."""
    titles = section_titles(ds.tasks)
    present = set(ds.units["category"])
    return {"sections": sorted(titles), "section_labels": {s: section_label(s, title) for s, title in titles.items()},
            "categories": [c for c in CATEGORIES if c in present], "units": ds.units["unit"].tolist()}


def sidebar(ds: Dataset) -> Filters:
    """The shared sidebar: language switch and the four filters; returns the filters."""
    _init_state_from_url(ds)
    opts = cached(_filter_options, ds)
    with st.sidebar:
        language_radio()
        lang = get_lang()
        st.subheader(t("filters", lang))
        # a choice the plan no longer offers (another plan viewed) is dropped by the multiselect itself
        st.multiselect(t("filter_section", lang), opts["sections"], key="f_section", persist_state="session",
                       format_func=opts["section_labels"].get, placeholder=t("filter_all", lang))
        st.multiselect(t("filter_category", lang), opts["categories"], key="f_category", persist_state="session",
                       format_func=lambda c: category_label(c, lang), placeholder=t("filter_all", lang))
        names_en = cached(_names_en, ds)
        st.multiselect(t("filter_units", lang), opts["units"], key="f_unit", persist_state="session",
                       format_func=(lambda u: short_name(names_en.get(u, u))) if lang == "en" else short_name,
                       placeholder=t("filter_all", lang))
        st.pills(t("filter_role", lang), list(ROLES), key="f_role", selection_mode="multi", persist_state="session",
                 format_func=lambda r: role_label(r, lang))
        filters = Filters(
            sections=tuple(st.session_state.get("f_section") or ()),
            categories=tuple(st.session_state.get("f_category") or ()),
            units=tuple(st.session_state.get("f_unit") or ()),
            roles=tuple(st.session_state.get("f_role") or ()),
        )
        if filters.active:
            st.button(t("filter_reset", lang), key="f_reset", on_click=_clear_filters)
        st.divider()
        st.toggle(t("present_mode", lang), key=PRESENT_KEY, help=t("present_help", lang), persist_state="session")
    _write_url()
    return filters


def show_blocking_problems(result: LoadResult, lang: str) -> None:
    """Errors stop the page with a message naming file, row, column and value."""
    st.error(t("problems_stop", lang) + "\n\n" + "\n".join(f"- {md_escape(p.message(lang))}" for p in result.errors))
    st.stop()


def build_context(hand_over: bool = True, needs_plan: bool = True) -> PageContext:
    """Load the plan, draw the shared sidebar and keep the context for the page of this run.

    A page that needs no plan (needs_plan=False: the Import page) still runs when the data folder is broken: the
    problems are shown above it and its context has no dataset, filters or view."""
    init_language()  # done already when app.py runs; a page run on its own reads ?lang= here
    result = load_current()
    lang = get_lang()
    if result.dataset is None:
        with st.sidebar:
            language_radio()
        if not needs_plan:
            lang = get_lang()
            st.error(t("problems_stop", lang) + "\n\n" + "\n".join(f"- {md_escape(p.message(lang))}"
                                                                 for p in result.errors))
            ctx = PageContext(lang=lang, dataset=None, filters=Filters(), view=None, result=result)
            if hand_over:
                st.session_state[CTX_KEY] = ctx
            return ctx
        show_blocking_problems(result, get_lang())
    ds = result.dataset
    filters = sidebar(ds)
    lang = get_lang()
    view = cached(apply_filters, ds, filters)
    with st.sidebar:
        if st.session_state.get(_PLAN_GONE) and st.session_state.get(IMPORTED_KEY) is None:
            st.warning(t("plan_gone", lang))
        if st.session_state.get(IMPORTED_KEY) is not None:
            st.info(t("dataset_imported", lang))
            if st.button(t("dataset_back", lang), key="fg_back_to_shipped"):
                del st.session_state[IMPORTED_KEY]
                st.rerun()
        if filters.active:
            st.caption(t("filter_active", lang, n=len(view.tasks), u=len(view.units)))
        if result.warnings:
            st.caption("⚠ " + t("ov_quality", lang) + f": {len(result.warnings)}")
    ctx = PageContext(lang=lang, dataset=ds, filters=filters, view=view, result=result)
    if hand_over:
        st.session_state[CTX_KEY] = ctx  # for the page of this run: context() takes it
    return ctx


def context() -> PageContext:
    """The context app.py built for this run and handed over; a page run on its own (no app.py, nothing handed
    over) builds its own, on every run."""
    ctx = st.session_state.pop(CTX_KEY, None)
    return ctx if ctx is not None else build_context(hand_over=False)


def require_tasks(ctx: PageContext) -> None:
    """Stop the page with a hint when the filters leave nothing to show."""
    if ctx.view.tasks.empty or ctx.view.assignments.empty:
        st.info(t("filter_empty", ctx.lang))
        st.stop()


def csv_download(df: pd.DataFrame, file_stem: str, key: str, lang: str) -> None:
    """A CSV download button (UTF-8 with BOM so Excel reads Chinese; formula-looking cells neutralised)."""
    from lib.exports import csv_bytes

    # built on click (a callable): no bytes kept per session on every rerun, no stale download URL under load
    st.download_button(t("download_csv", lang), lambda: csv_bytes(df), file_name=f"{file_stem}.csv", mime="text/csv",
                       key=key, on_click="ignore")


def _favicon() -> str:
    """assets/favicon.png as a data URL, read once: st.set_page_config would otherwise read the file every rerun."""
    import base64

    return "data:image/png;base64," + base64.b64encode((ROOT / "assets" / "favicon.png").read_bytes()).decode()


FAVICON = _favicon()
_NAV_KEY = "_fg_nav_pages"


def navigation_pages(pages: list[tuple[str, str, str, str]], lang: str) -> dict:
    """name → st.Page for app.py's PAGES (file in views/, url path, title key, icon), the first one the home page.

    Built once per session and language and kept in its state: making eight st.Page objects resolves eight paths,
    which a rerun need not repeat. Per session, not shared: st.navigation marks the page it returns as callable.
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


def _print_zoom(height: float) -> int:
    """Percent a chart of this height prints at to fit one page: 100, or 90 … 30 (the fgprint rules of _PRINT_CSS)."""
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
    config = {**kw.pop("config", {}), "displaylogo": False,
              "toImageButtonOptions": {"format": "png", "scale": 2, "filename": stem}}
    # a frozen figure's dict costs nothing; plotly's property access does
    height = fig.to_dict()["layout"].get("height") if isinstance(fig, FrozenFigure) else fig.layout.height
    zoom = _print_zoom(height or 450)
    # taller than a printed page: in a box the print styles scale down (its key names the zoom)
    with st.container(key=f"fgprint{zoom}_{key}") if zoom < 100 else nullcontext():
        event = st.plotly_chart(fig, key=key, config=config, **kw)
        if not presenting():
            def _svg() -> bytes:
                from lib.briefing import svg_bytes

                return svg_bytes(fig)

            st.download_button(t("chart_svg", lang), data=_svg, file_name=f"{stem}.svg", mime="image/svg+xml",
                               key=f"{key}_svg", type="tertiary", icon=":material/download:", on_click="ignore",
                               help=t("chart_svg_help", lang))
    return event


def progress_steps(ctx: PageContext) -> tuple[str, ...]:
    """("progress",) when the plan's ledger has records, so the briefing gains its progress slide; () otherwise
    (an empty ledger has nothing to show a meeting, and a database that cannot be opened stops nothing here)."""
    from lib.ledger.status import plan_key
    from lib.ledger.store import open_store, store_exists

    try:
        if not store_exists():
            return ()
        return ("progress",) if any(open_store().counts(plan_key(ctx.dataset, ctx.imported or None))) else ()
    except Exception:  # the Progress page itself says what is wrong with FENGONG_DB
        return ()


def progress_line(ctx: PageContext) -> str | None:
    """The overview's progress line for the plan's ledger, built once per ledger revision, day and language; None
    when the ledger has no record of the plan or cannot be read (reading never creates it)."""
    from lib.ledger.display import line_of
    from lib.ledger.status import plan_key
    from lib.ledger.store import open_store, store_exists
    from lib.transforms import today

    try:
        if not store_exists():
            return None
        store = open_store()
        key = plan_key(ctx.dataset, ctx.imported or None)
        rev = store.revision(key)
        if not (rev[0] or rev[2]):
            return None
        return cached(line_of, ctx.dataset, (store.label, key, *rev), today(), ctx.lang, _store=store, _plan_key=key)
    except Exception:  # the Progress page itself says what is wrong with FENGONG_DB
        return None
