"""进展 Progress: the office's ledger (督办台账). Record updates and milestone reports, import a unit's ledger, and see
every task's status by area, the three-colour warning, overdue and due-soon lists, the lead-unit ranking, who has
handed in each milestone's report, and a task's full history. Open on a task with ?task=<id>.

The page reads top to bottom: the ledger opened, the rules, the counts, then one of SECTIONS (a function each, at
the bottom), then the Excel download. The forms save through on_click callbacks, which run before the next rerun.
"""

import datetime as dt
import functools
import math
import uuid

import sqlalchemy as sa
import streamlit as st

from lib import exports, transforms, ui
from lib.i18n import t
from lib.ledger import display
from lib.ledger import status as S
from lib.ledger.demo import demo_records
from lib.ledger.ledgerfile import check_ledger, template_frame
from lib.ledger.schema import STATUSES
from lib.ledger.store import LEDGER_ERRORS, Report, Update, database_url, open_store
from lib.textsafe import md_escape
from lib.ui import scenes as ui_scenes

TOKEN, SAVED = "pg_token", "_pg_saved_token"  # the update form's idempotency key, and the last one saved
RTOKEN, RSAVED = "pg_rtoken", "_pg_rsaved_token"  # the same for the milestone-report form
MSG = "_pg_msg"  # the last save's outcome, shown once on the next run
# the matrix's pick ("mx") and the ?task= link ("focus") as last seen here; one key (see lib.ui.state.URL_READ_KEY)
SEEN = "_pg_seen"
# the rules' defaults (lib.ledger.status.Thresholds): "due soon" within 14 days; behind by more than 15 points
DUE_SOON_DAYS, TOLERANCE = S.Thresholds.due_soon_days, S.Thresholds.pace_tolerance


Page = display.PageInputs  # what every section reads (declared in lib: a dataclass made per rerun costs 1.5 ms)


# --- the rules, the counts, an empty ledger -----------------------------------------------------------------------

def _rules(schedule, lang: str) -> tuple[int, int, dt.date | None]:
    """The three colours' rules, stated and adjustable: due-soon days, tolerance (percent points), default due.

    The expander runs its widgets only while it is open (on_change="rerun": opening it reruns the page); closed,
    their last values (persist_state keeps them) or the defaults apply, and the caption under the counts states them.
    """
    options, default_due = schedule.due_options, schedule.default_due
    due_names = {d: name for name, d in options}
    dues = list(due_names)
    rules = st.expander(t("pg_rules", lang), key="pg_rules_open", on_change="rerun")
    if not rules.open:
        s = st.session_state
        due = s.get("pg_default_due")
        if due not in due_names:  # never chosen, or chosen on another plan: what the select box would show
            due = default_due if default_due in due_names or not dues else dues[0]
        return int(s.get("pg_due_soon", DUE_SOON_DAYS)), int(s.get("pg_tolerance", TOLERANCE)), due
    with rules:
        c1, c2, c3 = st.columns(3)
        soon = int(c1.number_input(t("pg_due_soon", lang), min_value=0, max_value=180, value=DUE_SOON_DAYS, step=1,
                                   key="pg_due_soon", persist_state="session"))
        tolerance = int(c2.number_input(t("pg_tolerance", lang), min_value=0, max_value=100, value=TOLERANCE, step=5,
                                        key="pg_tolerance", persist_state="session"))
        due = default_due
        if options:
            due = c3.selectbox(t("pg_default_due", lang), dues,
                               index=dues.index(default_due) if default_due in dues else 0,
                               format_func=lambda d: f"{due_names[d]} · {d.isoformat()}", key="pg_default_due",
                               persist_state="session")
    return soon, tolerance, due


