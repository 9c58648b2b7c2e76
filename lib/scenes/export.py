"""导出 Export: the research tables of the view and the filters in words."""

from __future__ import annotations

from dataclasses import dataclass

from lib.data import Dataset
from lib.scenes.common import arrow, filter_lines
from lib.textsafe import md_escape
from lib.transforms import Filters, View


@dataclass(frozen=True)
class ExportTables:
    tables: dict  # name → frame (lib.exports.export_tables), for the files
    previews: dict  # name → Arrow, for the preview table


def export_tables(ds: Dataset, view: View, lead_weight: float) -> ExportTables:
    """The research tables of the view, in either language (network measures take seconds on a large plan)."""
    from lib import exports

    tables = exports.export_tables(ds, view, lead_weight=lead_weight)
    return ExportTables(tables, {name: arrow(df) for name, df in tables.items()})


def export_scope(ds: Dataset, filters: Filters, lang: str) -> str:
    """The filters applied, as one Markdown line ("" for the whole plan)."""
    return md_escape(("；" if lang != "en" else "; ").join(filter_lines(ds, filters, lang)))
