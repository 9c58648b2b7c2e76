"""Dated work phases such as 动员部署阶段（2024年2月-4月上旬） as ISO start/end dates."""

from __future__ import annotations

import calendar
import re
from datetime import date

from lib.vocabulary import PHASE_FRAME_COLUMNS

PHASE_COLUMNS = list(PHASE_FRAME_COLUMNS)  # the phases.csv the importer writes, owner included

_POINT = (
    r"(?:(?P<{p}y>\d{{4}})\s*年\s*)?(?P<{p}m>\d{{1,2}})\s*月\s*份?"
    r"(?P<{p}q>上中旬|中下旬|上旬|中旬|下旬|初|底|末|中)?(?:(?P<{p}d>\d{{1,2}})\s*日)?"
)
_RANGE = re.compile(
    _POINT.format(p="a") + r"\s*(?:[-—–~至到]+)\s*(?:" + _POINT.format(p="b") + r"|(?P<yearend>年底|年末))"
    r"\s*(?:前|之前|期间|左右)?"
)
_SINGLE = re.compile(_POINT.format(p="a") + r"\s*(?:期间|左右)?")
# The phase line: a short name, then the dates in brackets, then (optionally) what happens in the phase.
_LINE = re.compile(r"(?P<name>[^()\[\]。,;:]{1,30})\((?P<dates>[^()]{2,60})\)(?P<rest>.*)", re.S)
_YEAR = re.compile(r"(\d{4})\s*年")
# 到2027年 / 力争2027年: a target year in the goals, not the year the plan's dates are in.
# (至 and a 到 right after a date are ranges: 2025年11月到2026年2月.)
_TARGET_YEAR = re.compile(r"(?:(?<![月日旬底初末\d])到|力争|争取|预计|计划)\s*(\d{4})\s*年")


def context_years(text: str) -> list[int]:
    """Explicit years in text that set the year of undated spans after it (target years left out)."""
    targets = {m.start(1) for m in _TARGET_YEAR.finditer(text)}
    return [int(m[1]) for m in _YEAR.finditer(text) if m.start(1) not in targets and 1900 <= int(m[1]) <= 2200]


def _start_day(q: str | None, d: str | None, year: int, month: int) -> int:
    if d:
        return int(d)
    if q in ("中旬", "中下旬", "中"):
        return 11
    if q == "下旬":
        return 21
    if q in ("底", "末"):
        return calendar.monthrange(year, month)[1]
    return 1


def _end_day(q: str | None, d: str | None, year: int, month: int) -> int:
    if d:
        return int(d)
    if q in ("上旬", "初"):
        return 10
    if q in ("中旬", "上中旬", "中"):
        return 20
    return calendar.monthrange(year, month)[1]


def parse_dates(text: str, year: int | None) -> tuple[date, date, int] | None:
    """(start, end, last year) for a bracket like 2024年2月-4月上旬, or None if it is not a date span."""
    m = _RANGE.fullmatch(text.strip())
    single = m is None
    if single:
        m = _SINGLE.fullmatch(text.strip())
        if m is None:
            return None
    g = m.groupdict()
    y1 = int(g["ay"]) if g["ay"] else year
    if y1 is None:
        return None
    try:
        m1 = int(g["am"])
        start = date(y1, m1, _start_day(g["aq"], g["ad"], y1, m1))
        if single:
            end = date(y1, m1, _end_day(g["aq"], g["ad"], y1, m1))
        elif g.get("yearend"):
            end = date(y1, 12, 31)
        else:
            m2 = int(g["bm"])
            # No year on the end: same year, or the next one when the months wrap (11月-2月).
            y2 = int(g["by"]) if g["by"] else (y1 + 1 if m2 < m1 else y1)
            end = date(y2, m2, _end_day(g["bq"], g["bd"], y2, m2))
    except (ValueError, OverflowError):
        return None
    if end < start:
        return None
    return start, end, end.year


def find_phases(
    lines: list[tuple[str, str]], spans: dict[int, tuple[date, date]] | None = None
) -> list[dict[str, str]]:
    """Phase rows from (marker-stripped head, continuation) pairs in order, years carried forward.

    spans, when given, receives line index → (start, end) of every line that became a phase.
    """
    rows: list[dict[str, str]] = []
    year: int | None = None
    for i, (head, more) in enumerate(lines):
        m = _LINE.match(head)
        if m:
            name = m["name"].strip()
            parsed = parse_dates(m["dates"], year)
            # A single month counts only for a line that calls itself a phase; otherwise it is just a date.
            if parsed and (_RANGE.fullmatch(m["dates"].strip()) or name.endswith("阶段")):
                start, end, _ = parsed
                if spans is not None:
                    spans[i] = (start, end)
                desc = (m["rest"].lstrip("。.:;, \t") + more).strip()
                rows.append(
                    {
                        "name": name,
                        "name_en": "",
                        "kind": "phase",
                        "start": start.isoformat(),
                        "end": end.isoformat(),
                        "owner": "",
                        "description": desc,
                    }
                )
        # Carry the latest explicit year (the document date, a previous phase) to undated spans that follow.
        years = context_years(head + more)
        if years:
            year = years[-1]
    return rows