def _counts(counts: dict, lang: str) -> None:
    """Five counts in a row, sharing it equally (a row of stretching metrics: one block, where st.columns(5) is six,
    about a fifth of a millisecond of every rerun)."""
    row = st.container(horizontal=True)
    row.metric(t("pg_m_reported", lang), f"{counts['reported']} / {counts['tasks']}")
    row.metric(t("status_done", lang), counts["done"])
    row.metric(t("warn_red", lang), counts["red"])
    row.metric(t("warn_yellow", lang), counts["yellow"])
    row.metric(t("warn_blue", lang), counts["blue"])


def _empty(pg: Page, demo: bool) -> None:
    """The first step when the ledger holds nothing of the plan; in demo mode, a button that makes the demo ledger."""
    st.info(t("pg_empty_demo" if demo else "pg_empty", pg.lang))
    # making the demo ledger writes too: only where recording is allowed
    if demo and ui.write_access().allowed and st.button(t("pg_demo_make", pg.lang), key="pg_demo_make"):
        ups, reps = demo_records(pg.ds, pg.plan_key, pg.today)
        pg.store.add_updates(ups)
        for r in reps:
            pg.store.add_report(r)
        st.rerun()


def _presented(pg: Page) -> None:
    """The briefing's progress slide in presentation mode: the picture, no forms."""
    built, lang = pg.built, pg.lang
    st.markdown(display.progress_line(built.progress, lang))  # our words, numbers and dates only: nothing to escape
    ui.chart(built.chart, "pg_chart", "progress", lang)
    ui.chart(built.board, "pg_board", "progress", lang)
    if built.rows["warnings"]:
        st.dataframe(built.tables["warnings"], hide_index=True, key="pg_present_warnings", width="stretch")


def _open_on_task(labels: dict) -> None:
    """Which part of the page opens: a ?task= link, or a task newly picked in the matrix, opens the record form on it."""
    # on the first visit here, or when the matrix's pick changed since (not the matrix's own default on its first
    # visit, which would move a half-filled form to task 1.1)
    s = st.session_state
    seen = s.setdefault(SEEN, {})
    picked = s.get("mx_task")
    seen_pick = seen.get("mx", "unset")
    if picked in labels and (seen_pick == "unset" or (seen_pick is not None and picked != seen_pick)):
        s["pg_task"] = picked
        s["pg_section"] = "record"
    seen["mx"] = picked
    focus = st.query_params.get("task")
    if focus in labels and focus != seen.get("focus"):
        s["pg_task"] = focus
        s["pg_section"] = "record"
    seen["focus"] = focus


# --- who writes, and saving -----------------------------------------------------------------------------------------

def _message() -> None:
    """The outcome of the last save, once."""
    msg = st.session_state.pop(MSG, None)
    if msg:
        kind, text = msg
        getattr(st, kind)(text)


def _writer(lang: str) -> tuple[str | None, str]:
    """(the name this session records under, or None when it may not write; the way it was allowed)."""
    access = ui.write_access()
    if access.allowed and access.who:
        st.caption(t("pg_writing_as", lang, who=md_escape(access.who)))
        return access.who, access.mode
    if not access.allowed:
        st.warning(t(access.reason, lang))
        if access.mode == "login":
            st.button(t("pg_login", lang), key="pg_login", on_click=st.login)
        if access.mode == "key":
            _editor_key_form(lang)
        return None, access.mode
    st.caption(t(access.reason, lang))
    name = st.text_input(t("pg_who", lang), key="pg_who", max_chars=60, persist_state="session",
                         placeholder=t("pg_who_hint", lang))
    return (name or "").strip(), access.mode


def _editor_key_form(lang: str) -> None:
    """The editor key, asked for in a form (sent once, on submit, not on every keystroke), or the lockout's wait."""
    left, wait = ui.key_attempts_left()
    if left <= 0:
        st.error(t("pg_key_locked", lang, s=math.ceil(wait)))
        return
    with st.form("pg_key_form"):
        given = st.text_input(t("pg_key", lang), type="password", key="pg_key_input")
        if st.form_submit_button(t("pg_key_submit", lang)):
            if ui.check_editor_key(given):
                st.rerun()
            st.error(t("pg_key_wrong", lang, left=ui.key_attempts_left()[0]))


