"""Shared by the views: Arrow tables, a unit's shown name, the plan's title, the filters in words."""

from __future__ import annotations

import pandas as pd

from lib.data import Dataset, Plan
from lib.i18n import category_label, role_label, t
from lib.transforms import Filters, View, section_label, section_titles


def arrow(df: pd.DataFrame):
    """The frame as a pyarrow Table for st.dataframe (which would otherwise convert a pandas frame on every rerun).
    The index is dropped: tables here are shown with hide_index=True. A frame Arrow cannot type stays as it is."""
    import pyarrow as pa

    try:
        return pa.Table.from_pandas(df, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return df


def namer(view: View, lang: str):
    """A unit's name as shown: the short Chinese name, or the English name in English."""
    if lang != "en":
        return str
    names_en = dict(zip(view.units["unit"], view.units["name_en"]))
    return lambda u: names_en.get(u, u)


def plan_title(plan: Plan, lang: str) -> str:
    """The plan's title in the reader's language (the other one when only that is given), else the app's name."""
    title = (plan.title_en or plan.title) if lang == "en" else (plan.title or plan.title_en)
    return title or t("app_title", lang)


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
