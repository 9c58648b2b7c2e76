"""What every page starts from: the plan this session looks at, the shared sidebar's filters and the filtered view,
built once per run by app.py and handed to the page (ui.context())."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from lib.data import Dataset, LoadResult, data_dir, folder_signature, load_dataset
from lib.i18n import t
from lib.ledger.display import read_ledger
from lib.textsafe import md_escape, short_name
from lib.theme import BASE_FONT_SIZE, PRESENT_FONT_SIZE
from lib.transforms import Filters, View
from lib.ui import scenes as ui_scenes
from lib.ui.cache import LOADS
from lib.ui.sidebar import language_radio, names_en, sidebar
from lib.ui.state import IMPORTED_KEY, PLAN_GONE, get_lang, imported_plan_from_url, init_from_url, presenting

CTX_KEY = "_fg_ctx"


def _load_cached(folder: str, signature: tuple) -> LoadResult:
    """The plan in folder, loaded once per signature (mtimes and sizes: an edited file reloads). Shared, not
    copied: the dataset is read-only everywhere."""
    return LOADS.get((folder, signature), lambda: load_dataset(folder))


def load_current() -> LoadResult:
    """The plan this browser session looks at: an imported one (also from ?plan=<id>), else the data folder."""
    imported_plan_from_url()
    imported = st.session_state.get(IMPORTED_KEY)
    if imported is not None:
        return imported
    folder = data_dir()
    return _load_cached(str(folder), folder_signature(folder))


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
        return names_en(self.dataset)

    @property
    def font_size(self) -> int:
        """Chart font size: larger in presentation mode, for the back of the room."""
        return PRESENT_FONT_SIZE if presenting() else BASE_FONT_SIZE

    @property
    def imported(self) -> bool:
        return st.session_state.get(IMPORTED_KEY) is not None


def _problems(result: LoadResult, lang: str) -> str:
    return t("problems_stop", lang) + "\n\n" + "\n".join(f"- {md_escape(p.message(lang))}" for p in result.errors)


def show_blocking_problems(result: LoadResult, lang: str) -> None:
    """Errors stop the page with a message naming file, row, column and value."""
    st.error(_problems(result, lang))
    st.stop()


def _plan_notes(result: LoadResult, filters: Filters, view: View, lang: str) -> None:
    """Under the filters: an imported plan (and the way back), a link's plan no longer kept, the filtered counts."""
    if st.session_state.get(PLAN_GONE) and st.session_state.get(IMPORTED_KEY) is None:
        st.warning(t("plan_gone", lang))
    if st.session_state.get(IMPORTED_KEY) is not None:
        st.info(t("dataset_imported", lang))
        if st.button(t("dataset_back", lang), key="fg_back_to_shipped"):
            del st.session_state[IMPORTED_KEY]
            st.rerun()
    if filters.active:
        st.caption(t("filter_active", lang, n=len(view.tasks), u=len(view.units)))
    warnings = len(result.warnings)  # a list built from the problems on each call
    if warnings:
        st.caption("⚠ " + t("ov_quality", lang) + f": {warnings}")


def build_context(hand_over: bool = True, needs_plan: bool = True) -> PageContext:
    """Load the plan, draw the shared sidebar and keep the context for the page of this run.

    A page that needs no plan (needs_plan=False: the Import page) still runs when the data folder is broken: the
    problems are shown above it and its context has no dataset, filters or view."""
    init_from_url()  # done already when app.py runs; a page run on its own reads ?lang= here
    result = load_current()
    if result.dataset is None:
        with st.sidebar:
            language_radio()
        if needs_plan:
            show_blocking_problems(result, get_lang())
        st.error(_problems(result, get_lang()))
        ctx = PageContext(lang=get_lang(), dataset=None, filters=Filters(), view=None, result=result)
    else:
        filters = sidebar(result.dataset)
        lang = get_lang()
        view = ui_scenes.filtered(result.dataset, filters)
        with st.sidebar:
            _plan_notes(result, filters, view, lang)
        ctx = PageContext(lang=lang, dataset=result.dataset, filters=filters, view=view, result=result)
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


def ledger_key(ctx: PageContext) -> str:
    """The ledger's key of the plan in view, computed once per loaded plan (lib.ui.scenes.plan_key)."""
    return ui_scenes.plan_key(ctx.dataset, ctx.imported or None, str(data_dir()))


def progress_steps(ctx: PageContext) -> tuple[str, ...]:
    """("progress",) when the plan's ledger has records, so the briefing gains its progress slide; () otherwise
    (an empty ledger has nothing to show a meeting, and a database that cannot be opened stops nothing here)."""
    return ("progress",) if read_ledger(ledger_key(ctx), lambda _store, _revision: True) else ()


def progress_line(ctx: PageContext) -> str | None:
    """The overview's progress line for the plan's ledger, built once per ledger revision, day and language; None
    when the ledger has no record of the plan or cannot be read (reading never creates it)."""
    from lib.transforms import today

    key = ledger_key(ctx)
    return read_ledger(key, lambda store, revision: ui_scenes.progress_line(
        ctx.dataset, (store.label, key, *revision), today(), ctx.lang, _store=store, _plan_key=key))
