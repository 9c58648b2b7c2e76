"""The numbering grammar of official documents: list markers, their values, and segments found without line breaks.

Official plans nest 第X章 > 一、 > 第X条 > （一） > 1. > （1） > ① > ——. A marker opens a new segment where a line starts
with it, or in running text where it follows a sentence end, a closing bracket or a paragraph gap and continues its
kind's numbering (the next number, or 1 after an outer marker). So a whole document stored as one line splits into
the same segments as its line-broken copy. Every pattern is linear (no nested quantifiers).
"""

from __future__ import annotations

import re

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
_CN = "一二三四五六七八九十百千零〇两"

# (kind, pattern) from the outermost level to the innermost, as documents nest them. Numbers have any width.
MARKERS: tuple[tuple[str, re.Pattern], ...] = (
    ("chap", re.compile(rf"第\s*[{_CN}\d]{{1,8}}\s*(?:章|部分|篇)\s*")),
    ("art", re.compile(rf"第\s*[{_CN}\d]{{1,8}}\s*条\s*")),
    ("pcn", re.compile(rf"\(\s*[{_CN}]{{1,8}}\s*\)\s*")),
    ("pnum", re.compile(r"\(\s*\d+\s*\)\s*|\d+\)\s*")),
    ("cn", re.compile(rf"[{_CN}]{{1,8}}\s*[、.]\s*")),
    ("num", re.compile(r"\d+\s*(?:、|\.(?![\d%]))\s*")),
    ("circ", re.compile(r"[①-⑳㉑-㉟㊱-㊿]\s*")),
    ("dash", re.compile(r"——\s*(?=[^—\s])")),
)
RANK = {"chap": 0, "cn": 1, "art": 2, "pcn": 3, "num": 4, "pnum": 5, "circ": 6, "dash": 7}
_BY_KIND = dict(MARKERS)

# Where a marker may stand in running text: after a sentence end, a closing bracket, a colon or a paragraph gap.
_CANDIDATE = re.compile(
    rf"(?:(?<=[。;:!?)\]】〕])|(?<=\s))\s*(?=第\s*[{_CN}\d]|\(\s*[{_CN}\d]|[{_CN}]{{1,8}}\s*[、.]|\d+\s*[、.)]|[①-⑳㉑-㉟㊱-㊿]|——)"
)
# A marker glued to arbitrary text before it (…的通知3.完善…, …交发集团3、建设…, …方案一、2023年…): a number not
# inside a number (2.5, 第三、) and followed by a word. Taken only when it is exactly the next number of its kind.
_LOOSE = re.compile(
    rf"(?<![\d{_CN}第.])(?=\d{{1,3}}(?:\.(?![\d%])|、)\s?[\u4e00-\u9fff“]|[{_CN}]{{1,3}}、\s?[\u4e00-\u9fff\d]"
    rf"|\([{_CN}]{{1,3}}\)\s?[\u4e00-\u9fff])"
)


_FIRST_INNER = re.compile(r"(?<![\d.])1\.(?![\d%])\s?[\u4e00-\u9fff“]|\(\s*一\s*\)\s?[\u4e00-\u9fff]")
_FIRST_INNER_SPAN = 300  # characters from a heading 一、 to its first item
_SECOND_CN = re.compile(rf"(?:(?<=[。;:!?)\]】〕\s])|(?<![\d{_CN}第.]))二\s*、\s?[\u4e00-\u9fff]")


def _candidate_at(line: str, pos: int) -> bool:
    """pos follows a sentence end, a closing bracket, a colon or whitespace (where _CANDIDATE cuts)."""
    return pos > 0 and (line[pos - 1] in "。;:!?)]】〕" or line[pos - 1].isspace())


# Whitespace that separates paragraphs in text stored as one line: a full-width space run, or spaces followed by
# a marker or a label, or preceded by a sentence end.
_GAP = re.compile(r"[ \t\u3000]+")
_BRACKET_SPAN = 300  # characters a bracket may stay open across paragraph gaps
_NEXT_ITEM = re.compile(rf"(?:\d{{1,3}}\.(?![\d%])|[{_CN}]{{1,3}}、|\([{_CN}]{{1,3}}\))\s?[\u4e00-\u9fff]")


def cn_value(s: str) -> int | None:
    """一 → 1, 十二 → 12, 一百零三 → 103, 二〇 → 20 (digit strings too); None when it is not a number."""
    s = s.strip()
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if all(ch in _CN_DIGIT for ch in s):  # 二〇 written digit by digit
        v = 0
        for ch in s:
            v = v * 10 + _CN_DIGIT[ch]
        return v
    total, cur = 0, 0
    for ch in s:
        if ch in _CN_DIGIT:
            cur = _CN_DIGIT[ch]
        elif ch in _CN_UNIT:
            total += (cur or 1) * _CN_UNIT[ch]
            cur = 0
        else:
            return None
    return total + cur


def marker_value(kind: str, text: str) -> int | None:
    """The number a marker stands for (——: None, it does not count)."""
    if kind == "dash":
        return None
    if kind == "circ":
        ch = text.strip()[0]
        o = ord(ch)
        if 0x2460 <= o <= 0x2473:
            return o - 0x2460 + 1
        if 0x3251 <= o <= 0x325F:
            return o - 0x3251 + 21
        return o - 0x32B1 + 36
    core = re.sub(r"[第章部分篇条()、.\s]", "", text)
    return cn_value(core)