def _new_key(token: str, saved: str) -> None:
    """A change to a saved form starts a new record (a new idempotency key); until then a second click is the same."""
    if st.session_state.get(token) == st.session_state.get(saved):
        st.session_state[token] = uuid.uuid4().hex


_touch = functools.partial(_new_key, TOKEN, SAVED)  # on_change of the update form's widgets
_rtouch = functools.partial(_new_key, RTOKEN, RSAVED)  # on_change of the report form's widgets


def _allowed(lang: str) -> bool:
    """Checked again when a save runs, not only when its button was drawn (a disabled button is no lock)."""
    access = ui.write_access()
    if not access.allowed:
        st.session_state[MSG] = ("error", t(access.reason, lang))
    return access.allowed


def _store_record(record, add, token: str, saved: str, done: str, lang: str) -> bool:
    """Check the record, add it (`add`, the store's add_update / add_report) and say how it went in MSG: `done` when
    it is new, "saved already" when its key was. True when it was added now."""
    s = st.session_state
    problems = record.problems()
    if problems:
        s[MSG] = ("error", "；".join(t(p, lang) for p in problems))
        return False
    try:
        new = add(record)
    except sa.exc.SQLAlchemyError as exc:
        s[MSG] = ("error", t("pg_save_failed", lang, err=md_escape(str(exc).splitlines()[0][:200])))
        return False
    s[saved] = s[token]
    s[MSG] = ("success", done) if new else ("info", t("pg_saved_already", lang))
    return bool(new)


def _save_update(db: str, key: str, who: str, mode: str, lang: str) -> None:
    s = st.session_state
    if not _allowed(lang):
        return
    u = Update(idem_key="form:" + s[TOKEN], plan_key=key, task_id=s["pg_task"], unit=s["pg_unit"],
               status=s["pg_status"], as_of=s["pg_as_of"], recorded_by=who, percent=s.get("pg_percent"),
               due_date=s.get("pg_due"), note=(s.get("pg_note") or "").strip(), source=f"form:{mode}")
    done = t("pg_saved", lang, task=md_escape(u.task_id), unit=md_escape(u.unit),
             status=display.status_label(u.status, lang))
    if _store_record(u, open_store(db).add_update, TOKEN, SAVED, done, lang):
        s["pg_note"] = ""  # ready for the next update; task, unit and dates stay


def _save_report(db: str, key: str, who: str, mode: str, lang: str) -> None:
    s = st.session_state
    if not _allowed(lang):
        return
    r = Report(idem_key="form:" + s[RTOKEN], plan_key=key, milestone=s["pg_ms"], unit=s["pg_ms_unit"],
               handed_in=s["pg_ms_date"], recorded_by=who, note=(s.get("pg_ms_note") or "").strip(),
               source=f"form:{mode}")
    done = t("pg_report_saved", lang, unit=md_escape(r.unit), ms=md_escape(r.milestone))
    _store_record(r, open_store(db).add_report, RTOKEN, RSAVED, done, lang)


# --- the sections ---------------------------------------------------------------------------------------------------

