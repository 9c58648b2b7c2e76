"""Exports for meetings and research: safe CSV and Excel, Parquet, network files, briefing HTML and PPTX."""

from __future__ import annotations

import re

import pandas as pd

# OWASP CSV injection: a cell starting with one of these is read as a formula by spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def neutralise_cell(value):
    """Prefix a quote to text a spreadsheet would run as a formula; real numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell (and column name) neutralised."""
    out = df.copy()
    out.columns = [neutralise_cell(str(c)) for c in out.columns]
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise_cell)
    return out


def csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV as UTF-8 with BOM (Excel on Chinese Windows opens it correctly), formula cells neutralised."""
    return safe_frame(df).to_csv(index=False).encode("utf-8-sig")
