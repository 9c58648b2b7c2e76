"""进展 Progress: the office's ledger (督办台账). Record updates and milestone reports, import a unit's ledger, and see
every task's status by area, the three-colour warning, overdue and due-soon lists, the lead-unit ranking, who has
handed in each milestone's report, and a task's full history. Open on a task with ?task=<id>."""

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
from lib.ledger.store import LedgerConfigError, Report, Update, database_url, open_store
from lib.textsafe import md_escape
from lib.ui import scenes as ui_scenes

SECTIONS = ("status", "record", "reports", "import", "history")
TOKEN, SAVED = "pg_token", "_pg_saved_token"  # the form's idempotency key, and the last one saved
RTOKEN, RSAVED = "pg_rtoken", "_pg_rsaved_token"
MSG = "_pg_msg"

ctx = ui.context()
lang, ds = ctx.lang, ctx.dataset
st.title(t("page_progress", lang))

try:
    url = database_url()
    store = open_store(url)
except (LedgerConfigError, sa.exc.SQLAlchemyError, OSError) as exc:
    st.error(t("pg_db_error", lang, err=md_escape(str(exc).splitlines()[0][:300])))
    st.stop()

real_key = S.plan_key(ds, ctx.imported or None)  # None: judged from where the plan was loaded
demo = st.toggle(t("pg_demo", lang), key="pg_demo", persist_state="session", help=t("pg_demo_help", lang))
plan_key = S.demo_key(real_key) if demo else real_key
today = transforms.today()
st.caption(t("pg_caption", lang, db=md_escape(store.label), plan=md_escape(plan_key)))
if demo:
    st.warning(t("pg_demo_banner", lang))

# the rules of the three colours, stated and adjustable
plan_schedule = ui_scenes.progress_schedule(ds)
options, default_due, start = plan_schedule.due_options, plan_schedule.default_due, plan_schedule.start
due_names = {d: name for name, d in options}
with st.expander(t("pg_rules", lang)):
    c1, c2, c3 = st.columns(3)
    soon = int(c1.number_input(t("pg_due_soon", lang), min_value=0, max_value=180, value=14, step=1,
                               key="pg_due_soon", persist_state="session"))
    tolerance = int(c2.number_input(t("pg_tolerance", lang), min_value=0, max_value=100, value=15, step=5,
                                    key="pg_tolerance", persist_state="session"))
    due = default_due
    if options:
        dues = list(due_names)
        due = c3.selectbox(t("pg_default_due", lang), dues, index=dues.index(default_due) if default_due in dues else 0,
                           format_func=lambda d: f"{due_names[d]} · {d.isoformat()}", key="pg_default_due",
                           persist_state="session")
# built once per ledger revision (any new record, from any session or replica, changes it), day, rules and language
revision = (store.label, plan_key, *store.revision(plan_key))
built = ui_scenes.progress_page(ds, revision, today, soon, tolerance, due, lang, ctx.font_size, _store=store,
                                _plan_key=plan_key)
p, updates, reports = built.progress, built.updates, built.reports
st.caption(t("pg_rules_line", lang, soon=soon, tol=tolerance, start=start.isoformat() if start else "—",
             due=due.isoformat() if due else "—", today=today.isoformat()))

c = p.counts
cols = st.columns(5)
cols[0].metric(t("pg_m_reported", lang), f"{c['reported']} / {c['tasks']}")
cols[1].metric(t("status_done", lang), c["done"])
cols[2].metric(t("warn_red", lang), c["red"])
cols[3].metric(t("warn_yellow", lang), c["yellow"])
cols[4].metric(t("warn_blue", lang), c["blue"])

if updates.empty and reports.empty:
    st.info(t("pg_empty_demo" if demo else "pg_empty", lang))
    # making the demo ledger writes too: only where recording is allowed
    if demo and ui.write_access().allowed and st.button(t("pg_demo_make", lang), key="pg_demo_make"):
        ups, reps = demo_records(ds, plan_key, today)
        store.add_updates(ups)
        for r in reps:
            store.add_report(r)
        st.rerun()

if ui.presenting():  # the briefing's progress slide: the picture, no forms
    st.markdown(display.progress_line(p, lang))  # our words, numbers and dates only: no data text to escape
    ui.chart(built.chart, "pg_chart", "progress", lang, theme=None)
    ui.chart(built.board, "pg_board", "progress", lang, theme=None)
    if built.rows["warnings"]:
        st.dataframe(built.tables["warnings"], hide_index=True, key="pg_present_warnings", width="stretch")
    st.stop()

