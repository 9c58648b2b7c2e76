"""The coordination-meeting briefing: the five views' figures, a written summary, one self-contained HTML file and a
16:9 PPTX deck. No Streamlit here.

The figures come from the same builders as the pages; where a page needs more than one builder call to get its
figure (the matrix's per-area fallback, the network's graph → measures → layout → thinning), that sequence lives
here, in `matrix_chart` and `network_scene`, and the page calls it too.

Static images (PPTX slides, the SVG under every chart) come from kaleido: one headless Chromium per process, started
on first use (a few seconds) and reused (a fraction of a second per figure), without MathJax or any CDN.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import html
import io
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

import networkx as nx
import pandas as pd
import plotly.graph_objects as go

from lib import network, transforms
from lib.charts.matrix import area_heatmap, matrix_figure
from lib.charts.network import network_figure
from lib.charts.timeline import status_sentence, timeline_figure
from lib.charts.workload import workload_bars
from lib.data import Dataset
from lib.i18n import category_label, role_label, t
from lib.sitemap import PRESENT_STEPS
from lib.theme import ACCENT, BASE_FONT_SIZE, FONT_FAMILY, ROLE_COLORS
from lib.transforms import MATRIX_MAX_TASKS, MATRIX_MAX_UNITS, Filters, View, section_label, section_titles

VIEWS = PRESENT_STEPS  # the briefing's order, as presentation mode
OVERVIEW_TOP = 10  # the overview's most-loaded units
MATRIX_TOP_UNITS = 40  # above MATRIX_MAX_UNITS the matrix shows the most-loaded 40 (the matrix page's default)
WORKLOAD_MAX_BARS = 40  # above this the workload chart shows the heaviest 30 (the workload page's default)
WORKLOAD_TOP_BARS = 30
NETWORK_LABELS = 12
NETWORK_HEIGHT = 640
SUMMARY_TOP_UNITS = 5
ISO = "%Y-%m-%d"


# ---------- the views' figures (the pages call these too) ----------

@dataclass
class MatrixChart:
    """The responsibility matrix as drawn: one column per task, or units × areas counts when tasks are many."""

    fig: go.Figure
    cells: pd.DataFrame | None  # units × task ids: 'lead' / 'support' / ''; None when summed per area
    summary: bool  # True: units × areas (more than MATRIX_MAX_TASKS tasks)


def matrix_chart(view: View, lang: str = "zh", *, sort: str = "load",
                 font_size: int = BASE_FONT_SIZE) -> MatrixChart:
    """The matrix page's figure for the units of `view`: per task, or per area above MATRIX_MAX_TASKS tasks."""
    if len(view.tasks) > MATRIX_MAX_TASKS:
        lead, support = transforms.section_roles(view, sort)
        fig = area_heatmap(lead, support, view.units, section_titles(view.tasks), lang, font_size=font_size)
        return MatrixChart(fig, None, True)
    cells = transforms.matrix_frame(view, sort)
    return MatrixChart(matrix_figure(cells, view.tasks, view.units, lang, sort=sort, font_size=font_size), cells,
                       False)


@dataclass
class NetworkScene:
    """The collaboration network of a view as the network page draws it."""

    shared: nx.Graph  # undirected shared-task graph; measures and layout are computed on it
    graph: nx.Graph  # the graph drawn: `shared`, or lead → support when directed
    measures: network.NetworkMeasures
    pos: dict
    nodes: pd.DataFrame  # network.node_table(graph, measures)

    @functools.cached_property
    def max_weight(self) -> int:
        """The most tasks any two units share (the minimum-weight slider's top)."""
        return int(max((w for _, _, w in self.graph.edges(data="weight")), default=1))

    def chart(self, lang: str = "zh", *, requested: int = 1, size_by: str = "weighted_degree",
              color_by: str = "category", label_top: int = NETWORK_LABELS, font_size: int = BASE_FONT_SIZE,
              height: int = NETWORK_HEIGHT) -> tuple[go.Figure, int, nx.Graph]:
        """(figure, minimum weight applied, graph drawn): edges below `requested` shared tasks hidden, and more if
        the drawing would otherwise hold more than network.MAX_EDGES lines."""
        graph = self.graph if len(self.pos) == self.graph.number_of_nodes() else self.graph.subgraph(self.pos)
        min_weight = network.auto_min_weight(graph, requested)  # on the drawn units only (network.DRAW_NODES)
        drawn = network.with_min_weight(graph, min_weight)
        fig = network_figure(drawn, self.pos, self.nodes, lang, size_by=size_by, color_by=color_by,
                             label_top=label_top, font_size=font_size, height=height)
        return fig, min_weight, drawn


