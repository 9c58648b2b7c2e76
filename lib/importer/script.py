"""Traditional script: a simplified copy of the text for matching, and the document's own spelling mapped back.

The copy is made character by character (OpenCC's t2s table, one character to one character), so it has exactly
the length of the original and every position in it is the same position in the original. Whatever the parser
finds in the copy (a title, a unit name) is looked up there and replaced by the same span of the original, so
names and text stay as the document writes them.
"""

from __future__ import annotations

import functools
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


def simplified_copy(text: str) -> str | None:
    """The text with traditional characters made simplified (same length), or None when it is not traditional."""
    table = _table()
    if not table:
        return None
    changed = sum(1 for ch in text if ord(ch) in table)
    if changed < MIN_TRADITIONAL:
        return None
    return text.translate(table)


class Restorer:
    """Maps strings found in the simplified copy back to the original's spelling."""

    def __init__(self, original: str, simplified: str) -> None:
        self.original = original
        self.simplified = simplified
        self.budget = _FIND_BUDGET
        votes: dict[str, Counter] = defaultdict(Counter)
        for o, s in zip(original, simplified):
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
        if self.budget > 0:
            self.budget -= len(self.simplified)
            i = self.simplified.find(s)
            if i >= 0:
                out = self.original[i : i + len(s)]
        if out is None:
            out = "".join(self.chars.get(ch, ch) for ch in s)
        self.cache[s] = out
        return out