def _status_section(pg: Page) -> None:
    """Status by area, the three-colour warnings, overdue and due soon, the lead-unit ranking, every task."""
    built, lang = pg.built, pg.lang
    st.subheader(t("pg_by_area", lang))
    ui.chart(built.chart, "pg_chart", "progress", lang)
    st.caption(t("pg_by_area_caption", lang))
    st.subheader(t("pg_warnings", lang))
    ui.chart(built.board, "pg_board", "progress", lang)
    for name, heading in (("warnings", ""), ("overdue", t("pg_overdue", lang)),
                          ("due_soon", t("pg_due_soon_list", lang, n=pg.soon))):
        if heading:
            st.subheader(heading)
        if not built.rows[name]:
            st.caption(t("pg_no_warnings" if name == "warnings" else "pg_none", lang))
        else:
            st.dataframe(built.tables[name], hide_index=True, key=f"pg_{name}_df", width="stretch",
                         height=ui.table_height(built.rows[name], 420))
    st.subheader(t("pg_ranking", lang))
    rank_by = st.radio(t("pg_rank_by", lang), ["late", "missing"], key="pg_rank_by", horizontal=True,
                       persist_state="session", format_func=lambda b: t(f"pg_rank_by_{b}", lang))
    st.dataframe(built.tables["ranking" if rank_by == "late" else "ranking_missing"], hide_index=True,
                 key="pg_ranking_df", width="stretch")
    st.caption(t("pg_ranking_caption", lang))
    st.subheader(t("pg_all_tasks", lang))
    st.dataframe(built.tables["tasks"], hide_index=True, key="pg_tasks_df", width="stretch",
                 height=ui.table_height(built.rows["tasks"], 900))
    st.caption(t("pg_status_rule", lang))


def _record_section(pg: Page) -> None:
    """The update form (task, unit, status, percent, dates, note) and the chosen task's history."""
    lang, ds, labels = pg.lang, pg.ds, pg.labels
    task_ids = list(labels)
    st.subheader(t("pg_record", lang))
    _message()
    who, mode = _writer(lang)
    st.session_state.setdefault(TOKEN, uuid.uuid4().hex)
    if st.session_state.get("pg_task") not in labels:
        st.session_state["pg_task"] = task_ids[0]
    task_col, unit_col = st.columns(2)
    task_id = task_col.selectbox(t("task", lang), task_ids, key="pg_task", format_func=labels.__getitem__,
                                 persist_state="session", on_change=_touch)
    st.query_params["task"] = task_id  # the address bar links to this task's form
    st.session_state.setdefault(SEEN, {})["focus"] = task_id
    roles = ui_scenes.task_roles(ds)[task_id]  # unit → "lead" / "support", leads first
    if st.session_state.get("pg_unit") not in roles:
        st.session_state["pg_unit"] = next(iter(roles))
    unit_col.selectbox(t("unit", lang), list(roles), key="pg_unit", persist_state="session", on_change=_touch,
                       format_func=lambda u: f"{pg.unit_name(u)}（{t('role_' + roles[u], lang)}）")
    st.radio(t("pg_col_status", lang), STATUSES, key="pg_status", horizontal=True, persist_state="session",
             on_change=_touch, format_func=lambda s: display.status_label(s, lang))
    a, b, c = st.columns(3)
    a.number_input(t("pg_percent", lang), min_value=0, max_value=100, value=None, step=5, key="pg_percent",
                   persist_state="session", on_change=_touch, placeholder=t("pg_optional", lang))
    b.date_input(t("pg_due", lang), value=None, key="pg_due", persist_state="session", on_change=_touch,
                 format="YYYY-MM-DD")
    c.date_input(t("pg_as_of", lang), value=pg.today, key="pg_as_of", persist_state="session", on_change=_touch,
                 format="YYYY-MM-DD")
    st.text_area(t("pg_note", lang), key="pg_note", persist_state="session", on_change=_touch, max_chars=4000,
                 placeholder=t("pg_note_hint", lang))
    st.button(t("pg_save", lang), key="pg_save", type="primary", disabled=not who, on_click=_save_update,
              args=(pg.url, pg.plan_key, who or "", mode, lang), help=None if who else t("pg_save_needs", lang))
    st.subheader(t("pg_history_of", lang, task=md_escape(pg.task_label(task_id))))
    hist = display.history_table(pg.built.updates, task_id, lang)
    if hist.empty:
        st.caption(t("pg_history_none", lang))
    else:
        st.dataframe(hist, hide_index=True, key="pg_record_history", width="stretch")


