"""Pure pandas transforms: filtering, the responsibility matrix, workload and concentration. No Streamlit here."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.data import Dataset
from lib.theme import CATEGORY_ORDER


@dataclass(frozen=True)
class Filters:
    """What the sidebar selects; an empty tuple means no restriction."""

    sections: tuple[int, ...] = ()
    categories: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return bool(self.sections or self.categories or self.units or self.roles)


@dataclass
class View:
    """The dataset as the current filters show it."""

    tasks: pd.DataFrame  # tasks in view, document order
    assignments: pd.DataFrame  # task_id, section, unit, role, category (+ unit names)
    units: pd.DataFrame  # units with at least one assignment in view, plus their attributes
    # What this view is of: (dataset token, filters[, units kept]). Caches key on it (lib.ui.cached); () for a
    # view built by hand, which is then never cached. Like the dataset, a view's frames are not changed.
    key: tuple = ()


def apply_filters(ds: Dataset, f: Filters) -> View:
    """Restrict tasks by area, assignments by unit category, unit and role."""
    tasks = ds.tasks
    if f.sections:
        tasks = tasks[tasks["section"].isin(f.sections)]
    a = ds.assignments.merge(ds.units[["unit", "category", "full_name", "name_en"]], on="unit", how="left")
    # .isin on pandas string columns costs per value passed: filter on the integer area, pass unique values
    if f.sections:
        a = a[a["section"].isin(f.sections)]
    if f.categories:
        a = a[a["category"].isin(f.categories)]
    if f.units:
        a = a[a["unit"].isin(f.units)]
    if f.roles:
        a = a[a["role"].isin(f.roles)]
    if f.categories or f.units or f.roles:
        tasks = tasks[tasks["task_id"].isin(a["task_id"].unique())]
    units = ds.units[ds.units["unit"].isin(a["unit"].unique())]
    return View(tasks=tasks.reset_index(drop=True), assignments=a.reset_index(drop=True),
                units=units.reset_index(drop=True), key=(ds.token, f))


def section_titles(tasks: pd.DataFrame) -> dict[int, str]:
    """Area number → its title, in document order."""
    first = tasks.drop_duplicates("section").sort_values("section")
    return dict(zip(first["section"], first["section_title"]))


CN_NUMERALS = "一二三四五六七八九十"
DEFAULT_LEAD_WEIGHT = 2.0  # one led task counts as two supported ones unless the user says otherwise


def section_label(section: int, title: str) -> str:
    """（二）加强重点突破… as the document numbers its areas."""
    num = CN_NUMERALS[section - 1] if 1 <= section <= len(CN_NUMERALS) else str(section)
    return f"（{num}）{title}" if title else f"（{num}）"


def workload(assignments: pd.DataFrame, units: pd.DataFrame, lead_weight: float = DEFAULT_LEAD_WEIGHT,
             support_weight: float = 1.0) -> pd.DataFrame:
    """Per unit: tasks led, tasks supported, total and weighted load, sorted heaviest first."""
    counts = (assignments.groupby(["unit", "role"]).size().unstack("role", fill_value=0)
              .reindex(columns=["lead", "support"], fill_value=0))
    out = units[["unit", "full_name", "name_en", "category"]].merge(counts, left_on="unit", right_index=True,
                                                                    how="inner")
    out["lead"] = out["lead"].astype(int)
    out["support"] = out["support"].astype(int)
    out["total"] = out["lead"] + out["support"]
    out["weighted"] = out["lead"] * lead_weight + out["support"] * support_weight
    out = out.sort_values(["weighted", "lead", "unit"], ascending=[False, False, True], kind="stable")
    out["rank"] = out["weighted"].rank(method="min", ascending=False).astype(int)  # ties share a rank (1, 2, 2, 4)
    return out.reset_index(drop=True)


def workload_by_category(wl: pd.DataFrame) -> pd.DataFrame:
    """Workload summed per unit category, in the fixed category order."""
    g = wl.groupby("category")[["lead", "support", "total", "weighted"]].sum()
    g["units"] = wl.groupby("category").size()
    order = [c for c in CATEGORY_ORDER if c in g.index]
    return g.loc[order].reset_index()


def gini(values) -> float:
    """Gini coefficient of non-negative values: 0 when all carry the same, near 1 when one carries all."""
    x = np.sort(np.asarray(list(values), dtype=float))
    n = len(x)
    if n == 0 or x.sum() == 0:
        return 0.0
    cum = np.cumsum(x)
    return float((n + 1 - 2 * (cum / cum[-1]).sum()) / n)


def concentration(wl: pd.DataFrame, column: str = "weighted", top: int = 5) -> dict[str, float]:
    """Share of the load carried by the top units, and the Gini coefficient across units."""
    total = wl[column].sum()
    top_share = float(wl[column].nlargest(top).sum() / total) if total else 0.0
    return {"top_share": top_share, "gini": gini(wl[column]), "top": min(top, len(wl)), "units": len(wl)}


def matrix_frame(view: View, sort: str = "load") -> pd.DataFrame:
    """Units × tasks with 'lead', 'support' or '' in each cell; rows ordered by load, category or name."""
    tasks = view.tasks["task_id"].tolist()
    units = order_units(view, sort)
    if not units or not tasks:
        return pd.DataFrame(index=pd.Index(units, name="unit"), columns=tasks, dtype=object)
    m = view.assignments.pivot_table(index="unit", columns="task_id", values="role", aggfunc="first")
    m = m.reindex(index=units, columns=tasks)
    return m.fillna("").astype(object)


def order_units(view: View, sort: str = "load") -> list[str]:
    """Unit order for matrix rows: by weighted load (default), by category then load, by name, or by English name."""
    wl = workload(view.assignments, view.units)
    if sort == "name":
        return sorted(wl["unit"])
    if sort == "name_en":
        return wl.sort_values("name_en", key=lambda s: s.str.casefold(), kind="stable")["unit"].tolist()
    if sort == "category":
        cat_rank = {c: i for i, c in enumerate(CATEGORY_ORDER)}
        wl = wl.assign(_c=wl["category"].map(cat_rank).fillna(len(cat_rank)))
        return wl.sort_values(["_c", "weighted", "unit"], ascending=[True, False, True], kind="stable")["unit"].tolist()
    return wl["unit"].tolist()


def unit_by_section(view: View) -> pd.DataFrame:
    """Count of tasks per unit and area (lead and support together), rows in load order."""
    if view.assignments.empty:
        return pd.DataFrame()
    t = pd.crosstab(view.assignments["unit"], view.assignments["section"])
    t = t.reindex(order_units(view, "load"))
    t.columns = [int(c) for c in t.columns]
    return t


@dataclass
class PhaseStatus:
    """Where a date falls against the plan's phases."""

    state: str  # "none" (no phases), "before", "in", "gap", "after"
    today: pd.Timestamp
    start: pd.Timestamp | None = None  # plan start
    end: pd.Timestamp | None = None  # plan end
    phase: dict | None = None  # the phase today falls in
    days_after: int = 0