def network_scene(view: View, *, include_collective: bool = False, directed: bool = False,
                  base: NetworkScene | None = None) -> NetworkScene:
    """Graphs, measures, layout and node table of the view's network.

    Measures and layout are those of the undirected shared-task graph, the directed view included; `base`, the
    undirected scene of the same view, lends them (and its graph) instead of computing them again.
    """
    if base is None:
        shared = network.shared_task_graph(view.assignments, view.units, include_collective=include_collective)
        measures, pos = network.measures(shared), network.layout(shared)
    else:
        shared, measures, pos = base.shared, base.measures, base.pos
    graph = (network.lead_support_graph(view.assignments, view.units, include_collective=include_collective)
             if directed else shared)
    return NetworkScene(shared, graph, measures, pos, network.node_table(graph, measures))


def matrix_font_size(rows: int, height: int, font_size: int = BASE_FONT_SIZE, smallest: int = 9) -> int:
    """The largest font, at most `font_size`, at which `rows` matrix rows fit a figure `height` px tall with every
    unit's label shown (plotly drops every other label when a line is taller than its row).

    The matrix builder puts about 4 × font + 68 px of area headers, legend and margins above and below the cells.
    """
    for fs in range(font_size, smallest - 1, -1):
        if (fs - 1) * 1.35 <= (height - 4 * fs - 68) / max(rows, 1):
            return fs
    return smallest


def build_figures(ds: Dataset, view: View, lang: str = "zh", *, today: dt.date | None = None,
                  lead_weight: float = transforms.DEFAULT_LEAD_WEIGHT, font_size: int = BASE_FONT_SIZE,
                  workload_top: int | None = None, fit_height: int | None = None,
                  scene: NetworkScene | None = None) -> dict[str, go.Figure]:
    """The briefing's figures, in VIEWS order, each as its page draws it by default; a view with nothing to draw
    (no assignments, no phases) is left out. For slides: `workload_top` caps the workload bars, and `fit_height`
    (px) lowers the matrix's font until every unit's row is labelled at that height."""
    today = today or transforms.today()
    figs: dict[str, go.Figure] = {}
    if not view.assignments.empty:
        # as the overview page: ranked by weighted load (default weights), ties at the 10th kept
        top = transforms.head_with_ties(transforms.workload(view.assignments, view.units), OVERVIEW_TOP, "weighted")
        figs["overview"] = workload_bars(top, lang, weighted=True, font_size=font_size)
        shown = view
        if len(view.units) > MATRIX_MAX_UNITS:
            shown = transforms.restrict_units(view, transforms.order_units(view, "load")[:MATRIX_TOP_UNITS])
        matrix_fs = matrix_font_size(len(shown.units), fit_height, font_size) if fit_height else font_size
        figs["matrix"] = matrix_chart(shown, lang, font_size=matrix_fs).fig
        wl = transforms.workload_sorted(transforms.workload(view.assignments, view.units, lead_weight=lead_weight))
        top = workload_top or (WORKLOAD_TOP_BARS if len(wl) > WORKLOAD_MAX_BARS else None)
        figs["workload"] = workload_bars(wl, lang, top=top, weighted=True, lead_weight=lead_weight,
                                         font_size=font_size)
    if not ds.phases.empty:
        figs["timeline"] = timeline_figure(ds.phases, lang, today=today, issued=ds.plan.issued or None,
                                           font_size=font_size)
    if not view.assignments.empty:
        scene = scene or network_scene(view)
        if scene.shared.number_of_nodes():
            figs["network"] = scene.chart(lang, font_size=font_size)[0]
    return {v: figs[v] for v in VIEWS if v in figs}


# ---------- the summary in words ----------

