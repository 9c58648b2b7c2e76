"""The shared sidebar app.py draws on every page: the language switch, the four filters, presentation mode."""

from __future__ import annotations

import streamlit as st

from lib.data import Dataset
from lib.i18n import category_label, role_label, t
from lib.textsafe import short_name
from lib.transforms import Filters, section_label, section_titles
from lib.ui.scenes import cached_function
from lib.ui.state import FILTER_KEYS, LANG_KEY, PRESENT_KEY, filters_from_url, get_lang, write_url
from lib.vocabulary import CATEGORIES, ROLES


@cached_function
def names_en(ds: Dataset) -> dict[str, str]:
    """Unit → English name, built once per plan (a unit picker's labels ask for it once per unit)."""
    return dict(zip(ds.units["unit"], ds.units["name_en"]))


@cached_function
def filter_options(ds: Dataset) -> dict:
    """What the sidebar's filters offer for this plan, built once per plan, not on every rerun."""
    titles = section_titles(ds.tasks)
    present = set(ds.units["category"])
    return {"sections": sorted(titles), "section_labels": {s: section_label(s, title) for s, title in titles.items()},
            "categories": [c for c in CATEGORIES if c in present], "units": ds.units["unit"].tolist()}


@cached_function
def filter_labels(ds: Dataset, lang: str) -> dict[str, dict]:
    """What each filter's options read as in lang, built once per plan and language: format_func is then a dict
    lookup instead of a Python call per option on every rerun (the unit picker has 290 options at 100×)."""
    english = names_en(ds)
    units = ds.units["unit"].tolist()
    return {"categories": {c: category_label(c, lang) for c in CATEGORIES},
            "units": {u: short_name(english.get(u, u) if lang == "en" else u) for u in units},
            "roles": {r: role_label(r, lang) for r in ROLES}}


_LANGUAGES = {"zh": "中文", "en": "English"}


def language_radio() -> None:
    """The 中文 / English switch; its state is the language."""
    st.radio(t("language"), ["zh", "en"], key=LANG_KEY, horizontal=True, persist_state="session",
             format_func=_LANGUAGES.__getitem__)


def _clear_filters() -> None:
    for key in FILTER_KEYS:
        st.session_state[key] = []


def sidebar(ds: Dataset) -> Filters:
    """The shared sidebar: language switch, the four filters and the presentation toggle; returns the filters.

    Every widget keeps its value for the session (persist_state="session"); a choice the plan no longer offers
    (another plan viewed) is dropped by the widget itself. The URL follows (state.write_url)."""
    filters_from_url(ds)
    opts = filter_options(ds)
    with st.sidebar:
        language_radio()
        lang = get_lang()
        labels = filter_labels(ds, lang)
        st.subheader(t("filters", lang))
        st.multiselect(t("filter_section", lang), opts["sections"], key="f_section", persist_state="session",
                       format_func=opts["section_labels"].get, placeholder=t("filter_all", lang))
        st.multiselect(t("filter_category", lang), opts["categories"], key="f_category", persist_state="session",
                       format_func=labels["categories"].__getitem__, placeholder=t("filter_all", lang))
        st.multiselect(t("filter_units", lang), opts["units"], key="f_unit", persist_state="session",
                       format_func=labels["units"].__getitem__, placeholder=t("filter_all", lang))
        st.pills(t("filter_role", lang), ROLES, key="f_role", selection_mode="multi", persist_state="session",
                 format_func=labels["roles"].__getitem__)
        picked = {key: tuple(st.session_state.get(key) or ()) for key in FILTER_KEYS}
        filters = Filters(sections=picked["f_section"], categories=picked["f_category"], units=picked["f_unit"],
                          roles=picked["f_role"])
        if filters.active:
            st.button(t("filter_reset", lang), key="f_reset", on_click=_clear_filters)
        st.divider()
        st.toggle(t("present_mode", lang), key=PRESENT_KEY, help=t("present_help", lang), persist_state="session")
    write_url()
    return filters