def today() -> dt.date:
    """Today's date; FENGONG_TODAY (ISO date) sets it, so tests and rehearsals can stand on any day of a plan."""
    value = os.environ.get("FENGONG_TODAY", "").strip()
    if value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    return dt.date.today()


def phase_status(phases: pd.DataFrame, today) -> PhaseStatus:
    """Before, inside (which phase), between phases, or after the plan's end."""
    today = pd.Timestamp(today).normalize()
    ph = phases[phases["kind"] == "phase"].sort_values("start")
    if ph.empty:
        ph = phases.sort_values("start")
    if ph.empty:
        return PhaseStatus("none", today)
    start, end = ph["start"].min(), ph["end"].max()
    if today < start:
        return PhaseStatus("before", today, start, end)
    if today > end:
        return PhaseStatus("after", today, start, end, days_after=int((today - end).days))
    hit = ph[(ph["start"] <= today) & (ph["end"] >= today)]
    if hit.empty:
        return PhaseStatus("gap", today, start, end)
    return PhaseStatus("in", today, start, end, phase=hit.iloc[0].to_dict())


def overview_counts(view: View, ds: Dataset) -> dict[str, int]:
    """The headline counts of the view: areas, tasks, units, lead and support assignments."""
    a = view.assignments
    in_view = ds.tasks[ds.tasks["task_id"].isin(view.tasks["task_id"])]
    support_raw = int(in_view["support_units"].map(len).sum())
    overlaps = ds.overlaps[ds.overlaps["task_id"].isin(view.tasks["task_id"])]
    return {
        "sections": int(view.tasks["section"].nunique()),
        "tasks": len(view.tasks),
        "units": int(a["unit"].nunique()),
        "lead": int((a["role"] == "lead").sum()),
        "support": int((a["role"] == "support").sum()),
        "support_raw": support_raw,
        "overlap": len(overlaps),
    }


