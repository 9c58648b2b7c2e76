"""The ledger's plan key: one plan's records never show on another, even when their unit names hold the separator the
documents write between names (、), and an existing plan keeps the key its ledger was filed under."""

from __future__ import annotations

import dataclasses
import hashlib

from lib.ledger import status as S
from lib.vocabulary import PLAN_KEY_SEPARATOR, SEP


def _with_leads(ds, leads: tuple[str, ...]):
    """The shipped plan with task 1.1's lead units replaced (a plan an import could give)."""
    tasks = ds.tasks.copy()
    tasks["lead_units"] = [leads if tid == "1.1" else v for tid, v in zip(tasks["task_id"], tasks["lead_units"])]
    return dataclasses.replace(ds, tasks=tasks)


def test_names_holding_the_display_separator_are_other_plans(ds):
    one_name = _with_leads(ds, (f"市发改委{SEP}市经信局",))  # one unit whose name holds 、
    two_names = _with_leads(ds, ("市发改委", "市经信局"))  # two units
    escaped_like = _with_leads(ds, (f"市发改委\\{SEP}市经信局",))  # a backslash before it, as the key escapes it
    keys = {S.plan_key(p, imported=True) for p in (one_name, two_names, escaped_like)}
    assert len(keys) == 3
    assert all(k.startswith("tasks:") for k in keys)


def test_the_key_has_its_own_separator_and_existing_keys_stay(ds):
    # the shipped plan's names hold neither 、 nor a backslash: its key is the hash it had before the separator got
    # its own name, so a ledger filed under it still opens
    cols = ["task_id", "title", "lead_units", "support_units"]
    content = ds.tasks[cols].map(lambda v: "、".join(v) if isinstance(v, (tuple, list)) else str(v)).to_csv(index=False)
    assert S.plan_key(ds, imported=True) == f"tasks:{hashlib.sha256(content.encode()).hexdigest()[:20]}"
    assert PLAN_KEY_SEPARATOR == "、"
