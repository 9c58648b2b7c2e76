"""What the Progress page, the overview, the briefing and the export show of the ledger: display tables with
localised headers and the status chart. No Streamlit here; built fresh on each run (the ledger changes between
runs, written by other sessions and other replicas)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd
import plotly.graph_objects as go

from lib.charts.base import esc, style
from lib.data import Dataset
from lib.i18n import t
from lib.ledger import status as S
from lib.theme import BASE_FONT_SIZE
from lib.transforms import section_label

T = TypeVar("T")


def status_label(code: str, lang: str = "zh") -> str:
    return t(f"status_{code}", lang)


def warning_label(colour, lang: str = "zh") -> str:
    return t(f"warn_{colour}", lang) if isinstance(colour, str) and colour else ""


def reason_text(row, lang: str = "zh") -> str:
    """Why a task carries its warning, in a sentence with its numbers."""
    reason = row.get("reason")
    if not isinstance(reason, str):
        return ""
    def whole(v):
        return "" if v is None or pd.isna(v) else abs(int(v))

    return t(f"reason_{reason}", lang, days=whole(row.get("days_left")), pct=whole(row.get("percent")),
             pace=whole(row.get("pace")))


def _iso(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else ""


@dataclass(frozen=True)
class Progress:
    """Everything the page shows for one plan's ledger on one day."""

    warned: pd.DataFrame  # status.warn's rows
    counts: dict
    reports: pd.DataFrame  # status.milestone_reports
    ranking: pd.DataFrame  # status.lead_ranking
    today: dt.date
    start: dt.date | None
    due: dt.date | None
    thresholds: S.Thresholds


def build(ds: Dataset, updates: pd.DataFrame, reports: pd.DataFrame, today: dt.date,
          thresholds: S.Thresholds | None = None, due: dt.date | None = None) -> Progress:
    """The plan's ledger judged on `today`: status and warning per task, milestone reports, the ranking."""
    th = thresholds or S.Thresholds()
    due = due or S.default_due(ds)
    start = S.plan_start(ds)
    warned = S.warn(S.current(ds, updates, due), start, today, th)
    table = S.milestone_reports(ds, reports, today, th)
    return Progress(warned=warned, counts=S.status_counts(warned), reports=table,
                    ranking=S.lead_ranking(ds, warned, table), today=today, start=start, due=due, thresholds=th)


def read_ledger(plan_key: str, read: Callable[[object, tuple], T]) -> T | None:
    """read(store, revision) on the ledger FENGONG_DB names, for what the overview, the briefing and presentation
    mode show of a plan's records: None when there is no ledger yet (reading never creates one: only the Progress
    page does), it holds no record of the plan (revision: Store.revision), or it cannot be read (store.LEDGER_ERRORS:
    these pages go on without it; the Progress page itself says what is wrong)."""
    from lib.ledger.store import LEDGER_ERRORS, open_store, store_exists

    try:
        if not store_exists():
            return None
        store = open_store()
        revision = store.revision(plan_key)
        if not (revision[0] or revision[2]):
            return None
        return read(store, revision)
    except LEDGER_ERRORS:
        return None


def load_progress(ds: Dataset, today: dt.date, imported: bool | None = None) -> Progress | None:
    """The plan's ledger (FENGONG_DB) judged on `today` with the default rules; None when there is no ledger yet,
    it holds nothing of this plan, or it cannot be read (read_ledger)."""
    key = S.plan_key(ds, imported)
    return read_ledger(key, lambda store, _revision: build(ds, store.updates(key), store.reports(key), today))