def tasks_by_section(view: View) -> pd.DataFrame:
    """Per area: its title, number of tasks, and lead / support assignments."""
    a = view.assignments
    roles = a.groupby(["section", "role"]).size().unstack("role", fill_value=0).reindex(
        columns=["lead", "support"], fill_value=0)
    t_ = view.tasks.groupby(["section", "section_title"], sort=True).size().rename("tasks").reset_index()
    return t_.merge(roles, left_on="section", right_index=True, how="left").fillna(0).astype(
        {"lead": int, "support": int})


# --- matrix / workload / profile ---

ROLE_CODES = {"": 0, "support": 1, "lead": 2}  # matrix cell values: empty, support, lead


def restrict_units(view: View, units) -> View:
    """The same tasks with only the given units' assignments (for the top-N rows of a large matrix)."""
    keep = set(units)
    a = view.assignments[view.assignments["unit"].isin(keep)]
    u = view.units[view.units["unit"].isin(keep)]
    key = (*view.key, tuple(sorted(keep))) if view.key else ()
    return View(tasks=view.tasks, assignments=a.reset_index(drop=True), units=u.reset_index(drop=True), key=key)


def section_spans(tasks: pd.DataFrame) -> pd.DataFrame:
    """Runs of consecutive task columns per area: section, section_title, first and last column, count."""
    if tasks.empty:
        return pd.DataFrame(columns=["section", "section_title", "first", "last", "n"])
    sec = tasks["section"].to_numpy()
    starts = [0] + [i for i in range(1, len(sec)) if sec[i] != sec[i - 1]]
    ends = starts[1:] + [len(sec)]
    rows = [{"section": int(sec[s]), "section_title": tasks["section_title"].iloc[s], "first": s, "last": e - 1,
             "n": e - s} for s, e in zip(starts, ends)]
    return pd.DataFrame(rows)


