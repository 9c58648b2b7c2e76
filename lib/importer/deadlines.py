"""A task's 完成时限 / 时间节点 as written (2024年6月底前, 长期坚持, 持续推进) and, where it is a date, as an ISO date."""

from __future__ import annotations

import re
from datetime import date

from lib.importer.phases import parse_dates

# A whole token that is a deadline, not a unit: a date with its 前/完成 … or one of the standing phrases.
_DATE_PART = (
    r"(?:(?:\d{4}\s*年\s*)?(?:\d{1,2}\s*月\s*(?:份)?(?:上旬|中旬|下旬|底|末|初|中)?(?:\d{1,2}\s*日)?)"
    r"|\d{4}\s*年\s*(?:底|末|内|年底|年末|上半年|下半年|第?[一二三四1-4]季度)?"
    r"|年内|年底|年末|今年|明年|当年|上半年|下半年|第?[一二三四1-4]季度(?:末)?)"
)
_RANGE_PART = rf"{_DATE_PART}(?:\s*[-—–~至到]\s*{_DATE_PART})?"
_DONE = r"(?:前|之前|以前|底前|内|起)?\s*(?:完成|启动|实现|落实|到位|见效|建成|出台|持续推进|全面完成|基本完成)?"
_STANDING = (
    r"(?:长期坚持|长期推进|长期|持续推进|持续开展|持续实施|持续|常态化推进|常态化|长期有效|按年度推进|逐年推进"
    r"|分年度推进|每年|每季度|每月|定期|立即|立即实施|及时|适时|按计划推进|根据需要|按进度推进)"
)
DEADLINE = re.compile(rf"^(?:{_RANGE_PART}\s*{_DONE}(?:[,、]?\s*{_STANDING})?|{_DATE_PART}?\s*{_STANDING})$")
_YEAR_END = re.compile(r"(?:(\d{4})\s*年\s*)?(?:年底|年末|年内|底|末|内)")
_HALF_YEAR = re.compile(r"(?:(\d{4})\s*年\s*)?(上|下)半年")
_QUARTER = re.compile(r"(?:(\d{4})\s*年\s*)?第?([一二三四1-4])季度")
_TAIL = re.compile(r"\s*(?:前|之前|以前|底前)?\s*(?:完成|启动|实现|落实|到位|见效|建成|出台|全面完成|基本完成)?$")
_QUARTER_END = {
    "一": "03-31",
    "二": "06-30",
    "三": "09-30",
    "四": "12-31",
    "1": "03-31",
    "2": "06-30",
    "3": "09-30",
    "4": "12-31",
}


def is_deadline(token: str) -> bool:
    """True for a list token that states when, not who (6月底完成, 年内持续推进, 长期坚持)."""
    t = token.strip()
    return 2 <= len(t) <= 40 and bool(DEADLINE.match(t))


def deadline_iso(text: str, year: int | None) -> str:
    """The last day a deadline allows, as YYYY-MM-DD; "" when it is not a date (长期坚持) or has no year."""
    t = re.sub(r"[,、]?\s*" + _STANDING + r"$", "", text.strip())
    t = _TAIL.sub("", t).strip()
    if not t:
        return ""
    # The end of a range (2024年3月-6月) is the deadline.
    if m := _HALF_YEAR.fullmatch(t):
        y = int(m[1]) if m[1] else year
        return f"{y:04d}-{'06-30' if m[2] == '上' else '12-31'}" if y else ""
    if m := _QUARTER.fullmatch(t):
        y = int(m[1]) if m[1] else year
        return f"{y:04d}-{_QUARTER_END[m[2]]}" if y else ""
    if m := _YEAR_END.fullmatch(t):
        y = int(m[1]) if m[1] else year
        return f"{y:04d}-12-31" if y and 1900 <= y <= 2200 else ""
    if t in ("今年", "当年") and year:
        return f"{year:04d}-12-31"
    if t == "明年" and year:
        return f"{year + 1:04d}-12-31"
    if re.fullmatch(r"\d{4}\s*年", t):
        return f"{int(t[:4]):04d}-12-31"
    parsed = parse_dates(t, year)
    return parsed[1].isoformat() if parsed else ""


_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def valid_deadline(value) -> bool:
    """A tasks.csv deadline cell is empty or a real YYYY-MM-DD date (for the loader's check)."""
    if value is None or (isinstance(value, float) and value != value) or str(value).strip() == "":
        return True
    s = str(value).strip()
    if not _ISO.fullmatch(s):
        return False
    try:
        date.fromisoformat(s)
    except ValueError:
        return False
    return True