def status_chart(p: Progress, lang: str = "zh", font_size: int = BASE_FONT_SIZE) -> go.Figure:
    """Tasks per area stacked by status (one colour per status; 未报送 light grey), first area at the top."""
    areas = S.by_area(p.warned).iloc[::-1]
    # area titles are in Chinese only (the document's): English shows the area's number
    labels = [esc(section_label(int(s), str(title))) if lang != "en" else f"{t('section', lang)} {int(s)}"
              for s, title in zip(areas["section"], areas["section_title"])]
    fig = go.Figure()
    for code in S.STATUS_ORDER:
        counts = areas[code].astype(int).tolist()
        fig.add_bar(y=labels, x=counts, orientation="h", name=status_label(code, lang),
                    marker=dict(color=S.STATUS_COLORS[code], line=dict(color="white", width=1)),
                    text=[str(c) if c else "" for c in counts], textposition="inside", insidetextanchor="middle",
                    hovertemplate="%{y}<br>" + esc(status_label(code, lang)) + ": %{x}<extra></extra>")
    fig.update_layout(barmode="stack", legend=dict(traceorder="normal"), xaxis=dict(title=t("ov_tasks", lang), dtick=1 if len(p.warned) <= 12 else None),
                      yaxis=dict(automargin=True))
    return style(fig, height=max(260, 48 * len(areas) + 110), font_size=font_size)


NO_WARNING_COLOR = "#E4E1DC"


def warning_board(p: Progress, lang: str = "zh", font_size: int = BASE_FONT_SIZE) -> go.Figure:
    """Every task as a tile in its area's row, coloured by its warning (red, yellow, blue; light grey for none),
    labelled with its number; the hover gives title, lead unit, status and why."""
    w = p.warned
    xs, ys, colours, texts, hovers = [], [], [], [], []
    rows = []
    for section, group in w.groupby("section", sort=True):
        label = f"{t('section', lang)} {int(section)}" if lang == "en" else section_label(int(section), "")
        rows.append(label)
        for i, r in enumerate(group.to_dict("records")):
            xs.append(i + 1)
            ys.append(label)
            colours.append(S.WARNING_COLORS.get(r["warning"], NO_WARNING_COLOR))
            texts.append(esc(r["task_id"]))
            hovers.append("<br>".join(esc(x) for x in (
                f"{r['task_id']} {r['title']}", f"{t('lead_units', lang)}: {r['leads']}",
                f"{t('pg_col_status', lang)}: {status_label(r['status'], lang)}",
                warning_label(r["warning"], lang) or t("pg_no_warning", lang), reason_text(r, lang)) if x))
    fig = go.Figure(go.Scatter(
        x=xs, y=ys, mode="markers+text", text=texts, textfont=dict(color="#1F2328", size=font_size - 3),
        marker=dict(symbol="square", size=font_size * 2.6, color=colours, line=dict(color="white", width=1)),
        hovertext=hovers, hoverinfo="text", showlegend=False))
    for colour in S.WARNINGS:  # a legend of the three colours
        fig.add_scatter(x=[None], y=[None], mode="markers", name=t(f"warn_{colour}", lang),
                        marker=dict(symbol="square", size=14, color=S.WARNING_COLORS[colour]))
    fig.update_layout(xaxis=dict(visible=False, range=[0.3, max(xs or [1]) + 0.7]),
                      yaxis=dict(categoryorder="array", categoryarray=rows[::-1], automargin=True))
    return style(fig, height=max(220, int(font_size * 3.4) * len(rows) + 110), font_size=font_size)


def tasks_table(p: Progress, lang: str = "zh") -> pd.DataFrame:
    """Every task: number, title, lead, status, percent, due, warning and why, last report, updates."""
    w = p.warned
    return pd.DataFrame({
        t("task_id", lang): w["task_id"], t("title", lang): w["title"], t("lead_units", lang): w["leads"],
        t("pg_col_status", lang): [status_label(s, lang) for s in w["status"]],
        t("pg_col_percent", lang): [None if pd.isna(v) else int(v) for v in w["percent"]],
        t("pg_col_due", lang): [_iso(d) for d in w["due"]],
        t("pg_col_warning", lang): [warning_label(c, lang) for c in w["warning"]],
        t("pg_col_reason", lang): [reason_text(r, lang) for r in w.to_dict("records")],
        t("pg_col_as_of", lang): [_iso(d) for d in w["as_of"]],
        t("pg_col_updates", lang): w["updates"].astype(int),
    })