def _reports_section(pg: Page) -> None:
    """Who has handed in each milestone's report, the report form, and the chosen milestone's units."""
    lang, built = pg.lang, pg.built
    expected = built.progress.reports  # status.milestone_reports: one row per (milestone, expected unit)
    st.subheader(t("pg_reports", lang))
    if not built.rows["milestones"]:
        st.info(t("pg_reports_none", lang))
        return
    st.dataframe(built.tables["milestones"], hide_index=True, key="pg_ms_summary", width="stretch")
    st.caption(t("pg_reports_caption", lang))
    milestones = list(dict.fromkeys(expected["milestone"]))
    ms_due = dict(zip(expected["milestone"], expected["due"]))
    st.subheader(t("pg_report_record", lang))
    _message()
    who, mode = _writer(lang)
    st.session_state.setdefault(RTOKEN, uuid.uuid4().hex)
    a, b = st.columns(2)
    ms = a.selectbox(t("pg_col_milestone", lang), milestones, key="pg_ms", persist_state="session",
                     on_change=_rtouch, format_func=lambda m: f"{m} · {ms_due[m].isoformat()}")
    units = expected.loc[expected["milestone"] == ms, "unit"].tolist()
    if st.session_state.get("pg_ms_unit") not in units:
        st.session_state["pg_ms_unit"] = units[0]
    b.selectbox(t("unit", lang), units, key="pg_ms_unit", persist_state="session", on_change=_rtouch,
                format_func=pg.unit_name)
    a.date_input(t("pg_handed_in", lang), value=pg.today, key="pg_ms_date", persist_state="session",
                 on_change=_rtouch, format="YYYY-MM-DD")
    b.text_input(t("pg_note", lang), key="pg_ms_note", persist_state="session", on_change=_rtouch,
                 max_chars=4000)
    st.button(t("pg_report_save", lang), key="pg_ms_save", type="primary", disabled=not who,
              on_click=_save_report, args=(pg.url, pg.plan_key, who or "", mode, lang))
    st.subheader(t("pg_report_units", lang, ms=md_escape(ms)))
    st.dataframe(display.milestone_table(built.progress, ms, lang), hide_index=True, key="pg_ms_units",
                 width="stretch")


def _import_section(pg: Page) -> None:
    """A unit's ledger file (Excel or CSV): the template, the upload, its check, then adding its rows."""
    lang, ds = pg.lang, pg.ds
    st.subheader(t("pg_import", lang))
    st.caption(t("pg_import_caption", lang))
    st.download_button(t("pg_template", lang),
                       lambda: exports.excel_bytes({t("pg_sheet_updates", lang): template_frame()}),
                       file_name=f"{exports.file_stem('progress')}-template.xlsx", key="pg_template",
                       on_click="ignore")
    who, _ = _writer(lang)
    up = st.file_uploader(t("pg_import_file", lang), type=["xlsx", "csv"], key="pg_upload")
    as_of = st.date_input(t("pg_import_as_of", lang), value=pg.today, key="pg_import_as_of", format="YYYY-MM-DD")
    if up is not None:
        chk = check_ledger(up.getvalue(), up.name, ds, pg.plan_key, as_of=as_of, recorded_by=who or "?")
        if chk.problems:
            st.error(t("pg_import_bad", lang, file=md_escape(up.name), n=len(chk.problems), rows=chk.rows_read))
            st.dataframe({t("pg_col_problem", lang): [pr.message(lang) for pr in chk.problems]}, hide_index=True,
                         key="pg_import_problems", width="stretch")
        else:
            st.success(t("pg_import_good", lang, file=md_escape(up.name), n=len(chk.updates)))
            _import_preview(chk.updates, lang)
            if st.button(t("pg_import_go", lang, n=len(chk.updates)), key="pg_import_go", type="primary",
                         disabled=not who) and who and ui.write_access().allowed:
                new = pg.store.add_updates(chk.updates)
                st.session_state[MSG] = ("success", t("pg_imported", lang, new=new, old=len(chk.updates) - new))
                st.rerun()
    _message()


