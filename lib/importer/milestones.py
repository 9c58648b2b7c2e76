"""Dated steps in a plan's 工作安排 / 保障措施 sections (于4月8日前报送…, 6月上旬邀请…) as milestone rows.

Every clause with a date becomes one milestone: the deadline or span from the date, the owner when the sentence
names one as its subject (各牵头单位…, not the office a report goes to), a short name from the clause and the whole
sentence as description. A date without a year takes the nearest explicit year (the enclosing phase's span when
it has one), else the document date. Phase headings themselves (动员部署阶段（2024年2月-4月上旬）) are phases, not
milestones, and task sections are left alone: their dates belong to the tasks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from lib.importer.phases import _LINE, _POINT, PHASE_COLUMNS, _end_day, _start_day, context_years
from lib.vocabulary import OFFICE_ENDINGS, ending_pattern

# Top-level sections that hold the plan's schedule and its follow-up (not goals, not the tasks themselves).
_SECTION = re.compile(r"安排|步骤|进度|保障|措施|要求|实施|机制|节点")
_NOT_SECTION = re.compile(r"目标|总体要求|指导思想|基本原则|主要任务|重点任务|工作任务|任务分工")

# A month-level date, optionally a range, then how it is meant: a deadline (前), a start (起) or a span.
_NEXT = r"(?:明年|次年|翌年|下一年)"
_DATE = re.compile(
    rf"(?P<anext>{_NEXT})?"
    + _POINT.format(p="a")
    + rf"(?:\s*(?:[-—–~至到]+)\s*(?P<bnext>{_NEXT})?"
    + _POINT.format(p="b")
    + r")?\s*(?P<rel>之前|以前|前|起|以后|后|期间|左右)?"
)
# 2024年底前 / 2024年年底 / 年底前 / 年末: the last day of the year.
_YEAR_END = re.compile(r"(?:(?P<y>\d{4})\s*年\s*年?|(?<![\d年])年)\s*(?:底|末)\s*(?P<rel>之前|以前|前)?")
_YEAR = re.compile(r"(\d{4})\s*年")
_FULL_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_RECURRING = re.compile(r"每(?:年|月|季度|季|周|半年)?\s*$")

# Who does the step: a collective (各牵头单位), a unit named in the plan, or an office-like name.
_COLLECTIVE = r"各[\u4e00-\u9fff]{0,8}?(?:单位|部门|成员单位|县级市|区|县|街道|乡镇|地)"
_OFFICE = (
    r"(?:市|区|县|省)[\u4e00-\u9fff]{1,12}?"
    + ending_pattern(OFFICE_ENDINGS).replace("委", "委(?!员)")  # 委员会 goes on past 委
    + r"|(?:市|区|县|省)(?:人民)?政府|领导小组办公室|领导小组"
)
_MORE = re.compile(r"^(?:、|和|及|以及)(?:各|有关|相关)?[\u4e00-\u9fff]{0,6}?(?:单位|部门)")
# A name right after one of these is the recipient or a guest, not who does the step.
_NOT_OWNER_BEFORE = re.compile(r"(?:报送|报|送|向|交|提交|邀请|请|对|给|经|会同|配合|协助|抄送|呈报)$")
_FILLER = re.compile(
    r"^(?:于|在|要|应|须|需|务必|并|均|之前|以前|前|将|由|自|从|截至|截止|到|统一|及时|按时|全部|力争|确保|要在|应在|须在|前后)+"
)
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|（\s*）")
NAME_MAX = 24
CLAUSE_MAX = 300
_TITLE_END = re.compile(r"[。(（\[【:]")


@dataclass(frozen=True)
class Block:
    """What the milestone finder needs of one marker block of the document."""

    rank: int  # 0 for the outermost marker kind (一、), larger inside
    head: str  # the first line after the marker, half-width
    more: str  # the block's continuation lines, joined
    has_tasks: bool  # a task, or a top-level section that holds tasks
    span: tuple[date, date] | None = None  # (start, end) when the heading is a phase (find_phases decides)

    @property
    def title(self) -> str:
        """The heading's words up to the first full stop or bracket (三、工作安排 → 工作安排)."""
        return _TITLE_END.split(self.head[:80], maxsplit=1)[0]


