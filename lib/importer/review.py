"""Reviewing an import before use: the unit table a person corrects, applying those corrections, review tables.

Pure functions on ImportResult (no Streamlit), so the import page only shows what these return.
"""

from __future__ import annotations

import copy

import pandas as pd

from lib.importer.parse import SEP, UNIT_COLUMNS, ImportResult
from lib.vocabulary import CATEGORIES

EDIT_COLUMNS = ["unit", "tasks", "rename_to", "category", "full_name", "name_en"]


def _names(cell) -> list[str]:
    return [u for u in str(cell or "").split(SEP) if u]


def unit_task_counts(tasks: pd.DataFrame) -> dict[str, int]:
    """How many tasks name each unit (lead or responsible, once per task)."""
    counts: dict[str, int] = {}
    for lead, support in zip(tasks["lead_units"], tasks["support_units"]):
        for u in dict.fromkeys([*_names(lead), *_names(support)]):
            counts[u] = counts.get(u, 0) + 1
    return counts


def units_table(result: ImportResult) -> pd.DataFrame:
    """The editable unit table: each name as found, its task count, and blank 'rename to'."""
    counts = unit_task_counts(result.tasks)
    units = result.units.fillna("")
    table = pd.DataFrame(
        {
            "unit": units["unit"].astype(str),
            "tasks": [counts.get(u, 0) for u in units["unit"]],
            "rename_to": "",
            "category": [c if c in CATEGORIES else "other" for c in units["category"]],
            "full_name": units["full_name"].astype(str),
            "name_en": units["name_en"].astype(str),
        },
        columns=EDIT_COLUMNS,
    )
    return table.reset_index(drop=True)


def renames(table: pd.DataFrame) -> dict[str, str]:
    """unit → new name for every row whose 'rename to' holds a different name."""
    direct = {}
    for unit, new in zip(table["unit"], table["rename_to"]):
        new = "" if new is None or (isinstance(new, float) and pd.isna(new)) else str(new).strip()
        if new and new != unit:
            direct[str(unit)] = new
    # A → B and B → C mean A → C; a loop (A → B → A) stops where it would come back.
    out = {}
    for unit, new in direct.items():
        seen = {unit}
        while new in direct and direct[new] not in seen and len(seen) < 20:
            seen.add(new)
            new = direct[new]
        if new != unit:
            out[unit] = new
    return out


def _rename_list(cell: str, mapping: dict[str, str]) -> list[str]:
    return list(dict.fromkeys(mapping.get(u, u) for u in _names(cell)))


def apply_unit_edits(result: ImportResult, table: pd.DataFrame) -> ImportResult:
    """The result with the table's renames applied to tasks, units and owners, and its attributes on the units.

    Renaming one spelling to another merges the two: the tasks name one unit, the unit table has one row (its own
    row's values first, then the renamed rows' for what it leaves blank), and the variant-name warning goes.
    A unit renamed into a task's lead is not also kept among the same task's responsible units.
    """
    table = table.fillna("")
    mapping = renames(table)
    tasks = result.tasks.copy()
    leads, supports = [], []
    for lead, support in zip(tasks["lead_units"], tasks["support_units"]):
        new_lead = _rename_list(lead, mapping)
        # only a collision the rename made is dropped; a unit the document lists as both stays as written
        kept = [
            mapping.get(u, u)
            for u in _names(support)
            if not (u in mapping and mapping[u] in new_lead)
        ]
        leads.append(SEP.join(new_lead))
        supports.append(SEP.join(dict.fromkeys(kept)))
    tasks["lead_units"], tasks["support_units"] = leads, supports

    rows: dict[str, dict[str, str]] = {}
    by_unit = {str(r["unit"]): r for r in table.to_dict("records")}
    order = [mapping.get(str(u), str(u)) for u in table["unit"]]
    for target in dict.fromkeys(order):
        group = [r for u, r in by_unit.items() if mapping.get(u, u) == target]
        # the target's own row decides first, then the renamed spellings in table order
        group.sort(key=lambda r: str(r["unit"]) != target)
        merged = {"unit": target}
        for col in ("full_name", "name_en", "category"):
            merged[col] = next((str(r[col]).strip() for r in group if str(r[col]).strip()), "")
        if merged["category"] not in CATEGORIES:
            merged["category"] = "other"
        rows[target] = merged
    units = pd.DataFrame(list(rows.values()), columns=UNIT_COLUMNS)

    def owners(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.copy()
        if len(frame):
            frame["owner"] = [mapping.get(str(o), str(o)) if o else o for o in frame["owner"].fillna("")]
        return frame

    # a variant warning is settled once the name is merged with another (either way round)
    merged = set(mapping) | set(mapping.values())
    warnings = [w for w in result.warnings if not (w.kind == "variant_name" and w.value in merged)]
    return ImportResult(
        tasks=tasks,
        units=units,
        phases=owners(result.phases),
        warnings=copy.deepcopy(warnings),
        sources=dict(result.sources),
        milestones=owners(result.milestones),
    )


def tasks_review(result: ImportResult) -> pd.DataFrame:
    """One row per task: id, title, lead and responsible units, whether the lead was inferred, warnings, source."""
    counts: dict[str, int] = {}
    for w in result.warnings:
        counts[w.task_id] = counts.get(w.task_id, 0) + 1
    t = result.tasks
    return pd.DataFrame(
        {
            "task_id": t["task_id"].astype(str),
            "title": t["title"].astype(str),
            "lead_units": t["lead_units"].astype(str),
            "lead_inferred": t["lead_inferred"].astype(bool),
            "support_units": t["support_units"].astype(str),
            "warnings": [counts.get(tid, 0) for tid in t["task_id"]],
            "source": [" ".join(result.sources.get(tid, "").split("\n")) for tid in t["task_id"]],
        }
    ).reset_index(drop=True)


def warnings_review(result: ImportResult) -> pd.DataFrame:
    """The warnings in task order: task id, task title, kind and the message in both languages."""
    titles = dict(zip(result.tasks["task_id"].astype(str), result.tasks["title"].astype(str)))
    order = {tid: i for i, tid in enumerate(titles)}
    rows = [
        {"task_id": w.task_id, "title": titles.get(w.task_id, ""), "kind": w.kind, "value": w.value,
         "message_zh": w.message_zh, "message_en": w.message_en}
        for w in result.warnings
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=["task_id", "title", "kind", "value", "message_zh", "message_en"])
    frame["_order"] = [order.get(tid, len(order)) for tid in frame["task_id"]]
    return frame.sort_values("_order", kind="stable").drop(columns="_order").reset_index(drop=True)


def schedule_review(result: ImportResult) -> pd.DataFrame:
    """Phases then milestones, as phases.csv will hold them."""
    frames = [f for f in (result.phases, result.milestones) if f is not None and len(f)]
    if not frames:
        return pd.DataFrame(columns=["name", "name_en", "kind", "start", "end", "owner", "description"])
    return pd.concat(frames, ignore_index=True)