def _import_preview(updates, lang: str) -> None:
    """The rows a checked ledger file would add."""
    st.dataframe({t("task_id", lang): [u.task_id for u in updates],
                  t("unit", lang): [u.unit for u in updates],
                  t("pg_col_status", lang): [display.status_label(u.status, lang) for u in updates],
                  t("pg_col_percent", lang): [u.percent for u in updates],
                  t("pg_col_due", lang): [u.due_date.isoformat() if u.due_date else "" for u in updates],
                  t("pg_col_note", lang): [u.note for u in updates]},
                 hide_index=True, key="pg_import_preview", width="stretch")


def _history_section(pg: Page) -> None:
    """Every update of one task, newest first (the record form's task to begin with)."""
    lang, labels = pg.lang, pg.labels
    st.subheader(t("pg_history", lang))
    if st.session_state.get("pg_hist_task") not in labels:
        st.session_state["pg_hist_task"] = st.session_state.get("pg_task") if st.session_state.get("pg_task") in labels \
            else next(iter(labels))
    hist_task = st.selectbox(t("task", lang), list(labels), key="pg_hist_task", format_func=labels.__getitem__,
                             persist_state="session")
    hist = display.history_table(pg.built.updates, hist_task, lang)
    if hist.empty:
        st.caption(t("pg_history_none", lang))
    else:
        st.dataframe(hist, hide_index=True, key="pg_history_df", width="stretch")
    st.caption(t("pg_history_caption", lang))


# the page's parts, in the order of its section switch (pg_sec_<name> labels it)
SECTIONS = {"status": _status_section, "record": _record_section, "reports": _reports_section,
            "import": _import_section, "history": _history_section}


# --- the page ---------------------------------------------------------------------------------------------------

ctx = ui.context()
lang, ds = ctx.lang, ctx.dataset
st.title(t("page_progress", lang))

try:
    url = database_url()
    store = open_store(url)
except LEDGER_ERRORS as exc:
    st.error(t("pg_db_error", lang, err=md_escape(str(exc).splitlines()[0][:300])))
    st.stop()

real_key = ui.ledger_key(ctx)  # S.plan_key once per loaded plan (it hashes a number-less plan's tasks: 19 ms at 100×)
demo = st.toggle(t("pg_demo", lang), key="pg_demo", persist_state="session", help=t("pg_demo_help", lang))
plan_key = S.demo_key(real_key) if demo else real_key
today = transforms.today()
st.caption(t("pg_caption", lang, db=md_escape(store.label), plan=md_escape(plan_key)))
if demo:
    st.warning(t("pg_demo_banner", lang))

plan_schedule = ui_scenes.progress_schedule(ds)
soon, tolerance, due = _rules(plan_schedule, lang)
# built once per ledger revision (any new record, from any session or replica, changes it), day, rules and language
revision = (store.label, plan_key, *store.revision(plan_key))
built = ui_scenes.progress_page(ds, revision, today, soon, tolerance, due, lang, ctx.font_size, _store=store,
                                _plan_key=plan_key)
start = plan_schedule.start
st.caption(t("pg_rules_line", lang, soon=soon, tol=tolerance, start=start.isoformat() if start else "—",
             due=due.isoformat() if due else "—", today=today.isoformat()))
_counts(built.progress.counts, lang)

pg = Page(lang, ds, url, store, plan_key, today, soon, built, ui_scenes.task_labels(ds), ctx.unit_name)
if built.updates.empty and built.reports.empty:
    _empty(pg, demo)
if ui.presenting():
    _presented(pg)
    st.stop()

_open_on_task(pg.labels)
section = st.radio(t("pg_section", lang), list(SECTIONS), key="pg_section", horizontal=True, persist_state="session",
                   format_func=lambda s: t(f"pg_sec_{s}", lang), label_visibility="collapsed")
SECTIONS[section](pg)

st.divider()
st.download_button(t("pg_excel", lang),
                   lambda: exports.ledger_excel(ds, built.updates, built.reports, built.progress, lang),
                   file_name=f"{exports.file_stem('progress')}.xlsx", key="pg_excel", on_click="ignore",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