def filter_lines(ds: Dataset, filters: Filters, lang: str = "zh") -> list[str]:
    """The filters applied, one plain-text line each ('工作领域：（二）…'); empty when the whole plan is shown."""
    sep = "; " if lang == "en" else "；"
    colon = ": " if lang == "en" else "："
    names_en = dict(zip(ds.units["unit"], ds.units["name_en"]))
    titles = section_titles(ds.tasks)
    parts = [
        ("filter_section", [section_label(s, titles.get(s, "")) for s in filters.sections]),
        ("filter_category", [category_label(c, lang) for c in filters.categories]),
        ("filter_units", [names_en.get(u, u) if lang == "en" else u for u in filters.units]),
        ("filter_role", [role_label(r, lang) for r in filters.roles]),
    ]
    return [t(key, lang) + colon + sep.join(str(v) for v in values) for key, values in parts if values]


def _today_sentence(phases: pd.DataFrame, today: dt.date, lang: str) -> str:
    """Where today falls against the phases, in plain text (the overview's sentence, without Markdown)."""
    return status_sentence(transforms.phase_status(phases, today), lang, escape=str)


@dataclass
class Summary:
    """What the briefing says in words. Every string is plain text (escape it for HTML)."""

    title: str
    doc_number: str
    issuer: str
    issued: str
    generated: dt.date
    filters: list[str]  # empty: the whole plan
    counts: dict[str, int]  # transforms.overview_counts
    lines: list[str]  # the points, in reading order
    notes: list[str] = field(default_factory=list)  # data-quality notes

    def scope_text(self, lang: str) -> str:
        """'全部任务' or the filters joined."""
        return ("；" if lang != "en" else "; ").join(self.filters) if self.filters else t("br_scope_all", lang)

    def meta_line(self, lang: str) -> str:
        """文号 · 印发单位 · 印发日期, whichever the plan gives."""
        parts = [self.doc_number, self.issuer,
                 f"{self.issued} {t('ov_issued', lang)}" if self.issued and lang != "en" else
                 (f"{t('ov_issued', lang)} {self.issued}" if self.issued else "")]
        return " · ".join(p for p in parts if p)


def summarise(ds: Dataset, view: View, filters: Filters, lang: str = "zh", *, today: dt.date | None = None,
              lead_weight: float = transforms.DEFAULT_LEAD_WEIGHT, notes: Sequence[str] = (),
              scene: NetworkScene | None = None) -> Summary:
    """The briefing's written summary of a view: plan, scope, counts, most-loaded units, concentration, phases,
    where today falls, the network in one sentence, and the data-quality notes given."""
    today = today or transforms.today()
    plan = ds.plan
    title = (plan.title_en or plan.title) if lang == "en" else (plan.title or plan.title_en)
    counts = transforms.overview_counts(view, ds)
    sep = ", " if lang == "en" else "、"
    dup = t("br_counts_dup", lang, raw=counts["support_raw"], dup=counts["overlap"]) if counts["overlap"] else ""
    lines = [t("br_counts", lang, **{k: counts[k] for k in ("sections", "tasks", "units", "lead", "support")},
               dup=dup)]
    if not view.assignments.empty:
        wl = transforms.workload(view.assignments, view.units, lead_weight=lead_weight)
        names = dict(zip(ds.units["unit"], ds.units["name_en"])) if lang == "en" else {}
        top = [t("br_unit_load", lang, unit=names.get(u, u), lead=int(lead), support=int(sup), w=f"{w:g}")
               for u, lead, sup, w in wl.head(SUMMARY_TOP_UNITS)[["unit", "lead", "support", "weighted"]]
               .itertuples(index=False)]
        lines.append(t("br_top_units", lang, n=len(top), w=f"{lead_weight:g}", units=sep.join(top)))
        conc = transforms.concentration(wl)
        lines.append(t("wl_reading", lang, n=conc["top"], share=f"{conc['top_share']:.0%}",
                       gini=f"{conc['gini']:.2f}", level=t(f"wl_level_{transforms.concentration_level(conc['gini'])}",
                                                           lang)))
        scene = scene or network_scene(view)
        if scene.shared.number_of_edges():
            nd = scene.measures.nodes.sort_values(["weighted_degree", "degree"], ascending=False, kind="stable")
            hub = nd.index[0]
            lines.append(t("br_network", lang, units=scene.shared.number_of_nodes(),
                           edges=scene.shared.number_of_edges(), density=f"{scene.measures.density:.2f}",
                           hub=names.get(hub, hub), partners=int(nd.at[hub, "degree"])))
    phases = ds.phases[ds.phases["kind"] == "phase"].sort_values("start")
    if not phases.empty:
        col = "name_en" if lang == "en" else "name"
        lines.append(t("br_phases", lang, phases=sep.join(
            t("br_phase", lang, name=r[col], start=r["start"].strftime(ISO), end=r["end"].strftime(ISO))
            for r in phases.to_dict("records"))))
    lines.append(_today_sentence(ds.phases, today, lang))
    return Summary(title=title or t("app_title", lang), doc_number=plan.doc_number, issuer=plan.issuer,
                   issued=plan.issued, generated=today, filters=filter_lines(ds, filters, lang), counts=counts,
                   lines=lines, notes=list(notes))