def warning_table(p: Progress, lang: str = "zh") -> pd.DataFrame:
    """Tasks with a warning, red first, then yellow, then blue; by due date within a colour."""
    w = p.warned[p.warned["warning"].notna()].copy()
    w["_order"] = w["warning"].map({c: i for i, c in enumerate(S.WARNINGS)})
    w = w.sort_values(["_order", "days_left", "task_id"], kind="stable")
    return tasks_table(Progress(w, p.counts, p.reports, p.ranking, p.today, p.start, p.due, p.thresholds), lang)


def due_lists(p: Progress, lang: str = "zh") -> tuple[pd.DataFrame, pd.DataFrame]:
    """(overdue, due soon): tasks and milestone reports, each row saying what, who, the due day and how far off."""
    def rows(colour: str, state: str) -> list[dict]:
        out = []
        for r in p.warned[p.warned["warning"] == colour].sort_values(["days_left", "task_id"]).itertuples():
            out.append({t("pg_col_kind", lang): t("pg_kind_task", lang), t("pg_col_what", lang): f"{r.task_id} {r.title}",
                        t("unit", lang): r.leads, t("pg_col_due", lang): _iso(r.due),
                        t("pg_col_days", lang): int(r.days_left), t("pg_col_status", lang): status_label(r.status, lang)})
        rep = p.reports[p.reports["state"] == state] if not p.reports.empty else p.reports
        for r in rep.sort_values(["due", "milestone", "unit"]).itertuples():
            out.append({t("pg_col_kind", lang): t("pg_kind_report", lang),
                        t("pg_col_what", lang): (r.milestone_en or r.milestone) if lang == "en" else r.milestone,
                        t("unit", lang): r.unit, t("pg_col_due", lang): _iso(r.due),
                        t("pg_col_days", lang): (r.due - p.today).days,
                        t("pg_col_status", lang): t(f"ms_{r.state}", lang)})
        return out

    columns = [t(k, lang) for k in ("pg_col_kind", "pg_col_what", "unit", "pg_col_due", "pg_col_days", "pg_col_status")]
    return (pd.DataFrame(rows("red", "missing"), columns=columns),
            pd.DataFrame(rows("blue", "due_soon"), columns=columns))


def ranking_table(p: Progress, lang: str = "zh", by: str = "late") -> pd.DataFrame:
    """Lead units ranked by late tasks then missing reports (by="late"), or by missing reports then late tasks."""
    r = p.ranking
    if by == "missing":
        r = r.sort_values(["missing_reports", "late", "no_update", "unit"], ascending=[False, False, False, True],
                          kind="stable")
    return pd.DataFrame({t("pg_col_rank", lang): range(1, len(r) + 1), t("unit", lang): r["unit"],
                         t("pg_col_led", lang): r["tasks"], t("pg_col_late", lang): r["late"],
                         t("pg_col_missing", lang): r["missing_reports"], t("pg_col_no_update", lang): r["no_update"],
                         t("pg_col_done", lang): r["done"]})


def milestone_summary(p: Progress, lang: str = "zh") -> pd.DataFrame:
    """Per tracked milestone: due day, how many units handed in of how many, and who has not."""
    rows = []
    if p.reports.empty:
        return pd.DataFrame(columns=[t(k, lang) for k in ("pg_col_milestone", "pg_col_due", "pg_col_handed",
                                                          "pg_col_not_handed")])
    for (name, due), g in p.reports.groupby(["milestone", "due"], sort=False):
        handed = g[g["state"].isin(["on_time", "late"])]
        label = (g["milestone_en"].iloc[0] or name) if lang == "en" else name
        rows.append({t("pg_col_milestone", lang): label, t("pg_col_due", lang): _iso(due),
                     t("pg_col_handed", lang): f"{len(handed)} / {len(g)}",
                     t("pg_col_not_handed", lang): "、".join(g.loc[~g.index.isin(handed.index), "unit"]) or "—"})
    return pd.DataFrame(rows)


