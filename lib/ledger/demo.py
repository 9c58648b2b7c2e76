"""The 示例 demo ledger: made-up records for rehearsing a meeting, only on an explicit click, filed under the plan's
demo key (status.demo_key) so they never mix with real records. Every note says 示例 (demo)."""

from __future__ import annotations

import datetime as dt
import hashlib

from lib.data import Dataset
from lib.ledger import status as S
from lib.ledger.store import Report, Update

DEMO_WRITER = "示例 demo"
_CYCLE = ("in_progress", "in_progress", "done", "late", "in_progress", "blocked", "not_started", "in_progress")


def _pick(text: str, n: int) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) % n


def demo_records(ds: Dataset, plan_key: str, today: dt.date) -> tuple[list[Update], list[Report]]:
    """A few updates per task and reports from some lead units, dated before today; the same each time."""
    start = S.plan_start(ds) or today
    due = S.default_due(ds) or today
    span = max((min(today, due) - start).days, 1)
    updates = []
    for r in ds.tasks.itertuples():
        lead = S.units_of(r.lead_units)[0]
        status = _CYCLE[_pick(r.task_id, len(_CYCLE))]
        pace = S.expected_percent(start, due, today) or 0
        pct = {"done": 100, "not_started": 0, "late": max(pace - 30, 5), "blocked": max(pace - 20, 5)}.get(
            status, min(100, max(pace - 10 + _pick(r.task_id + "p", 25), 5)))
        for i, (st, p) in enumerate((("in_progress", max(pct // 2, 0)), (status, pct))):
            if status == "not_started" and i == 0:
                continue
            as_of = start + dt.timedelta(days=span * (i + 1) // 3 + _pick(r.task_id, 9))
            updates.append(Update(idem_key=f"demo:{plan_key}:{r.task_id}:{i}", plan_key=plan_key, task_id=r.task_id,
                                  unit=lead, status=st, as_of=min(as_of, today), recorded_by=DEMO_WRITER,
                                  percent=p, note=f"示例（demo）：第 {i + 1} 次报送", source="demo"))
    reports = []
    for m in S.tracked_milestones(ds):
        if m["due"] > today:
            continue
        for unit in m["units"]:
            if _pick(m["name"] + unit, 3):  # two in three handed in
                reports.append(Report(idem_key=f"demo:{plan_key}:{m['name']}:{unit}", plan_key=plan_key,
                                      milestone=m["name"], unit=unit,
                                      handed_in=m["due"] - dt.timedelta(days=_pick(unit, 4) - 1),
                                      recorded_by=DEMO_WRITER, note="示例（demo）", source="demo"))
    return updates, reports