# ---------- the whole briefing ----------

@dataclass
class Briefing:
    """Figures and words of one briefing, in one language."""

    lang: str
    summary: Summary
    figures: dict[str, go.Figure]  # VIEWS order
    lead_weight: float = transforms.DEFAULT_LEAD_WEIGHT
    extra: dict[str, str] = field(default_factory=dict)  # a view's caption addendum (bars cut to the top N)

    def heading(self, view: str) -> str:
        return t(f"br_head_{view}", self.lang)

    def caption(self, view: str) -> str:
        n = len(self.figures["overview"].data[0].y) if "overview" in self.figures else 0  # the overview's bars
        return t(f"br_cap_{view}", self.lang, w=f"{self.lead_weight:g}", n=n) + self.extra.get(view, "")


def build_briefing(ds: Dataset, view: View, filters: Filters, lang: str = "zh", *, today: dt.date | None = None,
                   lead_weight: float = transforms.DEFAULT_LEAD_WEIGHT, notes: Sequence[str] = (),
                   font_size: int = BASE_FONT_SIZE, workload_top: int | None = None,
                   fit_height: int | None = None, progress=None) -> Briefing:
    """Summary and figures of the view (the network is laid out once for both); see build_figures for the sizes.

    progress: the plan's ledger judged today (lib.ledger.display.Progress), read from FENGONG_DB when None, left
    out when False; when the ledger holds records of the plan the briefing ends with a progress view and line.
    """
    today = today or transforms.today()
    scene = network_scene(view) if not view.assignments.empty else None
    figures = build_figures(ds, view, lang, today=today, lead_weight=lead_weight, font_size=font_size,
                            workload_top=workload_top, fit_height=fit_height, scene=scene)
    extra = {}
    n_units = view.assignments["unit"].nunique()
    shown = workload_top or (WORKLOAD_TOP_BARS if n_units > WORKLOAD_MAX_BARS else None)
    if "workload" in figures and shown and n_units > shown:
        extra["workload"] = t("br_top_note", lang, n=shown, total=n_units)
    if "matrix" in figures and len(view.units) > MATRIX_MAX_UNITS:
        extra["matrix"] = t("br_top_note", lang, n=MATRIX_TOP_UNITS, total=len(view.units))
    summary = summarise(ds, view, filters, lang, today=today, lead_weight=lead_weight, notes=notes, scene=scene)
    if progress is None:
        from lib.ledger.display import load_progress

        progress = load_progress(ds, today)
    if progress:
        from lib.ledger.display import progress_line, status_chart

        # the whole plan's ledger, whatever the filters: the office reports on every task
        figures["progress"] = status_chart(progress, lang, font_size)
        summary.lines.append(progress_line(progress, lang))
    return Briefing(lang=lang, summary=summary, figures=figures, lead_weight=lead_weight, extra=extra)


# ---------- HTML ----------

# Nothing may leave the file: styles inline, images from data:/blob: (plotly's own), no fonts, no connections, no
# forms; and only the scripts written here run (by their SHA-256), so no event handler or injected <script> could.
# Data text is escaped on top of this; the policy is the second lock.
_CSP = ("default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data: blob:; "
        "font-src 'none'; connect-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; "
        "base-uri 'none'; form-action 'none'")
_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S)


def _script_hashes(markup: str) -> str:
    """CSP source list allowing exactly the inline scripts of `markup`."""
    digests = dict.fromkeys(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"
        for body in _SCRIPT.findall(markup))
    return " ".join(digests) or "'none'"
_PRINT_CHART_PX = 600  # chart height that fits an A4 landscape page under its heading (96 px per inch)