def milestone_table(p: Progress, milestone: str, lang: str = "zh") -> pd.DataFrame:
    """One milestone's expected units: handed in when, or not."""
    g = p.reports[p.reports["milestone"] == milestone]
    return pd.DataFrame({t("unit", lang): g["unit"], t("pg_col_handed_in", lang): [_iso(d) for d in g["handed_in"]],
                         t("pg_col_status", lang): [t(f"ms_{s}", lang) for s in g["state"]]})


def history_table(updates: pd.DataFrame, task_id: str, lang: str = "zh") -> pd.DataFrame:
    """One task's updates, newest first, with who recorded each and when (UTC)."""
    h = S.history(updates, task_id)
    return pd.DataFrame({
        t("pg_col_as_of", lang): [_iso(d) for d in h["as_of"]], t("unit", lang): h["unit"],
        t("pg_col_status", lang): [status_label(s, lang) for s in h["status"]],
        t("pg_col_percent", lang): [None if pd.isna(v) else int(v) for v in h["percent"]],
        t("pg_col_due", lang): [_iso(d) for d in h["due_date"]], t("pg_col_note", lang): h["note"],
        t("pg_col_who", lang): h["recorded_by"],
        t("pg_col_recorded_at", lang): [f"{v:%Y-%m-%d %H:%M} UTC" if not pd.isna(v) else "" for v in h["recorded_at"]],
        t("pg_col_source", lang): h["source"],
    })


def ledger_sheets(ds: Dataset, updates: pd.DataFrame, reports: pd.DataFrame, p: Progress,
                  lang: str = "zh") -> dict[str, pd.DataFrame]:
    """The ledger for Excel: the task status on the day, every update, every milestone report, reports due per
    milestone, the lead-unit ranking. Sheet names in the language."""
    all_updates = pd.DataFrame({
        t("task_id", lang): updates["task_id"], t("unit", lang): updates["unit"],
        t("pg_col_status", lang): [status_label(s, lang) for s in updates["status"]],
        t("pg_col_percent", lang): [None if pd.isna(v) else int(v) for v in updates["percent"]],
        t("pg_col_due", lang): [_iso(d) for d in updates["due_date"]], t("pg_col_note", lang): updates["note"],
        t("pg_col_as_of", lang): [_iso(d) for d in updates["as_of"]], t("pg_col_who", lang): updates["recorded_by"],
        t("pg_col_recorded_at", lang): [f"{v:%Y-%m-%d %H:%M:%S}" if not pd.isna(v) else "" for v in updates["recorded_at"]],
        t("pg_col_source", lang): updates["source"],
    })
    all_reports = pd.DataFrame({
        t("pg_col_milestone", lang): reports["milestone"], t("unit", lang): reports["unit"],
        t("pg_col_handed_in", lang): [_iso(d) for d in reports["handed_in"]], t("pg_col_note", lang): reports["note"],
        t("pg_col_who", lang): reports["recorded_by"],
        t("pg_col_recorded_at", lang): [f"{v:%Y-%m-%d %H:%M:%S}" if not pd.isna(v) else "" for v in reports["recorded_at"]],
    })
    return {t("pg_sheet_status", lang): tasks_table(p, lang), t("pg_sheet_updates", lang): all_updates,
            t("pg_sheet_reports", lang): all_reports, t("pg_sheet_milestones", lang): milestone_summary(p, lang),
            t("pg_sheet_ranking", lang): ranking_table(p, lang)}


def progress_line(p: Progress, lang: str = "zh") -> str:
    """One sentence for the overview and the briefing: reported, done, and the three colours today."""
    c = p.counts
    return t("pg_line", lang, today=p.today.isoformat(), reported=c["reported"], tasks=c["tasks"], done=c["done"],
             red=c["red"], yellow=c["yellow"], blue=c["blue"])


