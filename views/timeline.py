"""时间线 Timeline: the plan's phases as a Gantt with the milestones, the issue date and today; where today falls in
words; the phases and milestones as a table."""


import streamlit as st

from lib import transforms, ui
from lib.charts.timeline import timeline_figure, timeline_table, today_status
from lib.i18n import t
from lib.textsafe import md_escape


def _no_break(value) -> str:
    """Table text kept on one line: word joiners between characters, non-breaking hyphens in dates."""
    return "\u2060".join(str(value).replace("-", "\u2011"))


ctx = ui.context()
lang, ds = ctx.lang, ctx.dataset
today = transforms.today()

st.title(t("page_timeline", lang))
st.caption(t("tl_intro", lang))
if ds.phases.empty:
    st.info(t("ov_no_phases", lang))
    st.stop()

state, sentence = today_status(ds.phases, today, lang)
(st.success if state == "in" else st.info)(sentence)

fig = timeline_figure(ds.phases, lang, today=today, issued=ds.plan.issued or None, font_size=ctx.font_size)
ui.chart(fig, "tl_chart", "timeline", lang, theme=None)
notes = [t("tl_axis_note", lang)] if state in ("after", "before") else []
if ctx.filters.active:
    notes.append(t("tl_filters_note", lang))
if notes:
    st.caption(" ".join(notes))

st.subheader(t("tl_table", lang))
table = timeline_table(ds.phases, lang)
# a static table wraps the long 要求 text instead of cutting it off; it renders cells as Markdown, so data text is
# escaped; type and dates stay on one line
short = [t(k, lang) for k in ("tl_kind", "tl_start", "tl_end")]
text = [t(k, lang) for k in ("tl_name", "tl_owner", "tl_due")]
st.table(table.assign(**{c: table[c].map(_no_break) for c in short}, **{c: table[c].map(md_escape) for c in text}),
         hide_index=True)
ui.csv_download(table, f"timeline-{today:%Y-%m-%d}", "tl_csv", lang)