_CSS = """
:root {--ink: #1F2328; --muted: #5A6068; --rule: #E6E3DF; --accent: %(accent)s;}
* {box-sizing: border-box;}
html, body {margin: 0; background: #fff; color: var(--ink);
  font-family: %(font)s; font-size: 16px; line-height: 1.6;}
header.cover {border-top: 8px solid var(--accent); padding: 28px 0 16px; }
.wrap {max-width: 1000px; margin: 0 auto; padding: 0 24px;}
.kicker {color: var(--accent); font-weight: 700; letter-spacing: .08em; margin: 0 0 6px;}
h1 {font-size: 28px; line-height: 1.35; margin: 0 0 8px;}
h2 {font-size: 22px; margin: 0 0 4px; padding-top: 8px;}
.meta {color: var(--muted); margin: 2px 0;}
.counts {display: grid; grid-template-columns: repeat(5, 1fr); gap: 12px; margin: 16px 0;}
.count {border: 1px solid var(--rule); border-left: 4px solid var(--accent); padding: 8px 12px;}
.count b {display: block; font-size: 28px; line-height: 1.2;}
.count span {color: var(--muted); font-size: 14px;}
ul.points {padding-left: 1.2em; margin: 8px 0;}
ul.points li {margin: 4px 0;}
.notes {background: #FBF6EC; border-left: 4px solid %(support)s; padding: 8px 14px; margin: 12px 0;}
.notes h3 {font-size: 16px; margin: 0 0 4px;}
.notes ul {margin: 0; padding-left: 1.2em;}
nav.toc {margin: 12px 0 4px; color: var(--muted);}
nav.toc a {color: var(--ink); margin-right: 14px; text-decoration: none; border-bottom: 1px solid var(--rule);}
section.view {margin: 28px 0 12px; padding-top: 12px; border-top: 1px solid var(--rule);}
.cap {color: var(--muted); margin: 0 0 8px;}
.chart {width: 100%%;}
footer {color: var(--muted); font-size: 13px; margin: 28px 0; border-top: 1px solid var(--rule); padding-top: 8px;}
@page {size: A4 landscape; margin: 12mm;}
@media print {
  header.cover {padding-top: 0;}
  .wrap {max-width: none; padding: 0;}
  nav.toc, footer, .modebar-container {display: none !important;}
  section.view {break-before: page; border-top: none; margin: 0; padding: 0;}
  .chart {zoom: var(--print-zoom, 1);}
  .count, li {break-inside: avoid;}
}
"""


def _e(text) -> str:
    """Data text for HTML: every <, >, &, quote escaped."""
    return html.escape(str(text), quote=True)


def chart_config(filename: str) -> dict:
    """Plotly's toolbar as on the pages: no logo, the camera saves a PNG at 2× under a meaningful name."""
    return {"displaylogo": False, "responsive": True,
            "toImageButtonOptions": {"format": "png", "scale": 2, "filename": filename}}


def briefing_html(b: Briefing) -> bytes:
    """One self-contained HTML file (UTF-8): the summary, then every view with its chart, plotly.js embedded once.

    It opens offline, from a USB stick: no CDN, no MathJax, no web font, and a Content-Security-Policy that forbids
    any request. All data text is HTML-escaped. Prints as A4 landscape, one view per page.
    """
    from lib.exports import file_stem

    lang, s = b.lang, b.summary
    stamp = s.generated.strftime(ISO)
    count_keys = (("sections", "ov_sections"), ("tasks", "ov_tasks"), ("units", "ov_units"), ("lead", "ov_leads"),
                  ("support", "ov_supports"))
    counts = "".join(f'<div class="count"><b>{int(s.counts[k])}</b><span>{_e(t(label, lang))}</span></div>'
                     for k, label in count_keys)
    points = "".join(f"<li>{_e(line)}</li>" for line in s.lines)
    notes = ""
    if s.notes:
        notes = (f'<div class="notes"><h3>{_e(t("ov_quality", lang))}</h3><ul>'
                 + "".join(f"<li>{_e(n)}</li>" for n in s.notes) + "</ul></div>")
    toc = " ".join(f'<a href="#view-{v}">{_e(b.heading(v))}</a>' for v in b.figures)
    sections, divs = [], []  # divs: plotly's own markup, the only scripts allowed to run
    for i, (view, fig) in enumerate(b.figures.items()):
        height = float(fig.layout.height or 500)
        zoom = min(1.0, _PRINT_CHART_PX / height)
        div = fig.to_html(full_html=False, include_plotlyjs=(i == 0), include_mathjax=False,
                          div_id=f"fg-chart-{view}", default_width="100%",
                          config=chart_config(file_stem(view, stamp)))
        divs.append(div)
        sections.append(
            f'<section class="view" id="view-{view}"><h2>{_e(b.heading(view))}</h2>'
            f'<p class="cap">{_e(b.caption(view))}</p>'
            f'<div class="chart" style="--print-zoom:{zoom:.3f}">{div}</div></section>')
    meta = s.meta_line(lang)
    doc = f"""<!DOCTYPE html>
<html lang="{'en' if lang == 'en' else 'zh-CN'}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP.format(hashes=_script_hashes("".join(divs)))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Fengong 分工">
<title>{_e(s.title)} · {_e(t("br_kicker", lang))}</title>
<style>{_CSS % {"accent": ACCENT, "support": ROLE_COLORS["support"], "font": FONT_FAMILY}}</style>
</head>
<body>
<header class="cover"><div class="wrap">
<p class="kicker">{_e(t("br_kicker", lang))}</p>
<h1>{_e(s.title)}</h1>
{f'<p class="meta">{_e(meta)}</p>' if meta else ''}
<p class="meta">{_e(t("br_generated", lang, date=stamp))} · {_e(t("br_scope", lang))}{_e(s.scope_text(lang))}</p>
</div></header>
<main class="wrap">
<section class="summary" id="summary">
<h2>{_e(t("br_summary", lang))}</h2>
<div class="counts">{counts}</div>
<ul class="points">{points}</ul>
{notes}
<nav class="toc">{toc}</nav>
</section>
{''.join(sections)}
<footer>{_e(t("br_footer", lang, date=stamp))}</footer>
</main>
</body>
</html>
"""
    return doc.encode("utf-8")


