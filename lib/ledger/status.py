"""From the ledger's rows to what the office asks: each task's status now, the three-colour warning, milestone
reports handed in or missing, lead units ranked by what is late. Pure pandas over the plan and the ledger."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lib.data import Dataset, data_dir, split_units
from lib.ledger.schema import STATUSES
from lib.vocabulary import PLAN_KEY_SEPARATOR, SEP

NO_REPORT = "none"  # a task with no update yet: shown as 未报送, never guessed
STATUS_ORDER = (*STATUSES, NO_REPORT)
# Status colours stay clear of the role colours (lead red, support amber: lib.theme.ROLE_COLORS) and of the
# warning colours below, so a coloured cell never reads as a role.
STATUS_COLORS = {"not_started": "#9AA3AB", "in_progress": "#3C8DBC", "done": "#2E8B57", "late": "#8E44AD",
                 "blocked": "#4D5B6A", NO_REPORT: "#E4E1DC"}
# The three-colour warning as offices use it: red overdue and unfinished, yellow behind the planned pace, blue
# due soon. Worst first.
WARNINGS = ("red", "yellow", "blue")
WARNING_COLORS = {"red": "#C62828", "yellow": "#E0B000", "blue": "#1E63B5"}
DEMO_PREFIX = "demo:"  # the 示例 demo ledger lives under its own plan key, never mixed with real records


@dataclass(frozen=True)
class Thresholds:
    """What turns a task blue or yellow; shown on the page and adjustable there."""

    due_soon_days: int = 14  # blue: due within this many days and not done
    pace_tolerance: int = 15  # yellow: reported percent more than this many points behind the planned pace


def units_of(cell) -> list[str]:
    """A task's lead or support units as a list (the loader keeps them as tuples; a CSV cell joins them with 、)."""
    return list(cell) if isinstance(cell, (tuple, list)) else split_units(cell)


def _served(ds: Dataset) -> bool:
    """The plan was loaded from the folder the app serves (data/ or FENGONG_DATA_DIR), not imported."""
    try:
        return Path(ds.source).resolve() == data_dir().resolve()
    except (OSError, ValueError):
        return False


def plan_key(ds: Dataset, imported: bool | None = None) -> str:
    """The key a plan's records are filed under, so one plan's updates never show on another.

    The served plan folder with a document number is filed under that number and its title (fixing a typo in
    tasks.csv keeps its ledger); an imported plan (imported=None: any plan not loaded from the served folder), or
    one without a number, under a hash of its tasks, so it has its own.
    """
    if imported is None:
        imported = not _served(ds)
    if ds.plan.doc_number and not imported:
        return f"doc:{ds.plan.doc_number}:{hashlib.sha256(ds.plan.title.encode()).hexdigest()[:10]}"
    cols = ["task_id", "title", "lead_units", "support_units"]
    content = ds.tasks[cols].map(_key_cell).to_csv(index=False)
    return f"tasks:{hashlib.sha256(content.encode()).hexdigest()[:20]}"


def _key_cell(value) -> str:
    """A cell as plan_key hashes it: a list of names joined by PLAN_KEY_SEPARATOR, a separator or backslash inside a
    name escaped with a backslash, so ("甲、乙",) and ("甲", "乙") are two plans; names with neither hash as before."""
    if not isinstance(value, (tuple, list)):
        return str(value)
    return PLAN_KEY_SEPARATOR.join(
        str(v).replace("\\", "\\\\").replace(PLAN_KEY_SEPARATOR, "\\" + PLAN_KEY_SEPARATOR) for v in value)


def demo_key(key: str) -> str:
    """The plan key of the demo ledger that belongs to a plan."""
    return DEMO_PREFIX + key


def plan_start(ds: Dataset) -> dt.date | None:
    """The first day of the plan (its earliest phase), the start of every task's planned pace."""
    phases = ds.phases
    if phases.empty:
        return None
    return pd.Timestamp(phases["start"].min()).date()


def due_options(ds: Dataset) -> list[tuple[str, dt.date]]:
    """(phase name, end) of each phase: the choices for the due date of tasks that report none."""
    phases = ds.phases[ds.phases["kind"] == "phase"]
    return [(str(r["name"]), pd.Timestamp(r["end"]).date()) for _, r in phases.iterrows()]


def default_due(ds: Dataset) -> dt.date | None:
    """The default due date of a task: the end of the plan's longest phase (the one the work is done in, as
    办理落实阶段 in the shipped plan), else the plan's last day."""
    phases = ds.phases[ds.phases["kind"] == "phase"]
    if phases.empty:
        return None if ds.phases.empty else pd.Timestamp(ds.phases["end"].max()).date()
    longest = (phases["end"] - phases["start"]).idxmax()
    return pd.Timestamp(phases.loc[longest, "end"]).date()


