"""Exports for meetings and research: safe CSV and Excel, Parquet, network files, briefing HTML and PPTX."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping

import pandas as pd

# OWASP CSV injection: a cell starting with one of these is read as a formula by spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def neutralise_cell(value):
    """Prefix a quote to text a spreadsheet would run as a formula; real numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def _flat(value):
    """Unit lists (tuples in the dataset) as the document writes them, joined with 、."""
    if isinstance(value, (tuple, list, set, frozenset)):
        return "、".join(str(v) for v in value)
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell (and column name) neutralised; list cells joined with 、 first."""
    out = df.copy()
    out.columns = [neutralise_cell(str(c)) for c in out.columns]
    for i in range(out.shape[1]):
        col = out.iloc[:, i]
        if col.dtype == object or pd.api.types.is_string_dtype(col):
            out.isetitem(i, col.map(lambda v: neutralise_cell(_flat(v))))
    return out


def csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV as UTF-8 with BOM (Excel on Chinese Windows opens it correctly), formula cells neutralised.

    Lines end in CRLF (RFC 4180): the csv module then quotes a cell holding a lone CR, which would otherwise
    split the row when read back.
    """
    return safe_frame(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


# Excel refuses these in sheet names; it also caps them at 31 characters and compares them case-insensitively.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_SHEET_MAX = 31


def sheet_name(name, taken: set[str] | None = None) -> str:
    """A name Excel accepts: forbidden characters replaced, at most 31 characters, unique among taken."""
    base = _SHEET_FORBIDDEN.sub("_", str(name)).strip().strip("'").strip() or "Sheet"
    if base.lower() == "history":  # reserved by Excel
        base = "History_"
    base = base[:_SHEET_MAX]
    taken_lower = {t.lower() for t in (taken or set())}
    candidate, n = base, 1
    while candidate.lower() in taken_lower:
        n += 1
        suffix = f" ({n})"
        candidate = base[: _SHEET_MAX - len(suffix)] + suffix
    return candidate


def _excel_value(value):
    """A cell value openpyxl writes as itself: text neutralised and stripped of characters XML forbids."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = _flat(value)
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:  # NaN
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, pd.Timestamp):
        return value.tz_localize(None).to_pydatetime() if value.tzinfo else value.to_pydatetime()
    if isinstance(value, (pd.Timedelta, pd.Period, pd.Interval)):
        value = str(value)
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        value = value.item()
    if isinstance(value, (bool, int, float)) or hasattr(value, "isoformat"):
        return value
    # Excel cells hold at most 32,767 characters.
    return ILLEGAL_CHARACTERS_RE.sub("", neutralise_cell(str(value)))[:32767]


def excel_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """An .xlsx workbook with one sheet per table: text cells neutralised and stored as text, numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    for name, df in (sheets or {}).items():
        title = sheet_name(name, taken)
        taken.add(title)
        ws = wb.create_sheet(title)
        header = [_excel_value(neutralise_cell(str(c))) for c in df.columns]
        ws.append(header)
        for row in df.itertuples(index=False, name=None):
            ws.append([_excel_value(v) for v in row])
        # Text is stored as text, never as a formula, whatever it starts with.
        for cells in ws.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
        for i, col in enumerate(header, start=1):
            width = max([len(str(col or ""))] + [len(str(v)) for v in df.iloc[:200, i - 1].map(_flat)] or [8])
            ws.column_dimensions[get_column_letter(i)].width = min(60, max(8, width + 2))
        ws.freeze_panes = "A2"
    if not wb.worksheets:
        wb.create_sheet("Sheet")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
