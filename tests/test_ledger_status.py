"""Status, the three-colour warning, milestone reports and the lead-unit ranking, against dates checked by hand on
the shipped plan (phases from 2024-02-01; the longest phase, 办理落实阶段, ends 2024-10-31)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from lib.ledger import status as S
from lib.ledger.store import REPORT_COLUMNS, UPDATE_COLUMNS

D = dt.date


def _updates(*rows) -> pd.DataFrame:
    """A ledger frame as Store.updates returns it, from (task, unit, status, percent, as_of[, due]) tuples."""
    out = []
    for i, r in enumerate(rows):
        task, unit, st, pct, as_of, *due = r
        out.append({"id": i + 1, "idem_key": f"k{i}", "plan_key": "p", "task_id": task, "unit": unit, "status": st,
                    "percent": pct, "due_date": due[0] if due else None, "note": f"note {i}", "as_of": as_of,
                    "recorded_by": "测试", "recorded_at": pd.Timestamp("2024-06-01") + pd.Timedelta(minutes=i),
                    "source": "form"})
    return pd.DataFrame(out, columns=list(UPDATE_COLUMNS))


def _reports(*rows) -> pd.DataFrame:
    out = [{"id": i + 1, "idem_key": f"r{i}", "plan_key": "p", "milestone": m, "unit": u, "handed_in": d, "note": "",
            "recorded_by": "测试", "recorded_at": pd.Timestamp("2024-06-01"), "source": "form"}
           for i, (m, u, d) in enumerate(rows)]
    return pd.DataFrame(out, columns=list(REPORT_COLUMNS))


def _warned(ds, updates, today, th=None):
    return S.warn(S.current(ds, updates, S.default_due(ds)), S.plan_start(ds), today, th or S.Thresholds()).set_index("task_id")


def test_defaults_from_the_plan(ds):
    assert S.plan_start(ds) == D(2024, 2, 1)
    assert S.default_due(ds) == D(2024, 10, 31)
    # 2024-02-01 → 2024-06-05 is 125 days of 273: 46 % of the time to the due date
    assert S.expected_percent(D(2024, 2, 1), D(2024, 10, 31), D(2024, 6, 5)) == 46


def test_plan_keys_keep_plans_apart(ds):
    key = S.plan_key(ds)
    assert key.startswith("doc:武政办〔2024〕28号:")
    assert S.plan_key(ds, imported=True).startswith("tasks:") and S.plan_key(ds, imported=True) != key
    assert S.demo_key(key) == "demo:" + key


def test_status_is_the_lead_units_latest_update(ds):
    ups = _updates(("1.1", "市发改委", "in_progress", 20, D(2024, 5, 1)),
                   ("1.1", "市委编办", "done", 100, D(2024, 5, 20)),  # a support unit's own part done
                   ("1.1", "市发改委", "late", 30, D(2024, 5, 10)),
                   ("1.2", "东湖高新区", "blocked", None, D(2024, 5, 3)))  # only a support unit reported
    cur = S.current(ds, ups, S.default_due(ds)).set_index("task_id")
    assert (cur.loc["1.1", "status"], cur.loc["1.1", "percent"], cur.loc["1.1", "updates"]) == ("late", 30, 3)
    assert cur.loc["1.2", "status"] == "blocked" and cur.loc["1.2", "unit"] == "东湖高新区"
    assert cur.loc["1.3", "status"] == "none" and cur.loc["1.3", "updates"] == 0


def test_pace_warning_at_the_threshold(ds):
    ups = _updates(("1.1", "市发改委", "in_progress", 30, D(2024, 6, 1)),  # 30 + 15 < 46: yellow
                   ("1.2", "市自然资源和城乡建设局", "in_progress", 31, D(2024, 6, 1)))  # 31 + 15 = 46: not behind
    w = _warned(ds, ups, D(2024, 6, 5))
    assert (w.loc["1.1", "warning"], w.loc["1.1", "reason"], w.loc["1.1", "pace"]) == ("yellow", "behind_pace", 46)
    assert pd.isna(w.loc["1.2", "warning"])
    assert pd.isna(w.loc["1.3", "warning"])  # no report: no pace to judge, and not yet due
    # a stricter tolerance turns 1.2 yellow too
    assert _warned(ds, ups, D(2024, 6, 5), S.Thresholds(pace_tolerance=10)).loc["1.2", "warning"] == "yellow"


def test_due_soon_overdue_and_done(ds):
    ups = _updates(("1.1", "市发改委", "done", 100, D(2024, 10, 1)),
                   ("1.2", "市自然资源和城乡建设局", "in_progress", 95, D(2024, 10, 1)),
                   ("1.3", "市财政局", "in_progress", 95, D(2024, 10, 1), D(2024, 12, 15)))  # its own due date
    soon = _warned(ds, ups, D(2024, 10, 20))  # 11 days before 2024-10-31
    assert pd.isna(soon.loc["1.1", "warning"])  # done is never warned
    assert (soon.loc["1.2", "warning"], soon.loc["1.2", "days_left"]) == ("blue", 11)
    assert soon.loc["2.1", "warning"] == "blue"  # no report, due soon
    assert pd.isna(soon.loc["1.3", "warning"])  # due 2024-12-15
    assert pd.isna(_warned(ds, ups, D(2024, 10, 16)).loc["1.2", "warning"])  # 15 days: not yet
    late = _warned(ds, ups, D(2024, 11, 1))
    assert (late.loc["1.2", "warning"], late.loc["1.2", "days_left"]) == ("red", -1)
    assert late.loc["1.3", "warning"] is None or pd.isna(late.loc["1.3", "warning"])  # 44 days left
    counts = S.status_counts(late.reset_index())
    assert counts["red"] == 22 and counts["done"] == 1 and counts["reported"] == 3 and counts["none"] == 21


def test_reported_late_or_blocked_is_yellow_until_overdue(ds):
    ups = _updates(("2.1", "市经信局", "blocked", 50, D(2024, 6, 1)))
    assert _warned(ds, ups, D(2024, 6, 5)).loc["2.1", ["warning", "reason"]].tolist() == ["yellow", "blocked"]
    assert _warned(ds, ups, D(2024, 11, 2)).loc["2.1", "warning"] == "red"


def test_milestone_reports_handed_in_and_missing(ds):
    reps = _reports(("报送阶段性总结", "市发改委", D(2024, 5, 30)), ("报送阶段性总结", "市财政局", D(2024, 6, 2)))
    table = S.milestone_reports(ds, reps, D(2024, 6, 5))
    stage = table[table["milestone"] == "报送阶段性总结"].set_index("unit")
    assert len(stage) == 12  # every lead unit (各牵头单位)
    assert stage.loc["市发改委", "state"] == "on_time" and stage.loc["市财政局", "state"] == "late"
    assert (stage["state"] == "missing").sum() == 10
    filed = table[table["milestone"] == "报送具体办理工作方案备案"]
    assert len(filed) == 29 and set(filed["state"]) == {"missing"}  # 各责任单位: every unit, due 2024-04-08
    final = table[table["milestone"] == "报送办理工作总结"]
    assert set(final["state"]) == {"pending"}  # due 2024-11-10
    assert set(S.milestone_reports(ds, reps, D(2024, 10, 30))
               .query("milestone == '报送办理工作总结'")["state"]) == {"due_soon"}  # 11 days ahead
    # owners that name no unit of the plan are not tracked
    assert "印发工作方案" not in set(table["milestone"]) and "邀请市政协领导及委员提出意见建议" not in set(table["milestone"])


def test_lead_ranking_by_late_then_missing(ds):
    ups = _updates(("2.1", "市经信局", "late", 20, D(2024, 6, 1)), ("2.2", "市经信局", "blocked", 20, D(2024, 6, 1)),
                   ("1.3", "市财政局", "late", 20, D(2024, 6, 1)), ("1.1", "市发改委", "in_progress", 50, D(2024, 6, 1)))
    today = D(2024, 6, 5)
    w = _warned(ds, ups, today).reset_index()
    reps = _reports(("报送阶段性总结", "市发改委", D(2024, 5, 30)))
    rank = S.lead_ranking(ds, w, S.milestone_reports(ds, reps, today)).set_index("unit")
    assert rank.index[:2].tolist() == ["市经信局", "市财政局"]
    assert rank.loc["市经信局", ["tasks", "late", "missing_reports", "no_update"]].tolist() == [4, 2, 2, 2]
    # 市发改委 handed in its stage summary, not its specific plan (due 2024-04-08)
    assert rank.loc["市发改委", ["late", "missing_reports"]].tolist() == [0, 1]
    assert rank.loc["市财政局", "missing_reports"] == 2


def test_history_newest_first_and_by_area(ds):
    ups = _updates(("1.1", "市发改委", "in_progress", 20, D(2024, 5, 1)),
                   ("1.1", "市发改委", "late", 25, D(2024, 5, 15)),
                   ("1.2", "市自然资源和城乡建设局", "done", 100, D(2024, 5, 2)))
    assert S.history(ups, "1.1")["status"].tolist() == ["late", "in_progress"]
    areas = S.by_area(_warned(ds, ups, D(2024, 6, 5)).reset_index()).set_index("section")
    assert areas.loc[1, ["late", "done", "none"]].tolist() == [1, 1, 2]
    assert int(areas[list(S.STATUS_ORDER)].to_numpy().sum()) == 24


@pytest.mark.parametrize(("text", "day"), [("2024-05-31", D(2024, 5, 31)), ("2024/5/3", D(2024, 5, 3)),
                                           ("2024年5月31日", D(2024, 5, 31)), ("2024年5月底", D(2024, 5, 31)),
                                           ("2024年2月底前", D(2024, 2, 29)), ("2024年6月上旬", D(2024, 6, 10)),
                                           ("2024年11月初", D(2024, 11, 10)), ("2024年6月中旬", D(2024, 6, 20)),
                                           ("2024-02-30", None), ("下周", None)])
def test_ledger_dates(text, day):
    from lib.ledger.ledgerfile import parse_date

    assert parse_date(text) == day