@dataclass(frozen=True)
class Schedule:
    """What the Progress page's rules read from the plan's phases: the due-date choices, the default, the start."""

    due_options: tuple[tuple[str, dt.date], ...]
    default_due: dt.date | None
    start: dt.date | None


def schedule(ds: Dataset) -> Schedule:
    """due_options, default_due and plan_start of one plan, together (a page caches them per plan)."""
    return Schedule(tuple(due_options(ds)), default_due(ds), plan_start(ds))


def _latest(updates: pd.DataFrame) -> pd.DataFrame:
    """Updates ordered newest last: by the day they refer to, then by when they were recorded."""
    return updates.sort_values(["as_of", "recorded_at", "id"], kind="stable")


def _blank(value) -> bool:
    return value is None or (not isinstance(value, (str, dt.date)) and pd.isna(value))


def current(ds: Dataset, updates: pd.DataFrame, due: dt.date | None = None) -> pd.DataFrame:
    """One row per task: its status now (the latest update by a lead unit, else by any unit), percent, due date
    (the latest update that gives one, else `due`), the day it refers to and how many updates it has.

    Plain Python over the records: a plan's ledger is hundreds of rows, where pandas' per-group cost would dominate.
    """
    by_task: dict[str, list[dict]] = {}
    for rec in sorted(updates.to_dict("records"), key=lambda r: (r["as_of"], r["recorded_at"], r["id"])):
        by_task.setdefault(rec["task_id"], []).append(rec)
    rows = []
    for r in ds.tasks.itertuples():
        leads = units_of(r.lead_units)
        group = by_task.get(r.task_id, [])
        lead_rows = [u for u in group if u["unit"] in leads]
        row = (lead_rows or group)[-1] if group else None
        dues = [u["due_date"] for u in group if not _blank(u["due_date"])]
        pct = row["percent"] if row is not None else None
        rows.append({
            "task_id": r.task_id, "section": int(r.section), "section_title": r.section_title, "title": r.title,
            "leads": SEP.join(leads),
            "status": row["status"] if row is not None else NO_REPORT,
            "percent": None if _blank(pct) else int(pct),
            "due": dues[-1] if dues else due,
            "due_from_update": bool(dues),
            "as_of": row["as_of"] if row is not None else None,
            "unit": row["unit"] if row is not None else "",
            "note": row["note"] if row is not None else "",
            "updates": len(group),
        })
    return pd.DataFrame(rows)


def expected_percent(start: dt.date | None, due: dt.date | None, today: dt.date) -> int | None:
    """The planned pace: the share of the time from the plan's start to the task's due date gone by today."""
    if start is None or due is None or due <= start:
        return None
    share = (today - start).days / (due - start).days
    return round(100 * min(max(share, 0.0), 1.0))


def warn(cur: pd.DataFrame, start: dt.date | None, today: dt.date, th: Thresholds = Thresholds()) -> pd.DataFrame:
    """`current`'s rows with the warning colour (red / yellow / blue / None), the reason and the planned pace."""
    colours, reasons, paces, days_left = [], [], [], []
    for r in cur.itertuples():
        done = r.status == "done"
        due = r.due
        left = (due - today).days if due is not None else None
        pace = expected_percent(start, due, today)
        colour = reason = None
        if not done and left is not None and left < 0:
            colour, reason = "red", "overdue"
        elif r.status in ("late", "blocked"):
            colour, reason = "yellow", r.status
        elif not done and r.percent is not None and pace is not None and r.percent + th.pace_tolerance < pace:
            colour, reason = "yellow", "behind_pace"
        elif not done and left is not None and left <= th.due_soon_days:
            colour, reason = "blue", "due_soon"
        colours.append(colour)
        reasons.append(reason)
        paces.append(pace)
        days_left.append(left)
    out = cur.copy()
    out["warning"], out["reason"], out["pace"], out["days_left"] = colours, reasons, paces, days_left
    return out


def expected_units(ds: Dataset, owner: str) -> list[str] | None:
    """Units a milestone's owner names: 各牵头单位 → every lead unit, 各责任单位 / 各相关单位 → every unit with a task,
    a unit of the plan → that unit; None when the owner names no unit of the plan (nothing to track)."""
    owner = str(owner or "").strip()
    a = ds.assignments
    if "牵头单位" in owner:
        return list(dict.fromkeys(a.loc[a["role"] == "lead", "unit"]))
    if owner in ("各责任单位", "各相关单位", "各成员单位", "各有关单位"):
        return list(dict.fromkeys(a["unit"]))
    if owner in set(ds.units["unit"]):
        return [owner]
    return None