# which part of the page: a ?task= link opens the record form on that task
task_ids = ds.tasks["task_id"].tolist()
titles = dict(zip(ds.tasks["task_id"], ds.tasks["title"]))
# a task picked in the matrix is the one the form opens on: on the first visit here, or when the pick changed since
# (not the matrix's own default on its first visit, which would move a half-filled form to task 1.1)
picked = st.session_state.get("mx_task")
seen_pick = st.session_state.get("_pg_mx_seen", "unset")
if picked in titles and (seen_pick == "unset" or (seen_pick is not None and picked != seen_pick)):
    st.session_state["pg_task"] = picked
    st.session_state["pg_section"] = "record"
st.session_state["_pg_mx_seen"] = picked
focus = st.query_params.get("task")
if focus in titles and focus != st.session_state.get("_pg_focus_seen"):
    st.session_state["pg_task"] = focus
    st.session_state["pg_section"] = "record"
st.session_state["_pg_focus_seen"] = focus
section = st.radio(t("pg_section", lang), SECTIONS, key="pg_section", horizontal=True, persist_state="session",
                   format_func=lambda s: t(f"pg_sec_{s}", lang), label_visibility="collapsed")


def _task_label(tid: str) -> str:
    return f"{tid} {titles.get(tid, '')}"


def _message() -> None:
    """The outcome of the last save, once."""
    msg = st.session_state.pop(MSG, None)
    if msg:
        kind, text = msg
        getattr(st, kind)(text)


def _writer() -> tuple[str | None, str]:
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
            left, wait = ui.key_attempts_left()
            if left <= 0:
                st.error(t("pg_key_locked", lang, s=math.ceil(wait)))
            else:
                with st.form("pg_key_form"):  # a form: the key is sent once, on submit, not on every keystroke
                    given = st.text_input(t("pg_key", lang), type="password", key="pg_key_input")
                    if st.form_submit_button(t("pg_key_submit", lang)):
                        if ui.check_editor_key(given):
                            st.rerun()
                        st.error(t("pg_key_wrong", lang, left=ui.key_attempts_left()[0]))
        return None, access.mode
    st.caption(t(access.reason, lang))
    name = st.text_input(t("pg_who", lang), key="pg_who", max_chars=60, persist_state="session",
                         placeholder=t("pg_who_hint", lang))
    return (name or "").strip(), access.mode


def _touch() -> None:
    """A change to a saved form starts a new record (a new idempotency key); until then a second click is the same."""
    if st.session_state.get(TOKEN) == st.session_state.get(SAVED):
        st.session_state[TOKEN] = uuid.uuid4().hex


def _rtouch() -> None:
    if st.session_state.get(RTOKEN) == st.session_state.get(RSAVED):
        st.session_state[RTOKEN] = uuid.uuid4().hex


def _allowed() -> bool:
    """Checked again when a save runs, not only when its button was drawn (a disabled button is no lock)."""
    access = ui.write_access()
    if not access.allowed:
        st.session_state[MSG] = ("error", t(access.reason, lang))
    return access.allowed


def _save_update(db: str, key: str, who: str, mode: str) -> None:
    s = st.session_state
    if not _allowed():
        return
    u = Update(idem_key="form:" + s[TOKEN], plan_key=key, task_id=s["pg_task"], unit=s["pg_unit"],
               status=s["pg_status"], as_of=s["pg_as_of"], recorded_by=who, percent=s.get("pg_percent"),
               due_date=s.get("pg_due"), note=(s.get("pg_note") or "").strip(), source=f"form:{mode}")
    problems = u.problems()
    if problems:
        s[MSG] = ("error", "；".join(t(p, lang) for p in problems))
        return
    try:
        new = open_store(db).add_update(u)
    except sa.exc.SQLAlchemyError as exc:
        s[MSG] = ("error", t("pg_save_failed", lang, err=md_escape(str(exc).splitlines()[0][:200])))
        return
    s[SAVED] = s[TOKEN]
    if new:
        s[MSG] = ("success", t("pg_saved", lang, task=md_escape(u.task_id), unit=md_escape(u.unit),
                               status=display.status_label(u.status, lang)))
        s["pg_note"] = ""  # ready for the next update; task, unit and dates stay
    else:
        s[MSG] = ("info", t("pg_saved_already", lang))


def _save_report(db: str, key: str, who: str, mode: str) -> None:
    s = st.session_state
    if not _allowed():
        return
    r = Report(idem_key="form:" + s[RTOKEN], plan_key=key, milestone=s["pg_ms"], unit=s["pg_ms_unit"],
               handed_in=s["pg_ms_date"], recorded_by=who, note=(s.get("pg_ms_note") or "").strip(),
               source=f"form:{mode}")
    problems = r.problems()
    if problems:
        s[MSG] = ("error", "；".join(t(p, lang) for p in problems))
        return
    try:
        new = open_store(db).add_report(r)
    except sa.exc.SQLAlchemyError as exc:
        s[MSG] = ("error", t("pg_save_failed", lang, err=md_escape(str(exc).splitlines()[0][:200])))
        return
    s[RSAVED] = s[RTOKEN]
    s[MSG] = ("success", t("pg_report_saved", lang, unit=md_escape(r.unit), ms=md_escape(r.milestone))) if new \
        else ("info", t("pg_saved_already", lang))