def match_marker(line: str, pos: int = 0) -> tuple[str | None, int]:
    """(kind, end) of the marker at line[pos:], or (None, pos)."""
    for kind, rx in MARKERS:
        m = rx.match(line, pos)
        if m:
            return kind, m.end()
    return None, pos


class Numbering:
    """The numbering seen so far: which mid-text markers continue it (so 。2. opens item 2 only after item 1)."""

    def __init__(self) -> None:
        self.last: dict[str, int] = {}
        self.since: dict[str, bool] = {}  # an outer marker appeared since this kind's last number

    def accepts(self, kind: str, value: int | None) -> bool:
        """Would a marker of this kind and value, found in running text, continue the document's numbering?"""
        if kind == "dash":
            return False  # —— is also a plain dash inside sentences; only a line or paragraph start opens one
        if value is None:
            return False
        last = self.last.get(kind)
        if last is None:
            return value == 1
        return value == last + 1 or (value == 1 and self.since.get(kind, False))

    def see(self, kind: str, value: int | None) -> None:
        """Record a marker that opened a segment."""
        if value is not None:
            self.last[kind] = value
            self.since[kind] = False
        r = RANK[kind]
        for k in RANK:
            if RANK[k] > r:
                self.since[k] = True


def split_running(line: str, numbering: Numbering, flat: bool = False) -> list[int]:
    """Positions inside a line (never 0) where a marker continuing the numbering opens a new segment.

    flat: the line is text that lost its line breaks (see lost_breaks): there a marker glued to the words before it
    is looked for even before any line opened with a marker, and may be the first item under a heading just opened
    (一、…精准性（一）研究…). On an ordinary line (一、强化要素保障主要包括（一）用地（二）资金两方面) it is no item."""
    cuts: list[int] = []
    kind, end = match_marker(line, 0)
    if kind is not None:
        numbering.see(kind, marker_value(kind, line[:end]))
    loose = {m.end() for m in _LOOSE.finditer(line)} if numbering.last or flat else set()
    for pos in sorted({m.end() for m in _CANDIDATE.finditer(line)} | loose):
        if pos == 0 or (cuts and pos <= cuts[-1]):
            continue
        kind, end = match_marker(line, pos)
        if kind is None:
            continue
        value = marker_value(kind, line[pos:end])
        # After a paragraph gap (whitespace) or a unit span's closing 〕 a marker needs no sequence check beyond
        # plausibility (an excerpt's first 三、 after its lost 一、 二、).
        at_gap = line[pos - 1].isspace() or line[pos - 1] == "〕"
        if pos in loose and not (_candidate_at(line, pos) or at_gap):
            # After arbitrary text (the tail of another heading glued on): only the very next number, or the first
            # item under a heading just opened (一、…精准性（一）研究…: the heading has no full stop).
            last = numbering.last.get(kind)
            first = flat and value == 1 and kind in ("pcn", "num") and numbering.since.get(kind, False)
            # The first 一、 of a document stored as one line, glued to the page's title or header before it
            # (…信息来源: 丽水市政府一、全市…), before any other marker: taken when its 二、 follows as a marker too,
            # or its first item (1. or (一)) soon after.
            first = first or (
                flat and kind == "cn" and value == 1 and not numbering.last
                and bool(_SECOND_CN.search(line, end) or _FIRST_INNER.search(line, end, end + _FIRST_INNER_SPAN))
            )
            if (first or (last is not None and value == last + 1)) and kind in ("cn", "pcn", "num"):
                cuts.append(pos)
                numbering.see(kind, value)
            continue
        if (
            numbering.accepts(kind, value)
            or (at_gap and kind == "dash" and line[pos - 1].isspace())
            or (at_gap and _plausible(numbering, kind, value))
        ):
            cuts.append(pos)
            numbering.see(kind, value)
    return cuts


def lost_breaks(line: str, text_length: int) -> bool:
    """A line that is text which lost its line breaks: a very long one, or one holding most of its document."""
    n = len(line.strip())
    return n >= _FLAT_LINE or 2 * n >= text_length


_FLAT_LINE = 500


def _plausible(numbering: Numbering, kind: str, value: int | None) -> bool:
    """A marker after a paragraph gap: its number is not far off the numbering (a gap inside a sentence is rare).

    The first 三、 or （五） of an excerpt that starts mid-document is taken too: those markers do not occur after
    a space in running text, unlike a bare 5. or 3、.
    """
    if value is None:
        return False
    last = numbering.last.get(kind)
    if last is None and kind in ("chap", "art", "cn", "pcn"):
        return True
    return value == 1 or (last is not None and 0 < value - last <= 2)


def paragraph_gaps(line: str) -> list[tuple[int, int]]:
    """(start, end) of whitespace runs that separate paragraphs: full-width spaces, or a gap after a sentence end."""
    out = []
    depth, opened, pos = 0, 0, 0
    for m in _GAP.finditer(line):
        s, e = m.span()
        # Never inside a bracket ((牵头单位:X  责任单位:Y)); a bracket open for long is a stray one.
        for i in range(pos, s):
            ch = line[i]
            if ch in "([【〔":
                if depth == 0:
                    opened = i
                depth += 1
            elif ch in ")]】〕" and depth:
                depth -= 1
        pos = s
        if depth and (s - opened > _BRACKET_SPAN or _NEXT_ITEM.match(line, e)):
            depth = 0  # a bracket open for long, or one before the next item's number, lost its closing bracket
        if depth or s == 0 or e == len(line):
            continue
        run = m.group()
        if "\u3000" in run or "\t" in run or len(run) >= 2 or line[s - 1] in "。;:!?)]】":
            out.append((s, e))
    return out
