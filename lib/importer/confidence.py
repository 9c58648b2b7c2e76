"""Which tasks were read with low confidence, for the Import page to mark beside their source text.

Three kinds: the text came from a scan (OCR), the lead was inferred as the first listed unit, and the units were
found by their names alone, with no label or role word in the source (a list without a label).
"""

from __future__ import annotations

import re

# Words that say whose task it is; a source with units but none of these gave its units by their names alone.
_ROLE_WORDS = re.compile(r"单位|部门|牵头|负责|配合|参与|会同|协同|协助|协办|主办|承办|落实|主责|责任")
KINDS = ("ocr", "inferred_lead", "label_free")


def low_confidence(result) -> dict[str, list[str]]:
    """task_id → the low-confidence kinds of its read, in KINDS order; tasks read with confidence are absent."""
    marks: dict[str, set[str]] = {}
    for w in result.warnings:
        if w.kind in KINDS:
            marks.setdefault(w.task_id, set()).add(w.kind)
    t = result.tasks
    inferred = t["lead_inferred"].astype(bool) if "lead_inferred" in t else [False] * len(t)
    for tid, lead, support, guess in zip(t["task_id"], t["lead_units"], t["support_units"], inferred):
        if guess:
            marks.setdefault(tid, set()).add("inferred_lead")
        if (str(lead).strip() or str(support).strip()) and not _ROLE_WORDS.search(result.sources.get(tid, "")):
            marks.setdefault(tid, set()).add("label_free")
    return {tid: [k for k in KINDS if k in kinds] for tid, kinds in marks.items()}