if section == "status":
    st.subheader(t("pg_by_area", lang))
    ui.chart(built.chart, "pg_chart", "progress", lang, theme=None)
    st.caption(t("pg_by_area_caption", lang))
    st.subheader(t("pg_warnings", lang))
    ui.chart(built.board, "pg_board", "progress", lang, theme=None)
    for name, heading in (("warnings", ""), ("overdue", t("pg_overdue", lang)),
                          ("due_soon", t("pg_due_soon_list", lang, n=soon))):
        if heading:
            st.subheader(heading)
        if not built.rows[name]:
            st.caption(t("pg_no_warnings" if name == "warnings" else "pg_none", lang))
        else:
            st.dataframe(built.tables[name], hide_index=True, key=f"pg_{name}_df", width="stretch",
                         height=min(35 * (built.rows[name] + 1) + 3, 420))
    st.subheader(t("pg_ranking", lang))
    rank_by = st.radio(t("pg_rank_by", lang), ["late", "missing"], key="pg_rank_by", horizontal=True,
                       persist_state="session", format_func=lambda b: t(f"pg_rank_by_{b}", lang))
    st.dataframe(built.tables["ranking" if rank_by == "late" else "ranking_missing"], hide_index=True,
                 key="pg_ranking_df", width="stretch")
    st.caption(t("pg_ranking_caption", lang))
    st.subheader(t("pg_all_tasks", lang))
    st.dataframe(built.tables["tasks"], hide_index=True, key="pg_tasks_df", width="stretch",
                 height=min(35 * (built.rows["tasks"] + 1) + 3, 900))
    st.caption(t("pg_status_rule", lang))

elif section == "record":
    st.subheader(t("pg_record", lang))
    _message()
    who, mode = _writer()
    st.session_state.setdefault(TOKEN, uuid.uuid4().hex)
    if st.session_state.get("pg_task") not in titles:
        st.session_state["pg_task"] = task_ids[0]
    task_col, unit_col = st.columns(2)
    task_id = task_col.selectbox(t("task", lang), task_ids, key="pg_task", format_func=_task_label,
                                 persist_state="session", on_change=_touch)
    st.query_params["task"] = task_id  # the address bar links to this task's form
    st.session_state["_pg_focus_seen"] = task_id
    row = ds.tasks.set_index("task_id").loc[task_id]
    roles = {u: "lead" for u in S.units_of(row["lead_units"])}
    roles.update({u: "support" for u in S.units_of(row["support_units"]) if u not in roles})
    if st.session_state.get("pg_unit") not in roles:
        st.session_state["pg_unit"] = next(iter(roles))
    unit_col.selectbox(t("unit", lang), list(roles), key="pg_unit", persist_state="session", on_change=_touch,
                       format_func=lambda u: f"{ctx.unit_name(u)}（{t('role_' + roles[u], lang)}）")
    st.radio(t("pg_col_status", lang), STATUSES, key="pg_status", horizontal=True, persist_state="session",
             on_change=_touch, format_func=lambda s: display.status_label(s, lang))
    a, b, c_ = st.columns(3)
    a.number_input(t("pg_percent", lang), min_value=0, max_value=100, value=None, step=5, key="pg_percent",
                   persist_state="session", on_change=_touch, placeholder=t("pg_optional", lang))
    b.date_input(t("pg_due", lang), value=None, key="pg_due", persist_state="session", on_change=_touch,
                 format="YYYY-MM-DD")
    c_.date_input(t("pg_as_of", lang), value=today, key="pg_as_of", persist_state="session", on_change=_touch,
                  format="YYYY-MM-DD")
    st.text_area(t("pg_note", lang), key="pg_note", persist_state="session", on_change=_touch, max_chars=4000,
                 placeholder=t("pg_note_hint", lang))
    st.button(t("pg_save", lang), key="pg_save", type="primary", disabled=not who, on_click=_save_update,
              args=(url, plan_key, who or "", mode), help=None if who else t("pg_save_needs", lang))
    st.subheader(t("pg_history_of", lang, task=md_escape(_task_label(task_id))))
    hist = display.history_table(updates, task_id, lang)
    if hist.empty:
        st.caption(t("pg_history_none", lang))
    else:
        st.dataframe(hist, hide_index=True, key="pg_record_history", width="stretch")

