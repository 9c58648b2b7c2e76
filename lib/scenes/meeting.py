"""What the coordination-meeting briefing shows: the five views' figures, each as its page draws it by default, and
a written summary. lib/briefing.py packages it (HTML, PPTX); nothing here renders or packages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from lib import transforms
from lib.charts.timeline import status_sentence, timeline_figure
from lib.charts.workload import workload_bars
from lib.data import Dataset
from lib.i18n import t
from lib.scenes import matrix as matrix_scene
from lib.scenes import workload as workload_scene
from lib.scenes.common import filter_lines, plan_title
from lib.scenes.defaults import LEAD_WEIGHT, PRESENT_STEPS, SUMMARY_TOP_UNITS
from lib.scenes.network import NetworkScene, build_scene
from lib.scenes.overview import most_loaded_chart
from lib.theme import BASE_FONT_SIZE
from lib.transforms import Filters, View

VIEWS = PRESENT_STEPS  # the briefing's order, as presentation mode
ISO = "%Y-%m-%d"
# the headline counts (transforms.overview_counts) the briefing states, in order, with their labels' i18n keys
HEADLINE_COUNTS = {"sections": "ov_sections", "tasks": "ov_tasks", "units": "ov_units", "lead": "ov_leads",
                   "support": "ov_supports"}


def build_figures(ds: Dataset, view: View, lang: str = "zh", *, today: dt.date | None = None,
                  lead_weight: float = LEAD_WEIGHT, font_size: int = BASE_FONT_SIZE,
                  workload_top: int | None = None, fit_height: int | None = None,
                  scene: NetworkScene | None = None) -> dict[str, go.Figure]:
    """The briefing's figures, in VIEWS order, each as its page draws it by default; a view with nothing to draw
    (no assignments, no phases) is left out. For slides: `workload_top` caps the workload bars, and `fit_height`
    (px) lowers the matrix's font until every unit's row is labelled at that height."""
    today = today or transforms.today()
    figs: dict[str, go.Figure] = {}
    if not view.assignments.empty:
        figs["overview"] = most_loaded_chart(view, lang, font_size)[0]  # as the overview page draws it
        shown = matrix_scene.top_view(view, matrix_scene.default_top(len(view.units)))
        matrix_fs = matrix_scene.matrix_font_size(len(shown.units), fit_height, font_size) if fit_height else font_size
        figs["matrix"] = matrix_scene.matrix_chart(shown, lang, font_size=matrix_fs).fig
        wl = transforms.workload_sorted(transforms.workload(view.assignments, view.units, lead_weight=lead_weight))
        top = workload_top or workload_scene.default_top(len(wl))
        figs["workload"] = workload_bars(wl, lang, top=top, weighted=True, lead_weight=lead_weight,
                                         font_size=font_size)
    if not ds.phases.empty:
        figs["timeline"] = timeline_figure(ds.phases, lang, today=today, issued=ds.plan.issued or None,
                                           font_size=font_size)
    if not view.assignments.empty:
        scene = scene or build_scene(view)
        if scene.shared.number_of_nodes():
            figs["network"] = scene.chart(lang, font_size=font_size)[0]
    return {v: figs[v] for v in VIEWS if v in figs}


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
              lead_weight: float = LEAD_WEIGHT, notes: Sequence[str] = (),
              scene: NetworkScene | None = None) -> Summary:
    """The briefing's written summary of a view: plan, scope, counts, most-loaded units, concentration, phases,
    where today falls, the network in one sentence, and the data-quality notes given."""
    today = today or transforms.today()
    plan = ds.plan
    counts = transforms.overview_counts(view, ds)
    sep = ", " if lang == "en" else "、"
    dup = t("br_counts_dup", lang, raw=counts["support_raw"], dup=counts["overlap"]) if counts["overlap"] else ""
    lines = [t("br_counts", lang, **{k: counts[k] for k in HEADLINE_COUNTS},
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
        scene = scene or build_scene(view)
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
    return Summary(title=plan_title(plan, lang), doc_number=plan.doc_number, issuer=plan.issuer,
                   issued=plan.issued, generated=today, filters=filter_lines(ds, filters, lang), counts=counts,
                   lines=lines, notes=list(notes))


@dataclass
class Briefing:
    """Figures and words of one briefing, in one language."""

    lang: str
    summary: Summary
    figures: dict[str, go.Figure]  # VIEWS order
    lead_weight: float = LEAD_WEIGHT
    extra: dict[str, str] = field(default_factory=dict)  # a view's caption addendum (bars cut to the top N)

    def heading(self, view: str) -> str:
        return t(f"br_head_{view}", self.lang)

    def caption(self, view: str) -> str:
        n = len(self.figures["overview"].data[0].y) if "overview" in self.figures else 0  # the overview's bars
        return t(f"br_cap_{view}", self.lang, w=f"{self.lead_weight:g}", n=n) + self.extra.get(view, "")


def build_briefing(ds: Dataset, view: View, filters: Filters, lang: str = "zh", *, today: dt.date | None = None,
                   lead_weight: float = LEAD_WEIGHT, notes: Sequence[str] = (),
                   font_size: int = BASE_FONT_SIZE, workload_top: int | None = None,
                   fit_height: int | None = None, progress=None) -> Briefing:
    """Summary and figures of the view (the network is laid out once for both); see build_figures for the sizes.

    progress: the plan's ledger judged today (lib.ledger.display.Progress), read from FENGONG_DB when None, left
    out when False; when the ledger holds records of the plan the briefing ends with a progress view and line.
    """
    today = today or transforms.today()
    scene = build_scene(view) if not view.assignments.empty else None
    figures = build_figures(ds, view, lang, today=today, lead_weight=lead_weight, font_size=font_size,
                            workload_top=workload_top, fit_height=fit_height, scene=scene)
    extra = {}
    n_units = view.assignments["unit"].nunique()
    shown = workload_top or workload_scene.default_top(n_units)
    if "workload" in figures and shown and n_units > shown:
        extra["workload"] = t("br_top_note", lang, n=shown, total=n_units)
    matrix_top = matrix_scene.default_top(len(view.units))
    if "matrix" in figures and matrix_top:
        extra["matrix"] = t("br_top_note", lang, n=matrix_top, total=len(view.units))
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
