"""What a session remembers and what its URL says: the language, presentation mode, the lead weight, the filters
and an imported plan, between the URL (?section=2&unit=市经信局&lang=en&present=1&plan=<id>) and session state.

Widgets keep their own state across page switches (persist_state="session"); only the URL is synced here, by hand,
because Streamlit 1.67's bind="query-params" puts format_func's label in the URL (streamlit#14224): a bound widget
drops ?section=2 (label "二、…"), ?unit=市经信局 in English, ?role=lead, ?lang=en and ?present=1 (checked in AppTest).
Nor for the number inputs (lead weight …): with a bound widget on the page, st.switch_page (the presentation bar's
next / previous) raises "Cannot clear query parameters … bound to widgets" (1.67, checked in chromium).
"""

from __future__ import annotations

import streamlit as st

from lib.data import Dataset
from lib.scenes.defaults import LEAD_WEIGHT
from lib.vocabulary import CATEGORIES, ROLES

LANG_KEY = "lang"  # the language radio's key (persist_state="session"); ?lang=en
PRESENT_KEY = "present"  # the presentation toggle's key (persist_state="session"); ?present=1
LEAD_WEIGHT_KEY = "wl_lead_weight"  # the workload page's weight (persist_state="session"), read by other pages
IMPORTED_KEY = "fg_imported_dataset"  # a plan imported in this browser session (lib.importer page)
IMPORTED_PLAN_KEY = "fg_imported_plan"  # its id in var/imports (lib.importer.store), carried in the URL as ?plan=
PLAN_GONE = "_fg_plan_gone"  # the link's ?plan= is no longer kept (lib.importer.store prunes old plans)
# what of the URL this session has read once (its plan, its filters), in one key: every key in session state costs
# every radio, select box and number input a little on every rerun (Streamlit lists the whole state for each)
URL_READ_KEY = "_fg_url_read"

# widget key → URL parameter; a link with these reproduces the view
FILTER_KEYS = ("f_section", "f_category", "f_unit", "f_role")
FILTER_PARAMS = dict(zip(FILTER_KEYS, ("section", "category", "unit", "role")))
URL_PARAMS = {**FILTER_PARAMS, LANG_KEY: "lang", PRESENT_KEY: PRESENT_KEY}


def init_from_url() -> None:
    """On a session's first run, before navigation is drawn: ?lang=en and ?present=1."""
    if LANG_KEY not in st.session_state:
        raw = [v for item in st.query_params.get_all("lang") for v in item.split(",") if v.strip()]
        st.session_state[LANG_KEY] = "en" if raw and raw[0] == "en" else "zh"
    if PRESENT_KEY not in st.session_state:
        st.session_state[PRESENT_KEY] = st.query_params.get(PRESENT_KEY) in ("1", "true")


def get_lang() -> str:
    """The current language, 'zh' or 'en' (readable before the radio is drawn: navigation titles need it)."""
    return "en" if st.session_state.get(LANG_KEY) == "en" else "zh"


def presenting() -> bool:
    """True in presentation mode (sidebar and chrome hidden, larger type, step-by-step briefing)."""
    return bool(st.session_state.get(PRESENT_KEY))


def set_present(value: bool) -> None:
    st.session_state[PRESENT_KEY] = value


def lead_weight() -> float:
    """The lead weight last chosen on the workload page, else the default."""
    return float(st.session_state.get(LEAD_WEIGHT_KEY, LEAD_WEIGHT))


def _first_time(what: str) -> bool:
    """True the first time this browser session asks about `what` of its URL ("plan", "filters"), False after."""
    done = st.session_state.get(URL_READ_KEY)
    if done is None:
        done = st.session_state[URL_READ_KEY] = set()
    if what in done:
        return False
    done.add(what)
    return True


def imported_plan_from_url() -> None:
    """On a session's first run, ?plan=<id> brings back a plan imported before a reload or in another tab."""
    if not _first_time("plan"):
        return
    pid = st.query_params.get("plan")
    if pid and st.session_state.get(IMPORTED_KEY) is None:
        from lib.importer import store

        kept = store.load(pid)
        if kept is not None:
            st.session_state[IMPORTED_KEY], st.session_state[IMPORTED_PLAN_KEY] = kept, pid
            store.touch(pid)  # a plan still opened is kept longer than one nobody opens
        else:
            st.session_state[PLAN_GONE] = True  # the sidebar says so, not silently the shipped plan


def filters_from_url(ds: Dataset) -> None:
    """Once per browser session, copy filter values from the URL into widget state (invalid values dropped)."""
    if not _first_time("filters"):
        return
    qp = st.query_params
    valid = {
        "f_section": {str(s): int(s) for s in ds.tasks["section"].unique()},
        "f_category": {c: c for c in CATEGORIES},
        "f_unit": {u: u for u in ds.units["unit"]},
        "f_role": {r: r for r in ROLES},
    }
    for key, name in FILTER_PARAMS.items():
        if name in qp:
            values = [valid[key][v] for item in qp.get_all(name) for v in url_values(item, valid[key])]
            st.session_state[key] = list(dict.fromkeys(values))


def url_values(item: str, valid) -> list[str]:
    """The known values in one URL parameter: the whole item when it is one (a unit named "甲,乙局", as write_url
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


def write_url() -> None:
    """Mirror the filters, the language, presentation mode and an imported plan's id into the URL, leaving
    page-specific parameters (?focus=, ?task=) alone."""
    s, qp = st.session_state, st.query_params
    present = set(qp)  # one read of the URL's names: most of the parameters are absent on most runs
    for key, name in URL_PARAMS.items():
        value = s.get(key)
        if key == LANG_KEY:
            value = ["en"] if value == "en" else []
        elif key == PRESENT_KEY:
            value = ["1"] if value else []
        current = qp.get_all(name) if name in present else []
        wanted = [str(v) for v in (value or [])]
        if current == wanted:
            continue
        if wanted:
            qp[name] = wanted
        elif name in present:
            del qp[name]
    plan = s.get(IMPORTED_PLAN_KEY) if s.get(IMPORTED_KEY) is not None else None
    if plan and (qp.get("plan") if "plan" in present else None) != plan:
        qp["plan"] = plan
    elif not plan and "plan" in present:
        del qp["plan"]
