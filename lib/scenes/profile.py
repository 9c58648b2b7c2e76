"""单位画像 Unit profile: one unit's tasks, partners and place in the ranking, within the chosen areas."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from lib import transforms
from lib.charts.base import frozen
from lib.charts.matrix import area_label
from lib.charts.profile import partner_bars, rank_figure
from lib.data import Dataset
from lib.i18n import role_label, t
from lib.scenes.common import arrow, namer
from lib.scenes.defaults import MAX_RANK_BARS
from lib.transforms import View


@dataclass(frozen=True)
class Profile:
    prof: transforms.UnitProfile
    info: dict  # full_name, category
    tasks: pd.DataFrame  # for the CSV
    tasks_arrow: object
    partners: pd.DataFrame | None  # for the CSV; None when the unit has no partner
    partners_arrow: object | None
    partner_chart: go.Figure | None
    rank_chart: go.Figure


def profile_options(ds: Dataset, sections: tuple[int, ...]) -> tuple[View, tuple[str, ...]]:
    """The plan in the chosen areas (the profile's scope) and the units in it, in units.csv order."""
    scope = transforms.apply_filters(ds, transforms.Filters(sections=sections))
    present = set(scope.assignments["unit"].unique())
    return scope, tuple(u for u in ds.units["unit"] if u in present)


def profile(ds: Dataset, sections: tuple[int, ...], unit: str, lead_weight: float, lang: str, font_size: int,
            max_partner_bars: int, *, _scope: View) -> Profile:
    """One unit's tasks, partners and place in the ranking, within the chosen areas (`_scope`, from
    profile_options)."""
    scope = _scope
    prof = transforms.unit_profile(scope, unit, lead_weight=lead_weight)
    info = ds.units.set_index("unit").loc[unit]
    tasks = prof.tasks
    table = tasks.assign(area=[area_label(int(s), lang) for s in tasks["section"]],
                         role=[role_label(r, lang) for r in tasks["role"]])[["task_id", "area", "title", "role"]]
    table.columns = [t("task_id", lang), t("section", lang), t("title", lang), t("filter_role", lang)]
    partners = prof.partners
    ptable = pchart = None
    if not partners.empty:
        name = namer(scope, lang)
        ptable = partners.assign(name=[name(u) for u in partners["unit"]])[
            ["name", "shared_tasks", "as_lead_with", "under_lead_of", "co_support", "task_ids"]]
        ptable.columns = [t("unit", lang), t("pf_shared", lang), t("pf_as_lead_with", lang),
                          t("pf_under_lead_of", lang), t("pf_co_support", lang), t("pf_task_ids", lang)]
        pchart = frozen(partner_bars(partners, ds.units, lang, top=max_partner_bars, font_size=font_size))
    return Profile(prof, {"full_name": info["full_name"], "category": info["category"]}, table, arrow(table),
                   ptable, arrow(ptable) if ptable is not None else None, pchart,
                   frozen(rank_figure(prof.ranking, unit, lang, max_bars=MAX_RANK_BARS, font_size=font_size)))
