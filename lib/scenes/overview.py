"""概览 Overview: headline counts, where today falls, the most-loaded units, tasks per area, the data notes."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from lib import transforms
from lib.charts.base import frozen
from lib.charts.matrix import first_clause
from lib.charts.timeline import today_status
from lib.charts.workload import workload_bars
from lib.data import Dataset
from lib.i18n import t
from lib.scenes.common import arrow
from lib.scenes.defaults import OVERVIEW_MAX_BARS, OVERVIEW_TOP
from lib.transforms import View, section_label


@dataclass(frozen=True)
class Overview:
    counts: dict
    today: tuple[str, str]  # (state, sentence), lib.charts.timeline.today_status
    top_chart: go.Figure | None  # None when the filters leave nothing
    by_section: object | None  # Arrow table: area, tasks, lead, support
    count_columns: tuple[str, ...]
    hidden_ties: int = 0  # units tied with the 10th that the chart leaves out (OVERVIEW_MAX_BARS)


def overview(ds: Dataset, view: View, lang: str, today, font_size: int) -> Overview:
    """Headline counts, where today falls, the ten most-loaded units (ties at 10th kept) and tasks per area."""
    counts = transforms.overview_counts(view, ds)
    status = today_status(ds.phases, today, lang)
    if view.assignments.empty:
        return Overview(counts, status, None, None, ())
    by_sec = transforms.tasks_by_section(view)
    # the first clause of each heading keeps the table narrow enough for its counts to show
    by_sec.insert(0, t("section", lang), [section_label(s, first_clause(title)) for s, title in
                                           zip(by_sec["section"], by_sec["section_title"])])
    names = {"tasks": t("ov_tasks", lang), "lead": t("role_lead", lang), "support": t("role_support", lang)}
    chart, hidden = most_loaded_chart(view, lang, font_size)
    return Overview(counts, status, frozen(chart),
                    arrow(by_sec.drop(columns=["section", "section_title"]).rename(columns=names)),
                    tuple(names.values()), hidden_ties=hidden)


def most_loaded(view: View) -> tuple[pd.DataFrame, int]:
    """The overview's most-loaded units: the OVERVIEW_TOP heaviest by weighted load (the default lead weight), ties
    at the last kept up to OVERVIEW_MAX_BARS; and how many tied units that cap leaves out."""
    wl = transforms.head_with_ties(transforms.workload(view.assignments, view.units), OVERVIEW_TOP, "weighted")
    return wl.head(OVERVIEW_MAX_BARS), max(0, len(wl) - OVERVIEW_MAX_BARS)


def most_loaded_chart(view: View, lang: str, font_size: int) -> tuple[go.Figure, int]:
    """The overview's bars of its most-loaded units (drawn to weighted load), as the page and the briefing show
    them; and how many tied units they leave out."""
    wl, hidden = most_loaded(view)
    return workload_bars(wl, lang, weighted=True, font_size=font_size), hidden


def notes_table(ds: Dataset, lang: str, *, _problems: list):
    """The plan's data notes (`_problems`, the warnings it loaded with) as a table: file, row, column, sentence."""
    return arrow(pd.DataFrame({
        t("ov_note_file", lang): [p.file for p in _problems],
        t("ov_note_row", lang): pd.array([p.row for p in _problems], dtype="Int64"),
        t("ov_note_column", lang): [p.column or "" for p in _problems],
        t("ov_note_text", lang): [p.message(lang) for p in _problems]}))
