"""The plan's own facts from the head of a document: title, document number, issuer and date (plan.csv)."""

from __future__ import annotations

import re

# 武政办〔2024〕28号, 鄂政发[2023]5号, 国办发（2024）3号
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[［(（]\d{4}[〕\]］)）]\d{1,4}号")
_ISSUED = re.compile(r"^\s*(\d{4})年(\d{1,2})月(\d{1,2})日\s*$")
_NOTICE = re.compile(r"关于印发(.{4,80}?)的通知")
_QUOTED = re.compile(r"《([^《》]{4,80})》")
_ISSUER_END = ("办公厅", "办公室", "人民政府", "委员会", "厅", "局", "委", "部")
HEAD_LINES = 30  # the facts sit above the body; never scan a whole (possibly huge) document


def plan_facts(text: str) -> dict[str, str]:
    """title, doc_number, issuer, issued (ISO) found in the first lines; only the fields that were found."""
    lines = [ln.strip() for ln in text.splitlines()[:HEAD_LINES] if ln.strip()]
    head = "\n".join(lines)
    facts: dict[str, str] = {}
    if m := _NOTICE.search(head):
        facts["title"] = m.group(1).strip("《》")
    else:
        quoted = [q for q in _QUOTED.findall(head) if q.endswith(("方案", "计划", "清单", "分工"))]
        if quoted:
            facts["title"] = quoted[0]
        else:
            plain = [ln for ln in lines if ln.endswith(("方案", "工作计划", "任务分工")) and len(ln) <= 60]
            if plain:
                facts["title"] = plain[0]
    if m := _DOC_NUMBER.search(head):
        facts["doc_number"] = m.group(0)
    for i, ln in enumerate(lines):
        if m := _ISSUED.match(ln):
            year, month, day = (int(g) for g in m.groups())
            if 1 <= month <= 12 and 1 <= day <= 31:
                facts["issued"] = f"{year:04d}-{month:02d}-{day:02d}"
                if i and lines[i - 1].endswith(_ISSUER_END) and len(lines[i - 1]) <= 30:
                    facts["issuer"] = lines[i - 1]
            break
    return facts