# ---------- static images through kaleido ----------

_RENDER_LOCK = threading.Lock()  # one Chromium per process: downloads from several sessions take turns
RENDER_TIMEOUT_S = 90
DEFAULT_IMAGE_SIZE = (1200, 700)


def render_images(figs: Sequence[go.Figure], fmt: str = "png", *, scale: float = 1.0) -> list[bytes]:
    """Each figure as PNG or SVG bytes, at its layout width and height (1200 × 700 when unset).

    kaleido's sync server keeps one headless Chromium for the process: the first call starts it (seconds), later
    calls reuse it. MathJax is off, plotly.js comes from the plotly package: no network. If Chromium died, it is
    restarted once.
    """
    import kaleido

    specs = []
    for fig in figs:
        w = int(fig.layout.width or DEFAULT_IMAGE_SIZE[0])
        h = int(fig.layout.height or DEFAULT_IMAGE_SIZE[1])
        specs.append((fig.to_dict(), {"format": fmt, "width": w, "height": h, "scale": scale}))
    with _RENDER_LOCK:
        for attempt in (1, 2):
            kaleido.start_sync_server(mathjax=False, timeout=RENDER_TIMEOUT_S, silence_warnings=True)
            try:
                return [kaleido.calc_fig_sync(d, opts=opts) for d, opts in specs]
            except Exception:
                kaleido.stop_sync_server(silence_warnings=True)
                if attempt == 2:
                    raise
    return []  # not reached


def svg_bytes(fig: go.Figure, width: int = 1200) -> bytes:
    """The figure as SVG (vector, for print and layout programs), `width` px wide when the figure sets none.
    Drawn from the figure's dict: for a frozen figure, exactly what the page shows."""
    fig = go.Figure(fig.to_dict())
    if not fig.layout.width:
        fig.update_layout(width=width)
    out = render_images([fig], "svg")[0]
    return out if isinstance(out, bytes) else str(out).encode("utf-8")


# ---------- PPTX ----------

SLIDE_W_IN, SLIDE_H_IN = 13.333, 7.5
MARGIN_IN = 0.45
IMAGE_TOP_IN = 1.35
IMAGE_BOTTOM_IN = 7.0
SLIDE_FONT = "Microsoft YaHei"  # 微软雅黑 on Windows; PowerPoint substitutes its own CJK face elsewhere
SLIDE_PX_PER_IN = 108  # render so that chart text of 16 px reads as ~11 pt on the slide
SLIDE_SCALE = 2
SLIDE_FONT_SIZE = 16
SLIDE_WORKLOAD_TOP = 15


def _rgb(hex_color: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_color.lstrip("#").upper())


