"""Data text made literal at its sinks: Markdown (md_escape), spreadsheets (neutralise_cell), and the names shown.

Show data text literally where Streamlit renders Markdown (st.markdown, st.caption, st.title, st.warning, ...).

Streamlit's Markdown understands CommonMark and GFM (links, emphasis, headings, lists, tables, strikethrough, raw
HTML tags), LaTeX between dollar signs, ``:red[colour]`` and ``:material/icon:`` directives and ``:emoji:`` short
codes. A unit name such as ``**重点**``, ``[x](javascript:alert(1))`` or ``<img src=x onerror=alert(1)>`` must
show as written, so every piece of data text put into Markdown goes through :func:`md_escape`.

Only characters that can start Markdown syntax are escaped, so ordinary text (dates, task numbers like 5.2, file
names like tasks.csv, column names like support_units) stays byte-for-byte the same in the Markdown source.
"""

from __future__ import annotations

import re

# Characters that open Markdown syntax wherever they stand (emphasis, code, links, images, HTML, tables,
# strikethrough, math, Streamlit directives). CommonMark lets a backslash escape any ASCII punctuation.
_ANYWHERE = re.compile(r"([\\`*\[\]<>!|~$:])")
# "_" opens emphasis only at a word boundary (support_units is safe, _x_ is not).
_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# "&lt;" or "&#60;" would be decoded to "<" on screen; escaping the "&" keeps the entity as written.
_ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
# At the start of a line these make a heading, a list, a quote or a setext underline.
_LINE_START = re.compile(r"^(#|[-+=]|\d{1,9}(?=[.)](?:\s|$)))")
_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029\x85]+\s*")
# Streamlit still turns "\:material/home\:" into an icon (and "http\://x" into a link) after the escapes are read;
# an invisible word joiner after each colon keeps the text literal.
_WORD_JOINER = "\u2060"


def md_escape(text) -> str:
    """Data text made literal for Markdown; line breaks become spaces.

    Meant for inline use (names, titles, messages): a line break in data would otherwise start a new block
    (a list, a heading, an indented code block), so it becomes a space, and outer spaces are dropped.
    """
    if text is None:
        return ""
    s = _LINE_BREAKS.sub(" ", str(text)).strip()
    s = _ANYWHERE.sub(r"\\\1", s)
    s = _UNDERSCORE.sub(r"\\_", s)
    s = _ENTITY.sub(r"\\&", s)
    m = _LINE_START.match(s)
    if m:
        lead = m.group(1)
        # "1." / "1)" start an ordered list: escape the mark after the digits; otherwise the first character.
        s = (lead + "\\" + s[len(lead):]) if lead[0].isdigit() else "\\" + s
    return s.replace("\\:", "\\:" + _WORD_JOINER)


def md_unescape(text: str) -> str:
    """The text md_escape was given (after its line-break folding): what the reader sees on screen."""
    # only the joiner md_escape put after an escaped colon goes: one the text itself held stays
    return re.sub(r"\\(.)", r"\1", str(text).replace("\\:" + _WORD_JOINER, "\\:"), flags=re.S)


NAME_SHOWN = 60  # characters of a name shown in a heading, label or sentence; downloads keep the whole name


def short_name(text, limit: int = NAME_SHOWN) -> str:
    """A name cut to `limit` characters with an ellipsis where a page shows it (a 10,000-character unit name
    would otherwise fill the screen); not escaped."""
    s = "" if text is None else str(text)
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


# Characters that change how a name looks or reads without being seen: zero-width characters, the soft hyphen,
# bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069), the marks U+200E/U+200F/U+061C and the BOM.
# 市\u202e委改发 would otherwise show as 市发改委 and be a second unit.
INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def clean_text_name(s) -> str:
    """A name without invisible and direction characters, outer whitespace trimmed (the one rule importer and
    loader share, so two names that look the same are the same name)."""
    if s is None:
        return ""
    return INVISIBLE.sub("", str(s)).strip()


# OWASP CSV injection: a cell starting with one of these is read as a formula by spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def neutralise_cell(value):
    """Prefix a quote to text a spreadsheet would run as a formula; real numbers stay numbers (every CSV and Excel
    file lib.exports writes)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def restore_cell(value: str) -> str:
    """What neutralise_cell was given: a plan CSV this project wrote (the importer's) reads back as the document
    wrote it, while a spreadsheet opening the same file sees text, not a formula (the loader, lib.data)."""
    if value[:1] == "'" and value[1:].startswith(_FORMULA_START) and not _NUMBER.match(value[1:]):
        return value[1:]
    return value