elif section == "reports":
    st.subheader(t("pg_reports", lang))
    if not built.rows["milestones"]:
        st.info(t("pg_reports_none", lang))
    else:
        st.dataframe(built.tables["milestones"], hide_index=True, key="pg_ms_summary", width="stretch")
        st.caption(t("pg_reports_caption", lang))
        milestones = list(dict.fromkeys(p.reports["milestone"]))
        ms_due = dict(zip(p.reports["milestone"], p.reports["due"]))
        st.subheader(t("pg_report_record", lang))
        _message()
        who, mode = _writer()
        st.session_state.setdefault(RTOKEN, uuid.uuid4().hex)
        a, b = st.columns(2)
        ms = a.selectbox(t("pg_col_milestone", lang), milestones, key="pg_ms", persist_state="session",
                         on_change=_rtouch, format_func=lambda m: f"{m} · {ms_due[m].isoformat()}")
        expected = p.reports.loc[p.reports["milestone"] == ms, "unit"].tolist()
        if st.session_state.get("pg_ms_unit") not in expected:
            st.session_state["pg_ms_unit"] = expected[0]
        b.selectbox(t("unit", lang), expected, key="pg_ms_unit", persist_state="session", on_change=_rtouch,
                    format_func=ctx.unit_name)
        a.date_input(t("pg_handed_in", lang), value=today, key="pg_ms_date", persist_state="session",
                     on_change=_rtouch, format="YYYY-MM-DD")
        b.text_input(t("pg_note", lang), key="pg_ms_note", persist_state="session", on_change=_rtouch,
                     max_chars=4000)
        st.button(t("pg_report_save", lang), key="pg_ms_save", type="primary", disabled=not who,
                  on_click=_save_report, args=(url, plan_key, who or "", mode))
        st.subheader(t("pg_report_units", lang, ms=md_escape(ms)))
        st.dataframe(display.milestone_table(p, ms, lang), hide_index=True, key="pg_ms_units", width="stretch")

elif section == "import":
    st.subheader(t("pg_import", lang))
    st.caption(t("pg_import_caption", lang))
    st.download_button(t("pg_template", lang), lambda: exports.excel_bytes({t("pg_sheet_updates", lang): template_frame()}),
                       file_name=f"{exports.file_stem('progress')}-template.xlsx", key="pg_template", on_click="ignore")
    who, mode = _writer()
    up = st.file_uploader(t("pg_import_file", lang), type=["xlsx", "csv"], key="pg_upload")
    as_of = st.date_input(t("pg_import_as_of", lang), value=today, key="pg_import_as_of", format="YYYY-MM-DD")
    if up is not None:
        chk = check_ledger(up.getvalue(), up.name, ds, plan_key, as_of=as_of, recorded_by=who or "?")
        if chk.problems:
            st.error(t("pg_import_bad", lang, file=md_escape(up.name), n=len(chk.problems), rows=chk.rows_read))
            st.dataframe({t("pg_col_problem", lang): [pr.message(lang) for pr in chk.problems]}, hide_index=True,
                         key="pg_import_problems", width="stretch")
        else:
            st.success(t("pg_import_good", lang, file=md_escape(up.name), n=len(chk.updates)))
            st.dataframe({t("task_id", lang): [u.task_id for u in chk.updates],
                          t("unit", lang): [u.unit for u in chk.updates],
                          t("pg_col_status", lang): [display.status_label(u.status, lang) for u in chk.updates],
                          t("pg_col_percent", lang): [u.percent for u in chk.updates],
                          t("pg_col_due", lang): [u.due_date.isoformat() if u.due_date else "" for u in chk.updates],
                          t("pg_col_note", lang): [u.note for u in chk.updates]},
                         hide_index=True, key="pg_import_preview", width="stretch")
            if st.button(t("pg_import_go", lang, n=len(chk.updates)), key="pg_import_go", type="primary",
                         disabled=not who) and who and ui.write_access().allowed:
                new = store.add_updates(chk.updates)
                st.session_state[MSG] = ("success", t("pg_imported", lang, new=new, old=len(chk.updates) - new))
                st.rerun()
    _message()

else:  # history
    st.subheader(t("pg_history", lang))
    if st.session_state.get("pg_hist_task") not in titles:
        st.session_state["pg_hist_task"] = st.session_state.get("pg_task") if st.session_state.get("pg_task") in titles \
            else task_ids[0]
    hist_task = st.selectbox(t("task", lang), task_ids, key="pg_hist_task", format_func=_task_label,
                             persist_state="session")
    hist = display.history_table(updates, hist_task, lang)
    if hist.empty:
        st.caption(t("pg_history_none", lang))
    else:
        st.dataframe(hist, hide_index=True, key="pg_history_df", width="stretch")
    st.caption(t("pg_history_caption", lang))

st.divider()
st.download_button(t("pg_excel", lang), lambda: exports.ledger_excel(ds, updates, reports, p, lang),
                   file_name=f"{exports.file_stem('progress')}.xlsx", key="pg_excel", on_click="ignore",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