def _set_font(run, size: float, *, bold: bool = False, color: str = "#1F2328") -> None:
    """Size, weight, colour, and the typeface for Latin and East Asian text (python-pptx only sets Latin)."""
    from pptx.oxml.ns import qn
    from pptx.oxml.xmlchemy import OxmlElement
    from pptx.util import Pt

    font = run.font
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = _rgb(color)
    rpr = run._r.get_or_add_rPr()
    latin = rpr.get_or_add_latin()
    latin.set("typeface", SLIDE_FONT)
    ea = rpr.find(qn("a:ea"))
    if ea is None:
        ea = OxmlElement("a:ea")
        latin.addnext(ea)
    ea.set("typeface", SLIDE_FONT)


def _text(slide, left: float, top: float, width: float, height: float, paragraphs: Sequence[str], *,
          size: float = 16, bold: bool = False, color: str = "#1F2328", align: str = "left",
          bullet: bool = False, space_after: float = 4):
    """A text box (inches) holding one paragraph per string, words wrapped."""
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
    from pptx.util import Inches, Pt

    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    tf = box.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = MSO_ANCHOR.TOP
    for margin in ("margin_left", "margin_right"):
        setattr(tf, margin, Inches(0.05))
    for i, text in enumerate(paragraphs):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.alignment = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}[align]
        p.space_after = Pt(space_after)
        if bullet:
            _bullet(p, size)
        run = p.add_run()
        run.text = str(text)
        _set_font(run, size, bold=bold, color=color)
    return box


def _bullet(paragraph, size: float) -> None:
    """A real bullet with a hanging indent, so wrapped lines align with the text, not the bullet."""
    from pptx.oxml.xmlchemy import OxmlElement
    from pptx.util import Pt

    ppr = paragraph._p.get_or_add_pPr()
    ppr.set("marL", str(int(Pt(size * 1.2))))
    ppr.set("indent", str(-int(Pt(size * 1.2))))
    for tag, attrs in (("a:buFont", {"typeface": "Arial"}), ("a:buChar", {"char": "•"})):
        el = OxmlElement(tag)
        for k, v in attrs.items():
            el.set(k, v)
        ppr.append(el)


def _rect(slide, left: float, top: float, width: float, height: float, color: str):
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Inches

    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(left), Inches(top), Inches(width), Inches(height))
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(color)
    shape.line.fill.background()
    return shape


def _footer(slide, b: Briefing, n: int, total: int) -> None:
    s = b.summary
    left = " · ".join(x for x in (s.title, s.doc_number) if x)
    _text(slide, MARGIN_IN, 7.08, 10.5, 0.32, [left], size=9, color="#7F8A93")
    _text(slide, SLIDE_W_IN - MARGIN_IN - 1.5, 7.08, 1.5, 0.32, [f"{n} / {total}"], size=9, color="#7F8A93",
          align="right")


def slide_figure(fig: go.Figure) -> go.Figure:
    """A copy of the figure sized to the slides' picture area (slide_area_px)."""
    w, h = slide_area_px()
    out = go.Figure(fig)
    out.update_layout(width=w, height=h)
    return out