def section_roles(view: View, sort: str = "load") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Unit × area counts of lead and of support assignments, rows ordered as order_units(sort), areas in order."""
    a = view.assignments
    units = order_units(view, sort)
    sections = sorted(view.tasks["section"].unique().tolist())
    out = []
    for role in ("lead", "support"):
        sub = a[a["role"] == role]
        t_ = pd.crosstab(sub["unit"], sub["section"]) if not sub.empty else pd.DataFrame()
        out.append(t_.reindex(index=units, columns=sections, fill_value=0).fillna(0).astype(int))
    return out[0], out[1]


def task_units(ds: Dataset, task_id: str) -> pd.DataFrame:
    """Every unit of one task, leads first then supports as written, each once; `also_support` marks a lead the
    document also lists among the supporting units (the 5.2 case)."""
    rec = ds.tasks[ds.tasks["task_id"] == task_id]
    cols = ["unit", "full_name", "name_en", "category", "role", "also_support"]
    if rec.empty:
        return pd.DataFrame(columns=cols)
    rec = rec.iloc[0]
    overlap = set(ds.overlaps.loc[ds.overlaps["task_id"] == task_id, "unit"])
    a = ds.assignments[ds.assignments["task_id"] == task_id]
    out = a[["unit", "role"]].merge(ds.units[["unit", "full_name", "name_en", "category"]], on="unit", how="left")
    out["also_support"] = out["unit"].isin(overlap) & (out["role"] == "lead")
    order = {u: i for i, u in enumerate(dict.fromkeys([*rec["lead_units"], *rec["support_units"]]))}
    out["_o"] = out["unit"].map(order)
    return out.sort_values("_o", kind="stable")[cols].reset_index(drop=True)


def workload_sorted(wl: pd.DataFrame, by: str = "weighted") -> pd.DataFrame:
    """The workload table ordered by weighted load (default) or by task count, heaviest first."""
    keys = ["weighted", "lead", "unit"] if by == "weighted" else ["total", "lead", "unit"]
    return wl.sort_values(keys, ascending=[False, False, True], kind="stable").reset_index(drop=True)


def concentration_level(gini_value: float) -> str:
    """A plain reading of a Gini coefficient: 'even' below 0.3, 'moderate' below 0.5, else 'high'."""
    if gini_value < 0.3:
        return "even"
    return "moderate" if gini_value < 0.5 else "high"


def partners(assignments: pd.DataFrame, unit: str) -> pd.DataFrame:
    """Units sharing tasks with `unit`, most shared first.

    Columns: unit, shared_tasks, as_lead_with (shared tasks `unit` leads), under_lead_of (shared tasks the
    partner leads), co_support (both support), task_ids (the shared tasks, in document order).
    """
    cols = ["unit", "shared_tasks", "as_lead_with", "under_lead_of", "co_support", "task_ids"]
    mine = assignments[assignments["unit"] == unit][["task_id", "role"]]
    if mine.empty:
        return pd.DataFrame(columns=cols)
    others = assignments[(assignments["unit"] != unit) & assignments["task_id"].isin(mine["task_id"])]
    pairs = others[["task_id", "unit", "role"]].merge(mine.rename(columns={"role": "my_role"}), on="task_id")
    pairs = pairs.assign(
        shared_tasks=1,
        as_lead_with=(pairs["my_role"] == "lead").astype(int),
        under_lead_of=(pairs["role"] == "lead").astype(int),
        co_support=((pairs["role"] == "support") & (pairs["my_role"] == "support")).astype(int),
        _first=np.arange(len(pairs)),  # assignments are in document order
    )
    g = pairs.groupby("unit", sort=False)
    out = g[["shared_tasks", "as_lead_with", "under_lead_of", "co_support"]].sum()
    out["task_ids"] = g["task_id"].agg("、".join)
    out["_first"] = g["_first"].min()
    out = out.reset_index()
    out = out.sort_values(["shared_tasks", "_first"], ascending=[False, True], kind="stable")
    return out[cols].astype({"shared_tasks": int}).reset_index(drop=True)


@dataclass
class UnitProfile:
    """One unit within a view: its tasks, partners and place in the workload ranking and the network."""

    unit: str
    tasks: pd.DataFrame  # task_id, section, section_title, title, role — document order
    partners: pd.DataFrame  # see partners()
    lead: int
    support: int
    weighted: float
    rank: int  # 1 = heaviest weighted load; 0 when the unit has no task in view
    units: int  # units ranked
    degree: int  # distinct partners
    sections: int  # areas the unit works in
    sections_total: int  # areas in view
    ranking: pd.DataFrame  # workload() of every unit in view, with the same weights


def unit_profile(view: View, unit: str, lead_weight: float = DEFAULT_LEAD_WEIGHT,
                 support_weight: float = 1.0) -> UnitProfile:
    """Everything the profile page shows about one unit, computed on the view."""
    a = view.assignments
    mine = a[a["unit"] == unit][["task_id", "role"]]
    tasks = view.tasks.merge(mine, on="task_id")[["task_id", "section", "section_title", "title", "role"]]
    wl = workload(a, view.units, lead_weight, support_weight)
    row = wl[wl["unit"] == unit]
    p = partners(a, unit)
    return UnitProfile(
        unit=unit, tasks=tasks, partners=p,
        lead=int((mine["role"] == "lead").sum()), support=int((mine["role"] == "support").sum()),
        weighted=float(row["weighted"].iloc[0]) if len(row) else 0.0,
        rank=int(row["rank"].iloc[0]) if len(row) else 0, units=len(wl),
        degree=len(p), sections=int(tasks["section"].nunique()),
        sections_total=int(view.tasks["section"].nunique()), ranking=wl,
    )


def profile_link(unit: str, lang: str | None = None) -> str:
    """Relative link to the unit's profile page: profile?focus=<unit, url-encoded> (and &lang=en)."""
    from urllib.parse import urlencode

    params = {"focus": unit, **({"lang": "en"} if lang == "en" else {})}
    return "profile?" + urlencode(params)



def head_with_ties(df: pd.DataFrame, n: int, column: str) -> pd.DataFrame:
    """The first n rows of a frame sorted by column (descending), plus any row tied with the n-th."""
    if len(df) <= n:
        return df
    cutoff = df[column].iloc[n - 1]
    return df[df[column] >= cutoff]