def document_year(preamble: str, text: str) -> int | None:
    """The year of the document date: a full date before the first section, else the first year anywhere."""
    for rx in (_FULL_DATE, _YEAR):
        for source in (preamble, text):
            m = rx.search(source)
            if m and 1900 <= int(m[1]) <= 2200:
                return int(m[1])
    return None


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"[。;!?]", text) if s.strip()]


def _clauses(sentence: str) -> list[str]:
    """Comma clauses, never split inside brackets (…（2024年6月，视情况）…)."""
    out, buf, depth = [], [], 0
    for ch in sentence:
        if ch in "(（[【":
            depth += 1
        elif ch in ")）]】" and depth:
            depth -= 1
        elif ch in ",:" and not depth:
            out.append("".join(buf))
            buf = []
            continue
        buf.append(ch)
    out.append("".join(buf))
    return [c.strip() for c in out if c.strip()]


def _pick_year(month: int, span: tuple[date, date] | None, carried: int | None) -> int | None:
    """Inside a phase, the year that puts the month within the phase; else the carried year."""
    if span is not None:
        start, end = span
        for y in range(start.year, end.year + 1):
            if (start.year, start.month) <= (y, month) <= (end.year, end.month):
                return y
    return carried


def _dates(clause: str, span, carried: int | None) -> list[tuple[int, int, date, date, int | None]]:
    """(match start, match end, start date, end date, explicit year) for every non-recurring date in a clause."""
    out = []
    for m in _DATE.finditer(clause):
        if _RECURRING.search(clause[max(0, m.start() - 3) : m.start()]):
            continue
        g = m.groupdict()
        explicit = int(g["ay"]) if g["ay"] else None
        try:
            m1 = int(g["am"])
            if not 1 <= m1 <= 12:
                continue
            y1 = explicit or _pick_year(m1, span, carried)
            if y1 is None:
                continue
            if g["anext"] and explicit is None:
                y1 += 1
            rel = g["rel"] or ""
            if g["bm"]:
                m2 = int(g["bm"])
                y2 = int(g["by"]) if g["by"] else (y1 + 1 if m2 < m1 or g["bnext"] else y1)
                start = date(y1, m1, _start_day(g["aq"], g["ad"], y1, m1))
                end = date(y2, m2, _end_day(g["bq"], g["bd"], y2, m2))
            elif rel in ("之前", "以前", "前"):
                start = end = date(y1, m1, _end_day(g["aq"], g["ad"], y1, m1))
            elif rel in ("起", "以后", "后"):
                start = end = date(y1, m1, _start_day(g["aq"], g["ad"], y1, m1))
            else:
                start = date(y1, m1, _start_day(g["aq"], g["ad"], y1, m1))
                end = date(y1, m1, _end_day(g["aq"], g["ad"], y1, m1))
        except (ValueError, OverflowError):
            continue
        if end < start:
            continue
        out.append((m.start(), m.end(), start, end, explicit))
    for m in _YEAR_END.finditer(clause):
        y = int(m["y"]) if m["y"] else carried
        if y is None or not 1900 <= y <= 2200 or any(s <= m.start() < e for s, e, *_ in out):
            continue
        d = date(y, 12, 31)
        out.append((m.start(), m.end(), d, d, int(m["y"]) if m["y"] else None))
    return sorted(out, key=lambda r: r[0])


def _owner_pattern(known: list[str]) -> re.Pattern:
    names = sorted({k for k in known if 2 <= len(k) <= 40}, key=len, reverse=True)
    alts = [re.escape(n) for n in names] + [_COLLECTIVE, _OFFICE]
    return re.compile("|".join(f"(?:{a})" for a in alts))


def _owner(text: str, pattern: re.Pattern) -> str:
    """The first unit named in text that is not the recipient of the step, with any 、责任单位 joined on."""
    for m in pattern.finditer(text):
        if _NOT_OWNER_BEFORE.search(text[max(0, m.start() - 3) : m.start()]):
            continue
        name, end = m.group(), m.end()
        if text[end : end + 2] in ("公厅", "公室"):  # 市政府办 → 市政府办公厅
            name, end = name + text[end : end + 2], end + 2
        while True:
            more = _MORE.match(text[end:])
            if not more:
                break
            name, end = name + more.group(), end + more.end()
        return name
    return ""