def tracked_milestones(ds: Dataset) -> list[dict]:
    """Milestones whose owner names units of the plan: name, name_en, due (end), owner, expected units."""
    out = []
    for _, m in ds.phases[ds.phases["kind"] == "milestone"].iterrows():
        units = expected_units(ds, m.get("owner", ""))
        if units:
            out.append({"name": m["name"], "name_en": m.get("name_en", ""), "due": pd.Timestamp(m["end"]).date(),
                        "owner": m.get("owner", ""), "units": units})
    return out


def milestone_reports(ds: Dataset, reports: pd.DataFrame, today: dt.date, th: Thresholds = Thresholds()) -> pd.DataFrame:
    """One row per (tracked milestone, expected unit): when it handed in its report (the first one) and its state:
    on_time, late (handed in after the due day), missing (due day passed, none), due_soon, pending."""
    first = {}
    if not reports.empty:
        for r in reports.sort_values(["handed_in", "id"]).itertuples():
            first.setdefault((r.milestone, r.unit), r.handed_in)
    rows = []
    for m in tracked_milestones(ds):
        for unit in m["units"]:
            handed = first.get((m["name"], unit))
            left = (m["due"] - today).days
            if handed is not None:
                state = "on_time" if handed <= m["due"] else "late"
            elif left < 0:
                state = "missing"
            elif left <= th.due_soon_days:
                state = "due_soon"
            else:
                state = "pending"
            rows.append({"milestone": m["name"], "milestone_en": m["name_en"], "due": m["due"], "unit": unit,
                         "handed_in": handed, "state": state})
    return pd.DataFrame(rows, columns=["milestone", "milestone_en", "due", "unit", "handed_in", "state"])


def lead_ranking(ds: Dataset, warned: pd.DataFrame, reports_table: pd.DataFrame) -> pd.DataFrame:
    """Lead units ranked by late tasks (overdue and unfinished, or reported 滞后 / 受阻), then by missing milestone
    reports, then by tasks with no update; units with nothing late or missing are listed too, last."""
    state = {r["task_id"]: r for r in warned[["task_id", "warning", "status"]].to_dict("records")}
    missing: dict[str, int] = {}
    if not reports_table.empty:
        for unit in reports_table.loc[reports_table["state"] == "missing", "unit"]:
            missing[unit] = missing.get(unit, 0) + 1
    led: dict[str, list[dict]] = {}
    a = ds.assignments
    for task_id, unit in zip(a.loc[a["role"] == "lead", "task_id"], a.loc[a["role"] == "lead", "unit"]):
        if task_id in state:
            led.setdefault(unit, []).append(state[task_id])
    rows = [{"unit": unit, "tasks": len(ts),
             "late": sum(1 for x in ts if x["warning"] == "red" or x["status"] in ("late", "blocked")),
             "missing_reports": missing.get(unit, 0), "no_update": sum(1 for x in ts if x["status"] == NO_REPORT),
             "done": sum(1 for x in ts if x["status"] == "done")} for unit, ts in led.items()]
    df = pd.DataFrame(rows, columns=["unit", "tasks", "late", "missing_reports", "no_update", "done"])
    return df.sort_values(["late", "missing_reports", "no_update", "unit"], ascending=[False, False, False, True],
                          kind="stable").reset_index(drop=True)


def history(updates: pd.DataFrame, task_id: str) -> pd.DataFrame:
    """Every update of one task, newest first (nothing is ever overwritten: corrections are later rows)."""
    rows = updates[updates["task_id"] == task_id]
    return _latest(rows).iloc[::-1].reset_index(drop=True)


def status_counts(warned: pd.DataFrame) -> dict[str, int]:
    """Tasks per status and per warning colour, and how many have any update (the overview's progress line)."""
    out = {s: int((warned["status"] == s).sum()) for s in STATUS_ORDER}
    out.update({w: int((warned["warning"] == w).sum()) for w in WARNINGS})
    out["tasks"] = len(warned)
    out["reported"] = int((warned["status"] != NO_REPORT).sum())
    return out


def by_area(warned: pd.DataFrame) -> pd.DataFrame:
    """Tasks per area and status (rows: area number and title; columns: STATUS_ORDER), for the status chart."""
    table = pd.crosstab([warned["section"], warned["section_title"]], warned["status"])
    return table.reindex(columns=list(STATUS_ORDER), fill_value=0).reset_index()
