"""Traditional script: a simplified copy of the text for matching, and the document's own spelling mapped back.

The copy is made character by character (OpenCC's t2s table, one character to one character), so it has exactly
the length of the original and every position in it is the same position in the original. Whatever the parser
finds in the copy (a title, a unit name) is looked up there and replaced by the same span of the original, so
names and text stay as the document writes them.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict

# Basic CJK, extension A and compatibility ideographs: where traditional characters live.
_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
MIN_TRADITIONAL = 8  # a few traditional characters (names such as 乾) do not make a document traditional
_FIND_BUDGET = 400_000_000  # characters str.find may scan in total before lookups fall back to characters


@functools.cache
def _table() -> dict[int, str]:
    """code point → simplified character, for every character t2s changes into exactly one character."""
    try:
        import opencc
    except ImportError:  # the dependency is missing: traditional text is then read as it is
        return {}
    conv = opencc.OpenCC("t2s")
    table: dict[int, str] = {}
    for lo, hi in _RANGES:
        chars = "".join(chr(o) for o in range(lo, hi + 1))
        # Converting a newline-separated column keeps the one-to-one correspondence (no phrase spans lines).
        out = conv.convert("\n".join(chars)).split("\n")
        if len(out) != len(chars):
            continue
        for ch, s in zip(chars, out):
            if len(s) == 1 and s != ch:
                table[ord(ch)] = s
    return table


# A pinyin gloss a mirror site inserts after a character (發(fā)展, 負(fù)責(zé), 單(dān)位): lower-case letters with at least
# one tone mark, in brackets, right after a Chinese character. It splits words the parser reads (负责, 单位).
_TONED = "\u00e0-\u00fc\u0101-\u01dc\u01f9\u1e3f"
_GLOSS = re.compile(
    rf"(?<=[\u3400-\u9fff])[(（]\s?(?=[a-z{_TONED}]*[{_TONED}])[a-z{_TONED}]{{1,7}}\s?[)）]"
)
MIN_GLOSSES = 2  # one bracket that looks like a gloss does not make a document a glossed mirror


def without_glosses(text: str) -> tuple[str, list[int]] | None:
    """The text without its pinyin glosses and, per character left, its index in the text; None when the text has
    fewer than MIN_GLOSSES of them."""
    spans = [m.span() for m in _GLOSS.finditer(text)]
    if len(spans) < MIN_GLOSSES:
        return None
    keep, at = [], 0
    for s, e in spans:
        keep.extend(range(at, s))
        at = e
    keep.extend(range(at, len(text)))
    return "".join(text[i] for i in keep), keep


def simplified_copy(text: str) -> str | None:
    """The text with traditional characters made simplified (same length), or None when it is not traditional."""
    table = _table()
    if not table:
        return None
    changed = sum(1 for ch in text if ord(ch) in table)
    if changed < MIN_TRADITIONAL:
        return None
    return text.translate(table)


def _fold() -> dict[int, str | int]:
    """The parser's full-width -> half-width map (the copy a Restorer is given is made half-width with it)."""
    from lib.importer.parse import _HALF  # parse imports this module: looked up when a Restorer is made

    return _HALF


class Restorer:
    """Maps strings found in the simplified copy back to the original's spelling.

    positions (when the copy also dropped characters, such as pinyin glosses): the original's index of each of the
    copy's characters; a string found in the copy is then the original's span from its first to its last character,
    with whatever was dropped inside it (省通信管理(lǐ)局)."""

    def __init__(self, original: str, simplified: str, positions: list[int] | None = None) -> None:
        self.original = original
        self.simplified = simplified
        self.positions = positions
        self.budget = _FIND_BUDGET
        self.hint = 0  # where the last string was found: the parser's strings come mostly in document order
        self.fold = _fold()
        votes: dict[str, Counter] = defaultdict(Counter)
        kept = original if positions is None else "".join(original[i] for i in positions)
        for o, s in zip(kept, simplified):
            if o != s:
                votes[s][o] += 1
        # A simplified character that the document also writes as such keeps its own form when that is commoner.
        totals = Counter(simplified)
        for s, c in votes.items():
            c[s] += totals[s] - sum(c.values())
        self.chars = {s: c.most_common(1)[0][0] for s, c in votes.items()}
        self.cache: dict[str, str] = {}

    def __call__(self, s):
        """The original spelling of s (a string found in the simplified copy); non-strings unchanged."""
        if not isinstance(s, str) or not s:
            return s
        hit = self.cache.get(s)
        if hit is not None:
            return hit
        out = None
        if self.positions is not None:
            out = self._pieces(s)
        else:
            out = self._found(s)
            if out is None and "\n" in s:
                # A task's source is its lines as the parser joined them, blank lines and indents dropped: each line
                # is found on its own.
                lines = [self._found(ln) if ln.strip() else ln for ln in s.split("\n")]
                if all(ln is not None for ln in lines):
                    out = "\n".join(lines)
        if out is None:
            out = "".join(self.chars.get(ch, ch) for ch in s)
        self.cache[s] = out
        return out

    def _find(self, s: str) -> int:
        """Where s is in the copy (-1 when not, or when the budget has run out), searched from the last hit on."""
        if self.budget <= 0:
            return -1
        i = self.simplified.find(s, self.hint)
        self.budget -= (i - self.hint + len(s)) if i >= 0 else len(self.simplified) - self.hint
        if i < 0 and self.hint:
            i = self.simplified.find(s, 0, self.hint + len(s))
            self.budget -= self.hint + len(s)
        if i >= 0:
            self.hint = i
        return i

    def _found(self, s: str) -> str | None:
        """s in the original's characters when s is in the copy as it stands or with full-width marks made half-width
        as the copy is (a source keeps the document's own marks: only its traditional characters come back)."""
        i = self._find(s)
        if i >= 0:
            return self.original[i : i + len(s)]
        folded = s.translate(self.fold)
        if folded == s or len(folded) != len(s):  # (a deleted invisible character: no longer one to one)
            return None
        i = self._find(folded)
        if i < 0:
            return None
        return "".join(o if f == c else c for o, f, c in zip(self.original[i : i + len(s)], folded, s))

    def _span(self, i: int, n: int) -> str:
        """The original of the copy's characters i … i+n-1, with the glosses dropped after each of them."""
        end = self.positions[i + n] if i + n < len(self.positions) else len(self.original)
        return self.original[self.positions[i] : end]

    def _pieces(self, s: str) -> str | None:
        """s from the longest runs of it found in the copy (a title joined from lines is found run by run), each run
        in the original's characters with its glosses; None when the budget runs out or a character is not found."""
        out, at = [], 0
        while at < len(s):
            lo, hi, best = 1, len(s) - at, -1  # longest prefix of s[at:] found: find is monotone in the length
            while lo <= hi and self.budget > 0:
                mid = (lo + hi) // 2
                self.budget -= len(self.simplified)
                i = self.simplified.find(s[at : at + mid])
                if i >= 0:
                    best, lo, where = mid, mid + 1, i
                else:
                    hi = mid - 1
            if best < 0:
                return None
            out.append(self._span(where, best))
            at += best
        return "".join(out)
