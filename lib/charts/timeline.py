"""Timeline: the plan's phases as a Gantt, milestones as markers (short bars when they span days), the issue date
and today on a dated axis; the sentence saying where today falls; the table under the chart."""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from lib.charts.base import esc, style
from lib.i18n import owner_label, t
from lib.textsafe import md_escape
from lib.theme import BASE_FONT_SIZE, PHASE_COLORS, TODAY_COLOR
from lib.transforms import PhaseStatus, phase_status

MILESTONE_COLOR = "#1F2328"
ISSUED_COLOR = "#7F8A93"
DAY_MS = 24 * 3600 * 1000
PAD_DAYS = 14  # axis margin either side of the plan
ISO = "%Y-%m-%d"
# Rows drawn at most (phases first, then milestones by date): 1,000,000 milestones would send ~358 MB and a chart
# 44 million px tall. The table and the CSV carry the rest.
MAX_ROWS = 150


def _wrap(text: str, lang: str, width: int = 30) -> str:
    """Hover text broken into lines (Chinese by characters, English by words), escaped."""
    text = str(text or "").strip()
    if not text:
        return ""
    if lang == "en" and text.isascii():
        lines = textwrap.wrap(text, width=width + 20)
    else:
        lines = [text[i:i + width] for i in range(0, len(text), width)]
    return "<br>".join(esc(line) for line in lines)


def _short_date(ts: pd.Timestamp, lang: str) -> str:
    return f"{ts.day} {ts.strftime('%b')}" if lang == "en" else f"{ts.month}月{ts.day}日"


def _row_labels(phases: pd.DataFrame, lang: str) -> list[str]:
    """One y-axis label per row: the name in the language, wrapped, made unique."""
    col = "name_en" if lang == "en" else "name"
    seen: dict[str, int] = {}
    out = []
    for name in phases[col].fillna("").astype(str):
        name = name or "—"
        seen[name] = seen.get(name, 0) + 1
        label = name if seen[name] == 1 else f"{name} ({seen[name]})"
        wrapped = "<br>".join(esc(x) for x in textwrap.wrap(label, 30)) if lang == "en" else esc(label)
        out.append(wrapped)
    return out


def _owner(value, lang: str) -> str:
    value = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()
    return esc(owner_label(value, lang))


def _hover(rec: dict, name: str, lang: str) -> str:
    start, end = rec["start"], rec["end"]
    days = int((end - start).days) + 1
    when = (start.strftime(ISO) if days == 1 else
            t("tl_range", lang, start=start.strftime(ISO), end=end.strftime(ISO), days=days))
    kind = t("tl_phase" if rec["kind"] == "phase" else "tl_milestone", lang)
    parts = [f"<b>{name}</b>", f"{kind} · {when}", f"{t('tl_owner', lang)}：{_owner(rec.get('owner'), lang)}"
             if lang != "en" else f"{t('tl_owner', lang)}: {_owner(rec.get('owner'), lang)}"]
    desc = _wrap(rec.get("description", ""), lang)
    if desc:
        parts.append(f"{t('tl_due', lang)}：<br>{desc}" if lang != "en" else f"{t('tl_due', lang)}:<br>{desc}")
    return "<br>".join(parts)


def ordered_phases(phases: pd.DataFrame) -> pd.DataFrame:
    """Phases first (by start), then milestones (by date): the order of the chart's rows and of the table."""
    kind_rank = phases["kind"].map({"phase": 0, "milestone": 1}).fillna(1)
    return (phases.assign(_k=kind_rank).sort_values(["_k", "start", "end"], kind="stable")
            .drop(columns="_k").reset_index(drop=True))


def hidden_rows(phases: pd.DataFrame, max_rows: int = MAX_ROWS) -> int:
    """Phases and milestones timeline_figure leaves out of the drawing."""
    return max(0, len(phases) - max_rows)