def briefing_pptx(b: Briefing, *, images: Sequence[bytes] | None = None) -> bytes:
    """A 16:9 deck: title slide (plan, document number, date, filters), one slide per view with its chart as a PNG
    rendered by kaleido, and a summary slide. `images` (PNG bytes in figure order) skips the rendering."""
    from pptx import Presentation
    from pptx.util import Inches

    lang, s = b.lang, b.summary
    views = list(b.figures)
    if images is None:
        images = render_images([slide_figure(f) for f in b.figures.values()], "png", scale=SLIDE_SCALE)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W_IN), Inches(SLIDE_H_IN)
    blank = prs.slide_layouts[6]
    total = len(views) + 2
    stamp = s.generated.strftime(ISO)

    # title slide
    slide = prs.slides.add_slide(blank)
    _rect(slide, 0, 0, SLIDE_W_IN, 0.18, ACCENT)
    _text(slide, 0.9, 1.55, SLIDE_W_IN - 1.8, 0.5, [t("br_kicker", lang)], size=18, bold=True, color=ACCENT)
    _text(slide, 0.9, 2.15, SLIDE_W_IN - 1.8, 1.9, [s.title], size=34 if len(s.title) <= 40 else 26, bold=True)
    meta = [x for x in (s.meta_line(lang),) if x]
    meta += [t("br_generated", lang, date=stamp), t("br_scope", lang) + s.scope_text(lang)]
    _text(slide, 0.9, 4.35, SLIDE_W_IN - 1.8, 1.8, meta, size=18, color="#5A6068", space_after=6)
    _rect(slide, 0.9, 4.2, 1.2, 0.05, ACCENT)

    # one slide per view
    for n, (view, png) in enumerate(zip(views, images), start=2):
        slide = prs.slides.add_slide(blank)
        _rect(slide, 0, 0, 0.16, SLIDE_H_IN, ACCENT)
        _text(slide, MARGIN_IN, 0.28, SLIDE_W_IN - 2 * MARGIN_IN, 0.6, [b.heading(view)], size=26, bold=True)
        _text(slide, MARGIN_IN, 0.86, SLIDE_W_IN - 2 * MARGIN_IN, 0.45, [b.caption(view)], size=13,
              color="#5A6068")
        if view == "overview":  # the headline counts, beside the heading
            strip = t("br_strip", lang, **{k: int(s.counts[k]) for k in ("sections", "tasks", "units", "lead",
                                                                          "support")})
            _text(slide, SLIDE_W_IN / 2, 0.4, SLIDE_W_IN / 2 - MARGIN_IN, 0.45, [strip], size=15, bold=True,
                  color=ACCENT, align="right")
        _picture(slide, png)
        slide.notes_slide.notes_text_frame.text = b.caption(view)
        _footer(slide, b, n, total)

    # summary slide
    slide = prs.slides.add_slide(blank)
    _rect(slide, 0, 0, 0.16, SLIDE_H_IN, ACCENT)
    _text(slide, MARGIN_IN, 0.28, SLIDE_W_IN - 2 * MARGIN_IN, 0.6, [t("br_summary", lang)], size=26, bold=True)
    points = list(s.lines)
    size = 17 if sum(len(p) for p in points) < 520 else 14
    _text(slide, MARGIN_IN, 1.05, SLIDE_W_IN - 2 * MARGIN_IN, 4.5, points, size=size, bullet=True, space_after=8)
    if s.notes:
        _text(slide, MARGIN_IN, 5.5, SLIDE_W_IN - 2 * MARGIN_IN, 0.35, [t("ov_quality", lang)], size=13, bold=True,
              color="#5A6068")
        _text(slide, MARGIN_IN, 5.85, SLIDE_W_IN - 2 * MARGIN_IN, 1.1, list(s.notes[:3]), size=12,
              color="#5A6068", bullet=True, space_after=2)
    _footer(slide, b, total, total)

    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def slide_area_px() -> tuple[int, int]:
    """Width and height in px of the slides' picture area at SLIDE_PX_PER_IN."""
    return (round((SLIDE_W_IN - 2 * MARGIN_IN) * SLIDE_PX_PER_IN),
            round((IMAGE_BOTTOM_IN - IMAGE_TOP_IN) * SLIDE_PX_PER_IN))


def make_html(ds: Dataset, view: View, filters: Filters, lang: str = "zh", **kw) -> bytes:
    """The HTML briefing of a view (build_briefing's keywords: today, lead_weight, notes)."""
    return briefing_html(build_briefing(ds, view, filters, lang, **kw))


def make_pptx(ds: Dataset, view: View, filters: Filters, lang: str = "zh", **kw) -> bytes:
    """The PPTX briefing of a view: figures sized for the slides (larger type, workload cut to the top 15, matrix
    type fitted to its rows), rendered by kaleido."""
    b = build_briefing(ds, view, filters, lang, font_size=SLIDE_FONT_SIZE, workload_top=SLIDE_WORKLOAD_TOP,
                       fit_height=slide_area_px()[1], **kw)
    return briefing_pptx(b)


def _picture(slide, png: bytes) -> None:
    """The chart image centred in the picture area, as large as fits, aspect kept."""
    from PIL import Image
    from pptx.util import Inches

    w_px, h_px = Image.open(io.BytesIO(png)).size
    area_w = SLIDE_W_IN - 2 * MARGIN_IN
    area_h = IMAGE_BOTTOM_IN - IMAGE_TOP_IN
    k = min(area_w / w_px, area_h / h_px)
    w, h = w_px * k, h_px * k
    slide.shapes.add_picture(io.BytesIO(png), Inches(MARGIN_IN + (area_w - w) / 2), Inches(IMAGE_TOP_IN),
                             Inches(w), Inches(h))
