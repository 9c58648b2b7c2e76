"""时间线 Timeline: the phases as a Gantt with milestones, issue date and today; the same as a table."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from lib.charts.base import frozen
from lib.charts.timeline import hidden_rows, task_deadlines, timeline_figure, timeline_table, today_status
from lib.data import Dataset
from lib.i18n import t
from lib.scenes.defaults import TIMELINE_TABLE_ROWS, TIMELINE_TEXT_CHARS
from lib.textsafe import md_escape, short_name


@dataclass(frozen=True)
class Timeline:
    today: tuple[str, str]
    fig: go.Figure
    table: pd.DataFrame  # for the CSV
    shown: pd.DataFrame  # the same (its first TIMELINE_TABLE_ROWS), escaped and kept on one line, for st.table
    hidden_marks: int = 0  # phases and milestones not drawn (lib.charts.timeline.MAX_ROWS)
    hidden_rows: int = 0  # rows of the table not shown on the page (all are in the CSV)


def _no_break(value) -> str:
    """Table text kept on one line: word joiners between characters, non-breaking hyphens in dates."""
    return "\u2060".join(str(value).replace("-", "\u2011"))


def timeline(ds: Dataset, lang: str, today, font_size: int) -> Timeline:
    """The phases as a Gantt with milestones, issue date and today; the same as a table."""
    deadlines = task_deadlines(ds.tasks)
    fig = timeline_figure(ds.phases, lang, today=today, issued=ds.plan.issued or None, font_size=font_size,
                          deadlines=deadlines)
    table = timeline_table(ds.phases, lang, deadlines)
    # st.table renders cells as Markdown: data text is escaped; type and dates stay on one line
    one_line = [t(k, lang) for k in ("tl_kind", "tl_start", "tl_end")]
    text = [t(k, lang) for k in ("tl_name", "tl_owner", "tl_due")]
    head = table.head(TIMELINE_TABLE_ROWS)
    shown = head.assign(**{c: head[c].map(_no_break) for c in one_line},
                        **{c: head[c].map(lambda v: md_escape(short_name(v, TIMELINE_TEXT_CHARS))) for c in text})
    return Timeline(today_status(ds.phases, today, lang), frozen(fig), table, shown,
                    hidden_marks=hidden_rows(ds.phases), hidden_rows=len(table) - len(head))
