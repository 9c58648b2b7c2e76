"""工作量 Workload: load per unit and per category, its concentration, the tables and bars as shown."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from lib import transforms
from lib.charts.base import frozen
from lib.charts.workload import category_bars, workload_bars
from lib.i18n import category_label, t
from lib.scenes.common import arrow, namer
from lib.scenes.defaults import WORKLOAD_MAX_BARS, WORKLOAD_TOP_BARS
from lib.transforms import View


@dataclass(frozen=True)
class Workload:
    wl: pd.DataFrame  # transforms.workload, in the order chosen
    conc: dict  # transforms.concentration
    total_weighted: float
    cat_table: object  # Arrow
    table: pd.DataFrame  # the numbers as shown, for the CSV
    table_arrow: object


def default_top(n_units: int) -> int | None:
    """How many bars the workload chart shows unless the reader says otherwise: the heaviest WORKLOAD_TOP_BARS above
    WORKLOAD_MAX_BARS units, else every unit (None). The table keeps them all."""
    return WORKLOAD_TOP_BARS if n_units > WORKLOAD_MAX_BARS else None


def workload(view: View, lang: str, lead_weight: float, measure: str) -> Workload:
    """Load per unit (ordered by weighted load or by task count), its concentration, and the tables as shown."""
    wl = transforms.workload(view.assignments, view.units, lead_weight=lead_weight)
    wl = transforms.workload_sorted(wl, "weighted" if measure == "weighted" else "total")
    by_cat = transforms.workload_by_category(wl)
    cat_table = by_cat.assign(category=[category_label(c, lang) for c in by_cat["category"]])[
        ["category", "units", "lead", "support", "total", "weighted"]]
    cat_table.columns = [t("category", lang), t("wl_units_col", lang), t("lead_count", lang),
                         t("support_count", lang), t("total_count", lang), t("weighted_load", lang)]
    name = namer(view, lang)
    table = wl.assign(
        rank=range(1, len(wl) + 1),
        name=[name(u) for u in wl["unit"]],
        category=[category_label(c, lang) for c in wl["category"]],
    )[["rank", "name", "category", "lead", "support", "total", "weighted", "full_name"]]
    table.columns = [t("wl_rank", lang), t("unit", lang), t("category", lang), t("lead_count", lang),
                     t("support_count", lang), t("total_count", lang), t("weighted_load", lang), t("full_name", lang)]
    return Workload(wl, transforms.concentration(wl), float(wl["weighted"].sum()), arrow(cat_table), table,
                    arrow(table))


def workload_charts(view: View, lang: str, lead_weight: float, measure: str, top: int | None, font_size: int, *,
                    _wl: pd.DataFrame) -> tuple[go.Figure, go.Figure]:
    """The bars per unit (the heaviest `top` when set) and per unit category; `_wl` is workload(...).wl."""
    wl = _wl
    return (frozen(workload_bars(wl, lang, top=top, weighted=measure == "weighted", lead_weight=lead_weight,
                                 font_size=font_size)),
            frozen(category_bars(transforms.workload_by_category(wl), lang, font_size=font_size)))