def _name(clause: str, cut: tuple[int, int], owner: str) -> str:
    """The clause without its date, owner and leading filler words: what is done."""
    s = (clause[: cut[0]] + clause[cut[1] :]).strip()
    s = _EMPTY_BRACKETS.sub("", s)
    for _ in range(3):
        before = s
        s = _FILLER.sub("", s).strip()
        if owner and s.startswith(owner):
            s = s[len(owner) :].strip()
        if s == before:
            break
    s = s.strip(" ,、:;")
    return s if len(s) <= NAME_MAX else s[: NAME_MAX - 1] + "…"


def find_milestones(blocks: list[Block], doc_year: int | None, known_units: list[str]) -> list[dict[str, str]]:
    """Milestone rows (phases.csv columns) from the schedule and follow-up sections, sorted by date."""
    pattern = _owner_pattern(known_units)
    top = min((b.rank for b in blocks), default=0)
    eligible = False
    carried = doc_year
    rows: list[dict[str, str]] = []
    seen: set[tuple[str, str, str]] = set()
    for b in blocks:
        if b.rank == top:
            eligible = _is_schedule_section(b)
        if not eligible or b.has_tasks:
            continue
        for sentence in _sentences(_block_text(b)):
            carried = _sentence_milestones(sentence, b.span, carried, pattern, rows, seen)
        # The nearest explicit year carries on to the blocks that follow (as for phases).
        years = context_years(b.head + b.more)
        if years:
            carried = years[-1]
    rows.sort(key=lambda r: (r["start"], r["end"]))
    return [{c: r[c] for c in PHASE_COLUMNS} for r in rows]


def _is_schedule_section(b: Block) -> bool:
    """A top-level section that holds the schedule or the follow-up (工作安排, 保障措施), not goals or tasks."""
    return bool(_SECTION.search(b.title)) and not _NOT_SECTION.search(b.title) and not b.has_tasks


def _block_text(b: Block) -> str:
    """The block's text that may hold milestones: after a phase's own date bracket (that is the phase), or the
    heading and its lines."""
    line = _LINE.match(b.head) if b.span is not None else None
    if line is not None:
        return line["rest"].lstrip("。.:;, \t") + b.more
    if b.more and len(b.head) <= 30 and not re.search(r"[。;,]", b.head):
        return b.head + "。" + b.more  # a bare heading (工作安排) is not the start of the next sentence
    return b.head + b.more


def _sentence_milestones(
    sentence: str,
    span: tuple[date, date] | None,
    carried: int | None,
    pattern: re.Pattern,
    rows: list[dict[str, str]],
    seen: set[tuple[str, str, str]],
) -> int | None:
    """Append a milestone row for every date in the sentence's clauses not seen before; the year carried on (the
    last explicit year of a milestone)."""
    # Real clauses are short; the caps keep degenerate input (no commas, thousands of dates) linear.
    clauses = [c[:CLAUSE_MAX] for c in _clauses(sentence)]
    prefix = ""  # the clauses before: where the owner of a clause without one is named
    for i, clause in enumerate(clauses):
        nxt = clauses[i + 1] if i + 1 < len(clauses) else None
        for start_at, end_at, start, end, explicit in _dates(clause, span, carried):
            named = _named_owner(clause, (start_at, end_at), nxt, prefix, pattern)
            if named is None:
                continue
            name, owner = named
            key = (start.isoformat(), end.isoformat(), name)
            if key in seen:
                continue
            seen.add(key)
            rows.append(_milestone(name, start, end, owner, sentence))
            if explicit:
                carried = explicit
        if len(prefix) < CLAUSE_MAX:
            prefix += clause + ","
    return carried


def _named_owner(
    clause: str, cut: tuple[int, int], nxt: str | None, prefix: str, pattern: re.Pattern
) -> tuple[str, str] | None:
    """(name, owner) of the step dated at cut in clause, or None when no name of two characters is left. A clause
    that is only its date (2024年6月底前,完成…) takes its name and owner from the next clause; an owner named
    before it in the sentence (prefix) stands for one the clause does not name."""
    bare = len(_name(clause, cut, "")) < 2 and nxt is not None
    region = clause + "," + nxt if bare else clause
    owner = _owner(region, pattern) or _owner(prefix, pattern)
    name = _name(nxt, (0, 0), owner) if bare else _name(clause, cut, owner)
    return (name, owner) if len(name) >= 2 else None


def _milestone(name: str, start: date, end: date, owner: str, sentence: str) -> dict[str, str]:
    return {
        "name": name,
        "name_en": "",
        "kind": "milestone",
        "start": start.isoformat(),
        "end": end.isoformat(),
        "owner": owner,
        "description": sentence + "。",
    }
