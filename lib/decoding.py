"""Bytes to text, once: the byte-order marks, UTF-8, GBK/GB18030 and UTF-16 that Chinese files arrive in.

Called by the loader (lib.data.decode_bytes: a plan's CSV files, and through it a unit's ledger file) and by the
importer (lib.importer.readers: a document's text). Each caller turns Undecodable into its own message.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

# Checked longest first: the UTF-32-LE mark starts with the UTF-16-LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_PLAUSIBLE = re.compile(r"[\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


class Undecodable(ValueError):
    """Bytes that are no text: reason "bom" (a byte-order mark whose encoding fails; encoding names it), "binary"
    (it decodes, but to control characters no text has) or "unknown" (no encoding tried fits)."""

    def __init__(self, reason: str, encoding: str = "") -> None:
        self.reason = reason
        self.encoding = encoding
        super().__init__(f"{reason} {encoding}".strip())


def decode_text(raw: bytes, *, tolerant: bool = False) -> str:
    """raw as text: the encoding its byte-order mark names, else UTF-8, else GB18030 (GBK is part of it).

    tolerant is for a document someone saved or copied by hand: a few stray NULs are dropped, UTF-16 without a mark
    is recognised (the likeliest of GB18030 and UTF-16 by how much of the decode is Chinese, ASCII and punctuation),
    and up to 2% control characters pass. Otherwise (a table a program wrote) any NUL or control character other
    than tab and line breaks means it is not text. Raises Undecodable.
    """
    check = _check_document if tolerant else _check_table
    for bom, enc in BOMS:
        if raw.startswith(bom):
            try:
                return check(raw[len(bom):].decode(enc))
            except UnicodeDecodeError:
                raise Undecodable("bom", enc) from None
    return _guess_document(raw) if tolerant else _guess_table(raw)


def _guess_table(raw: bytes) -> str:
    if b"\x00" in raw:
        raise Undecodable("binary")
    decoded = False
    for enc in ("utf-8", "gb18030"):
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        decoded = True
        try:
            return _check_table(text)
        except Undecodable:
            continue
    raise Undecodable("binary" if decoded else "unknown")


def _guess_document(raw: bytes) -> str:
    nuls = raw.count(0)
    few_nuls = nuls <= max(8, len(raw) // 1000)
    if few_nuls:
        # A few NULs come from a damaged save or a copy through another tool; UTF-16 has one every other byte.
        try:
            return _check_document(raw.replace(b"\x00", b"").decode("utf-8"))
        except (UnicodeDecodeError, Undecodable):
            pass
    best: tuple[float, str] | None = None
    for enc in ("gb18030", "utf-16-le", "utf-16-be"):
        if enc == "gb18030" and not few_nuls:
            continue  # GB18030 text has no NULs
        data = raw[: len(raw) // 2 * 2] if enc.startswith("utf-16") else raw
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _plausible(text)
        if best is None or score > best[0]:
            best = (score, text)
    if best is not None and best[0] >= 0.9:
        return _check_document(best[1])
    raise Undecodable("unknown")


def _plausible(text: str) -> float:
    """Share of characters a Chinese plan is made of (Han, ASCII, CJK and general punctuation)."""
    sample = text[:100_000]
    return len(_PLAUSIBLE.findall(sample)) / len(sample) if sample else 0.0


def _check_document(text: str) -> str:
    """A decode that is really binary is refused: control characters are rare in any real document."""
    sample = text[:200_000]
    bad = sum(1 for ch in sample if ch not in "\t\n\r\f\v" and unicodedata.category(ch) in ("Cc", "Cs", "Co"))
    if sample and bad / len(sample) > 0.02:
        raise Undecodable("binary")
    return text


def _check_table(text: str) -> str:
    """Control characters other than tab and line breaks mean this is not a text file."""
    if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text[:4096]):
        raise Undecodable("binary")
    return text