def axis_range(phases: pd.DataFrame, deadlines=None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The plan from first start to last end (and its tasks' dated deadlines), with a margin: the axis never
    stretches to reach today."""
    starts, ends = list(phases["start"]), list(phases["end"])
    if deadlines is not None and len(deadlines):
        starts.append(deadlines.min())
        ends.append(deadlines.max())
    return min(starts) - pd.Timedelta(days=PAD_DAYS), max(ends) + pd.Timedelta(days=PAD_DAYS)


def task_deadlines(tasks: pd.DataFrame) -> pd.DataFrame:
    """Tasks whose deadline the document gives (完成时限, as written, and its date where it is one), in plan order:
    task_id, title, lead_units, deadline_text, deadline. Empty when the plan has no deadline column or none set."""
    cols = ["task_id", "title", "lead_units", "deadline_text", "deadline"]
    if "deadline_text" not in tasks:
        return pd.DataFrame(columns=cols)
    has = (tasks["deadline_text"].fillna("").astype(str).str.strip() != "") | tasks["deadline"].notna()
    return tasks.loc[has, cols].reset_index(drop=True)


def _deadline_hover(rec: dict, lang: str) -> str:
    leads = "、".join(rec["lead_units"]) if lang != "en" else ", ".join(rec["lead_units"])
    sep = "：" if lang != "en" else ": "
    return "<br>".join([f"<b>{esc(rec['task_id'])} {esc(rec['title'])}</b>",
                        f"{t('tl_deadline', lang)}{sep}{esc(rec['deadline_text'] or rec['deadline'].strftime(ISO))}"
                        f" · {rec['deadline'].strftime(ISO)}",
                        f"{t('role_lead', lang)}{sep}{esc(leads)}"])


def timeline_figure(phases: pd.DataFrame, lang: str = "zh", *, today=None, issued=None,
                    font_size: int = BASE_FONT_SIZE, max_rows: int = MAX_ROWS, deadlines=None) -> go.Figure:
    """Gantt of the phases, milestones as diamonds (a short bar behind those that span days), the issue date as a
    dashed line and today as a red line, or as an arrow at the edge when it lies outside the plan. Only the first
    max_rows rows are drawn (hidden_rows says how many are not); the axis still spans the whole plan. `deadlines`
    (task_deadlines) adds one last row with a mark at each task's dated deadline."""
    df = _drawn_rows(phases, lang, max_rows)
    dated = deadlines[deadlines["deadline"].notna()].head(max_rows) if deadlines is not None else None
    dated = dated if dated is not None and len(dated) else None
    is_phase = df["kind"] == "phase"
    one_year = len(set(phases["start"].dt.year) | set(phases["end"].dt.year)) == 1
    fig = go.Figure()
    _add_phases(fig, df[is_phase], lang, font_size, dates_on_bars=one_year)
    _add_milestones(fig, df[~is_phase], lang, font_size)
    labels = list(df["_label"])
    if dated is not None:
        labels.append(_add_deadlines(fig, dated, lang, font_size))
        one_year = one_year and set(dated["deadline"].dt.year) <= set(phases["start"].dt.year)
    lo, hi = axis_range(phases, dated["deadline"] if dated is not None else None)
    _add_issued(fig, issued, lo, hi, lang, font_size)
    _add_today(fig, today, lo, hi, lang, font_size)
    return _timeline_layout(fig, df, labels, lo, hi, one_year, lang, font_size)


def _drawn_rows(phases: pd.DataFrame, lang: str, max_rows: int) -> pd.DataFrame:
    """The first max_rows rows in drawing order, with their axis label (_label) and hover (_hover)."""
    df = ordered_phases(phases).head(max_rows)
    labels = _row_labels(df, lang)
    names = [label.replace("<br>", " ") for label in labels]
    hovers = [_hover(rec, name, lang) for rec, name in zip(df.to_dict("records"), names)]
    return df.assign(_label=labels, _hover=hovers)


def _day_bars(frame: pd.DataFrame, **kw) -> go.Bar:
    """Horizontal bars from each row's start to its end; a day's bar ends at midnight after its last day, so 04-10
    and 04-11 meet without a gap."""
    return go.Bar(
        y=frame["_label"], base=frame["start"].dt.strftime(ISO),
        x=((frame["end"] - frame["start"]).dt.days + 1) * DAY_MS, orientation="h",
        hovertext=frame["_hover"], hoverinfo="text", **kw)


def _add_phases(fig: go.Figure, ph: pd.DataFrame, lang: str, font_size: int, *, dates_on_bars: bool) -> None:
    """The phases as coloured bars; their dates written on them only when a year fills the axis (over several years
    they would be specks)."""
    fig.add_trace(_day_bars(
        ph, name=t("tl_phase", lang),
        marker=dict(color=[PHASE_COLORS[i % len(PHASE_COLORS)] for i in range(len(ph))]),
        text=[f"{_short_date(s, lang)} – {_short_date(e, lang)}" if dates_on_bars else ""
              for s, e in zip(ph["start"], ph["end"])],
        textposition="inside", insidetextanchor="middle", textfont=dict(color="white", size=font_size - 1),
        customdata=list(zip(ph["start"].dt.strftime(ISO), ph["end"].dt.strftime(ISO))), width=0.62,
    ))


def _add_milestones(fig: go.Figure, ms: pd.DataFrame, lang: str, font_size: int) -> None:
    """The milestones as diamonds at their end date, a thin bar behind those that span days."""
    span = ms[ms["end"] > ms["start"]]
    if not span.empty:
        fig.add_trace(_day_bars(
            span, name=t("tl_milestone_span", lang), marker=dict(color="rgba(31,35,40,0.45)"), width=0.34,
            customdata=list(zip(span["start"].dt.strftime(ISO), span["end"].dt.strftime(ISO))),
        ))
    fig.add_trace(go.Scatter(
        x=ms["end"].dt.strftime(ISO), y=ms["_label"], mode="markers", name=t("tl_milestone", lang),
        marker=dict(symbol="diamond", size=font_size + 1, color=MILESTONE_COLOR, line=dict(color="white", width=1)),
        hovertext=ms["_hover"], hoverinfo="text",
        customdata=list(zip(ms["start"].dt.strftime(ISO), ms["end"].dt.strftime(ISO), ms["owner"].fillna(""))),
    ))


def _add_deadlines(fig: go.Figure, dated: pd.DataFrame, lang: str, font_size: int) -> str:
    """One last row with a mark at each task's dated deadline; returns that row's label."""
    row = t("tl_deadlines", lang)
    fig.add_trace(go.Scatter(
        x=dated["deadline"].dt.strftime(ISO), y=[row] * len(dated), mode="markers", name=t("tl_deadlines", lang),
        marker=dict(symbol="triangle-down", size=font_size + 1, color=MILESTONE_COLOR,
                    line=dict(color="white", width=1)),
        hovertext=[_deadline_hover(rec, lang) for rec in dated.to_dict("records")], hoverinfo="text",
        customdata=list(dated["task_id"]),
    ))
    return row


def _add_issued(fig: go.Figure, issued, lo: pd.Timestamp, hi: pd.Timestamp, lang: str, font_size: int) -> None:
    """The issue date as a dashed grey line under the bars, when it falls on the axis."""
    if not issued:
        return
    issued_ts = pd.Timestamp(issued)
    if lo <= issued_ts <= hi:
        _vline(fig, issued_ts, ISSUED_COLOR, "dash", f"{t('issued_marker', lang)} {issued_ts.strftime(ISO)}",
               font_size, side="right", layer="below")


def _add_today(fig: go.Figure, today, lo: pd.Timestamp, hi: pd.Timestamp, lang: str, font_size: int) -> None:
    """Today as a red line over the bars, or an arrow at the axis's edge when it lies outside the plan."""
    if today is None:
        return
    today_ts = pd.Timestamp(today).normalize()
    text = f"{t('today', lang)} {today_ts.strftime(ISO)}"
    if today_ts > hi:
        _edge_arrow(fig, text + " →", "right", font_size)
    elif today_ts < lo:
        _edge_arrow(fig, "← " + text, "left", font_size)
    else:
        _vline(fig, today_ts, TODAY_COLOR, "solid", text, font_size, side="left", layer="above")


def _timeline_layout(fig: go.Figure, df: pd.DataFrame, labels: list[str], lo: pd.Timestamp, hi: pd.Timestamp,
                     one_year: bool, lang: str, font_size: int) -> go.Figure:
    """The dated axis (months within one year, else year-months), the rows in drawing order, house style, the
    legend under the axis."""
    years = sorted({lo.year, hi.year} | {d.year for d in df["start"]})
    ticks = _month_ticks(lo, hi, lang) if one_year else dict(tickformat="%Y-%m")
    title = (t("tl_year", lang, year=df["start"].dt.year.iloc[0]) if one_year else
             t("axis_date", lang) + f" {years[0]}–{years[-1]}")
    fig.update_xaxes(type="date", range=[lo.strftime(ISO), hi.strftime(ISO)], gridcolor="#E6E3DF",
                     title=dict(text=title, standoff=6), automargin=True, hoverformat=ISO, showline=True,
                     linecolor="#C9C4BD", **ticks)
    fig.update_yaxes(title=None, autorange="reversed", automargin=True, categoryorder="array",
                     categoryarray=labels, tickfont=dict(size=font_size))
    fig.update_layout(barmode="overlay", bargap=0.3, hovermode="closest")
    fig = style(fig, height=max(320, 44 * len(labels) + 170), font_size=font_size)
    # the legend goes under the axis: the strip above the rows carries the issue date and today
    fig.update_layout(margin=dict(l=10, r=20, t=66, b=90),  # t: the date labels sit below the chart toolbar
                      legend=dict(yref="container", y=0.01, yanchor="bottom", x=0, xanchor="left"))
    return fig


def _month_ticks(lo: pd.Timestamp, hi: pd.Timestamp, lang: str) -> dict:
    """A tick on the first of every month; the year is written where it changes (1月 → 2025年1月)."""
    months = pd.date_range(lo.to_period("M").to_timestamp(), hi, freq="MS")
    months = months[months >= lo]
    first = months[0].year if len(months) else lo.year
    if lang == "en":
        text = [m.strftime("%b %Y") if m.year != first else m.strftime("%b") for m in months]
    else:
        text = [f"{m.year}年{m.month}月" if m.year != first else f"{m.month}月" for m in months]
    return dict(tickmode="array", tickvals=[m.strftime(ISO) for m in months], ticktext=text)


def _vline(fig: go.Figure, x: pd.Timestamp, color: str, dash: str, text: str, font_size: int, *, side: str,
           layer: str) -> None:
    """A dated vertical line across the rows, labelled above the plot on its left or right side."""
    xs = x.strftime(ISO)
    fig.add_shape(type="line", x0=xs, x1=xs, xref="x", y0=0, y1=1, yref="paper",
                  line=dict(color=color, width=2, dash=dash), layer=layer)
    fig.add_annotation(x=xs, xref="x", y=1.0, yref="paper", yanchor="bottom", xanchor=side, text=esc(text),
                       showarrow=False, font=dict(color=color, size=font_size - 1),
                       bgcolor="rgba(255,255,255,0.85)", yshift=2)


def _edge_arrow(fig: go.Figure, text: str, side: str, font_size: int) -> None:
    """Today outside the plan: an arrow pointing off the edge of the axis instead of a stretched axis."""
    right = side == "right"
    fig.add_annotation(x=1 if right else 0, xref="paper", y=1.0, yref="paper", yanchor="bottom",
                       xanchor="right" if right else "left", text=f"<b>{esc(text)}</b>", showarrow=False,
                       font=dict(color=TODAY_COLOR, size=font_size), bgcolor="rgba(255,255,255,0.9)",
                       bordercolor=TODAY_COLOR, borderwidth=1, borderpad=3, yshift=4)


def status_sentence(status: PhaseStatus, lang: str = "zh", escape=md_escape) -> str:
    """Where today falls against the plan, in words; the phase name passes through escape (Markdown by default,
    `str` for plain text such as the briefing's)."""
    today = status.today.strftime(ISO)
    if status.state == "none":
        return t("ov_no_phases", lang)
    if status.state == "before":
        return t("ov_today_before", lang, today=today, start=status.start.strftime(ISO))
    if status.state == "after":
        return t("ov_today_after", lang, today=today, end=status.end.strftime(ISO), days=status.days_after)
    if status.state == "gap":
        return t("ov_today_gap", lang, today=today)
    name = status.phase["name_en" if lang == "en" else "name"]
    return t("ov_today_in", lang, today=today, phase=escape(name), start=status.phase["start"].strftime(ISO),
             end=status.phase["end"].strftime(ISO))


def today_status(phases: pd.DataFrame, today, lang: str = "zh") -> tuple[str, str]:
    """(state, sentence) for today against the plan, via lib.transforms.phase_status."""
    status = phase_status(phases, today)
    return status.state, status_sentence(status, lang)


def timeline_table(phases: pd.DataFrame, lang: str = "zh", deadlines=None) -> pd.DataFrame:
    """The phases and milestones as a table with headers in the language; an empty owner reads 未注明. The tasks'
    deadlines (task_deadlines), dated or as written (长期坚持), follow as rows of their own."""
    df = ordered_phases(phases)
    owner = df["owner"].fillna("").astype(str).str.strip()
    table = pd.DataFrame({
        t("tl_kind", lang): [t("tl_phase" if k == "phase" else "tl_milestone", lang) for k in df["kind"]],
        t("tl_name", lang): df["name_en" if lang == "en" else "name"],
        t("tl_start", lang): df["start"].dt.strftime(ISO),
        t("tl_end", lang): df["end"].dt.strftime(ISO),
        t("tl_days", lang): (df["end"] - df["start"]).dt.days + 1,
        t("tl_owner", lang): owner.map(lambda o: owner_label(o, lang)),
        t("tl_due", lang): df["description"].fillna(""),
    })
    if deadlines is None or not len(deadlines):
        return table
    sep = "、" if lang != "en" else ", "
    dates = deadlines["deadline"].map(lambda d: "" if pd.isna(d) else d.strftime(ISO))
    rows = pd.DataFrame({
        t("tl_kind", lang): t("tl_deadline", lang),
        t("tl_name", lang): deadlines["task_id"] + " " + deadlines["title"],
        t("tl_start", lang): dates,
        t("tl_end", lang): dates,
        t("tl_days", lang): [1 if d else pd.NA for d in dates],
        t("tl_owner", lang): deadlines["lead_units"].map(sep.join),
        t("tl_due", lang): deadlines["deadline_text"],
    })
    return pd.concat([table, rows], ignore_index=True)