@dataclass(frozen=True)
class Page:
    """What the Progress page shows, built once per ledger revision, day, rules, language and type size."""

    progress: Progress
    updates: pd.DataFrame
    reports: pd.DataFrame
    chart: go.Figure  # frozen: tasks per area by status
    board: go.Figure  # frozen: every task coloured by its warning
    tables: dict  # name → Arrow table (or frame): tasks, warnings, overdue, due_soon, ranking, milestones
    rows: dict  # name → number of rows


def page(ds: Dataset, revision: tuple, today: dt.date, due_soon_days: int, pace_tolerance: int, due: dt.date | None,
         lang: str, font_size: int, *, _store, _plan_key: str) -> Page:
    """The Progress page's tables and figure (call through ui.cached: `revision` is the store's label, the plan key
    and Store.revision, so any new record anywhere rebuilds it and nothing else does; _store and _plan_key follow
    from it)."""
    from lib.charts.base import frozen
    from lib.scenes.common import arrow

    updates, reports = _store.updates(_plan_key), _store.reports(_plan_key)
    p = build(ds, updates, reports, today, S.Thresholds(due_soon_days, pace_tolerance), due)
    overdue, soon = due_lists(p, lang)
    frames = {"tasks": tasks_table(p, lang), "warnings": warning_table(p, lang), "overdue": overdue, "due_soon": soon,
              "ranking": ranking_table(p, lang), "ranking_missing": ranking_table(p, lang, by="missing"),
              "milestones": milestone_summary(p, lang)}
    return Page(progress=p, updates=updates, reports=reports, chart=frozen(status_chart(p, lang, font_size)),
                board=frozen(warning_board(p, lang, font_size)),
                tables={k: arrow(v) for k, v in frames.items()}, rows={k: len(v) for k, v in frames.items()})


def task_labels(ds: Dataset) -> dict[str, str]:
    """Task id → "id title", in the plan's order, as the task pickers show them (call through ui.cached: once per
    plan; a picker's format_func is then a dict lookup, not a Python call per task on every rerun)."""
    return {tid: f"{tid} {title}" for tid, title in zip(ds.tasks["task_id"], ds.tasks["title"])}


def task_roles(ds: Dataset) -> dict[str, dict[str, str]]:
    """Task id → {unit: "lead" or "support"}, leads first, as the record form offers them (call through ui.cached)."""
    out = {}
    for tid, leads, supports in zip(ds.tasks["task_id"], ds.tasks["lead_units"], ds.tasks["support_units"]):
        roles = {u: "lead" for u in S.units_of(leads)}
        roles.update({u: "support" for u in S.units_of(supports) if u not in roles})
        out[tid] = roles
    return out


@dataclass(frozen=True)
class PageInputs:
    """What every section of the Progress page reads: the plan, where its records go, and the ledger as judged
    today. Declared here, not in the page's script: a dataclass made on every rerun costs about 1.5 ms."""

    lang: str
    ds: Dataset
    url: str  # the database the save callbacks open
    store: object  # lib.ledger.store.Store
    plan_key: str
    today: dt.date
    soon: int  # the rules' "due soon" days
    built: Page  # .progress, .updates, .reports, .tables, .rows, .chart, .board
    labels: dict  # task id → "id title", in the plan's order (task_labels)
    unit_name: Callable[[str], str]  # a unit as the page shows it (ui PageContext.unit_name)

    def task_label(self, tid: str) -> str:
        return self.labels.get(tid, f"{tid} ")


def line_of(ds: Dataset, revision: tuple, today: dt.date, lang: str, *, _store, _plan_key: str) -> str:
    """The progress line of the plan's ledger at `revision` (call through ui.cached, as `page`)."""
    return progress_line(build(ds, _store.updates(_plan_key), _store.reports(_plan_key), today), lang)
