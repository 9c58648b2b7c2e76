"""Shared results (ui.cached and the keys it reads), frozen figures, and what the pages show through them: a changed
widget or language always shows its own numbers, checked against tasks.csv; many data notes as one table."""

from __future__ import annotations

import copy
import csv
import functools
import json
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from lib import ui
from lib.charts.base import FrozenFigure, baked, data_revision, frozen, plain_arrays
from lib.charts.workload import workload_bars
from lib.data import load_dataset
from lib.i18n import t
from lib.scenes import matrix as mx_scene
from lib.scenes import network as nw_scene
from lib.scenes import overview as ov_scene
from lib.scenes import profile as pf_scene
from lib.scenes import timeline as tl_scene
from lib.scenes import workload as wl_scene
from lib.transforms import Filters, View, apply_filters, restrict_units, workload
from lib.ui import scenes as ui_scenes
from tests.conftest import DATA, run_app

# ---------- ui.cached ----------

CALLS: list[tuple] = []


def _step(*args, **kwargs):
    """Stands for a page's figure step: records every real computation and returns a new object."""
    CALLS.append((args, kwargs))
    return object()


def _other_step(*args, **kwargs):
    """A second step with the same arguments: must not be handed _step's result."""
    CALLS.append((args, kwargs))
    return object()


@pytest.fixture
def calls() -> list[tuple]:
    CALLS.clear()
    return CALLS


@pytest.fixture
def view(ds) -> View:
    return apply_filters(ds, Filters())


def test_same_view_and_options_computed_once(ds, view, calls):
    first = ui.cached(_step, view, "zh", 2.0)
    assert ui.cached(_step, view, "zh", 2.0) is first
    # a rerun filters again: an equal filter on the same plan is the same key
    assert ui.cached(_step, apply_filters(ds, Filters()), "zh", 2.0) is first
    assert len(calls) == 1
    assert calls[0][0][0] is view  # the function gets the arguments themselves


def test_every_keyed_difference_recomputes(ds, view, calls):
    first = ui.cached(_step, view, "zh", 2.0)
    other_plan = load_dataset(DATA).dataset  # same folder, loaded again: a new object with a new token
    assert other_plan.token != ds.token
    variants = [
        (apply_filters(ds, Filters(sections=(2,))), "zh", 2.0),
        (view, "en", 2.0),
        (view, "zh", 3.0),
        (apply_filters(other_plan, Filters()), "zh", 2.0),
    ]
    results = [ui.cached(_step, *args) for args in variants]
    assert len(calls) == 1 + len(variants)
    assert all(r is not first for r in results) and len({id(r) for r in results}) == len(results)
    # each is kept under its own key
    assert [ui.cached(_step, *args) for args in variants] == results
    assert ui.cached(_step, ds, "zh") is not ui.cached(_step, other_plan, "zh")
    assert len(calls) == 1 + len(variants) + 2


def test_a_different_function_is_a_different_key(view, calls):
    assert ui.cached(_step, view, "zh") is not ui.cached(_other_step, view, "zh")
    assert len(calls) == 2


def test_keyword_arguments_keyed_unless_underscored(view, calls):
    zh = ui.cached(_step, view, lang="zh", _notes=["a"])
    assert ui.cached(_step, view, lang="zh", _notes=["b"]) is zh  # passed, not keyed
    assert calls[0][1] == {"lang": "zh", "_notes": ["a"]}
    assert ui.cached(_step, view, lang="en", _notes=["a"]) is not zh
    assert len(calls) == 2


def test_true_and_one_are_different_keys(view, calls):
    assert ui.cached(_step, view, True) is not ui.cached(_step, view, 1)
    assert len(calls) == 2


def test_hand_built_view_is_computed_every_time(view, calls):
    by_hand = View(tasks=view.tasks, assignments=view.assignments, units=view.units)
    assert by_hand.key == ()
    assert ui.cached(_step, by_hand, "zh") is not ui.cached(_step, by_hand, "zh")
    # also when it only rides along inside a tuple
    assert ui.cached(_step, (by_hand,), "zh") is not ui.cached(_step, (by_hand,), "zh")
    assert len(calls) == 4


def test_unkeyable_argument_raises_naming_its_type(view, calls):
    with pytest.raises(TypeError, match="DataFrame"):
        ui.cached(_step, view.assignments)
    with pytest.raises(TypeError, match="DataFrame"):
        ui.cached(_step, view, table=view.units)
    assert calls == []


def test_only_named_module_level_functions_are_cached(view, calls):
    """The key names the function: two lambdas, or two closures over different values, would share one."""
    def make(value):
        def step(v):
            return value
        return step

    for fn in (lambda v: "first", make("second"), functools.partial(_step, "bound")):
        with pytest.raises(TypeError, match="module-level function"):
            ui.cached(fn, view)
    assert calls == []


# ---------- the keys views carry ----------

def test_equal_filters_give_equal_keys(ds):
    assert apply_filters(ds, Filters(sections=(2,), roles=("lead",))).key == \
        apply_filters(ds, Filters(sections=(2,), roles=("lead",))).key
    assert apply_filters(ds, Filters(sections=(2,))).key != apply_filters(ds, Filters(sections=(3,))).key
    assert apply_filters(ds, Filters()).key != apply_filters(load_dataset(DATA).dataset, Filters()).key


def test_restricted_views_have_their_own_keys(view):
    few = restrict_units(view, ["市发改委", "市经信局"])
    assert few.key and few.key != view.key
    assert restrict_units(view, ["市经信局", "市发改委"]).key == few.key  # a set of units: order does not matter
    assert restrict_units(view, ["市发改委", "东湖高新区"]).key != few.key
    by_hand = View(tasks=view.tasks, assignments=view.assignments, units=view.units)
    assert restrict_units(by_hand, ["市发改委"]).key == ()  # stays uncached


# ---------- frozen figures ----------

@pytest.fixture
def fig(ds) -> go.Figure:
    return workload_bars(workload(ds.assignments, ds.units), "zh", weighted=True)


def test_frozen_figure_sends_what_the_figure_would(fig):
    before = fig.to_dict()
    f = frozen(fig)
    assert isinstance(f, go.Figure) and frozen(f) is f
    # what it would send, its template written into it (lib.charts.base.baked) and a data revision
    sent = baked(copy.deepcopy(before))
    sent["data"] = [plain_arrays(trace) for trace in sent["data"]]
    sent["layout"]["datarevision"] = data_revision(sent)
    assert f.to_dict() == sent and "template" not in f.to_dict()["layout"]
    assert f.to_dict() is f.to_dict()  # built once, not on every rerun
    assert pio.to_json(f) == pio.to_json(sent, validate=False)
    assert pio.to_json(f) == pio.to_json(f)  # serialising does not wear the shared dict
    assert f.layout.height == fig.layout.height and f.layout.height
    assert [tr.name for tr in f.data] == [tr.name for tr in fig.data]


def test_frozen_figure_sends_numbers_as_plain_lists():
    # plotly.js redraws a chart whose one-dimensional typed array it decoded again (a new object each time), so a
    # frozen figure sends numpy columns as lists of the same numbers; a heatmap's 2-D z may stay a typed array
    import numpy as np

    x = np.array([1.5, 2.0, np.nan, 1e-9, 123456789.123])
    fig = go.Figure([go.Bar(x=x, y=np.arange(5), marker=dict(color=np.array([3, 1, 4, 1, 5]))),
                     go.Heatmap(z=np.arange(6, dtype=np.int8).reshape(2, 3))])
    assert "bdata" in fig.to_dict()["data"][0]["x"]  # what plotly itself would send
    sent = json.loads(pio.to_json(frozen(fig)))
    bar = sent["data"][0]
    assert bar["x"] == [1.5, 2.0, None, 1e-9, 123456789.123] and bar["y"] == [0, 1, 2, 3, 4]
    assert bar["marker"]["color"] == [3, 1, 4, 1, 5]
    assert sent["data"][1]["z"]["shape"] == "2, 3"


def test_a_copy_of_a_frozen_figure_changes_alone(fig):
    f = frozen(fig)
    sent = pio.to_json(f)
    copy = go.Figure(f)
    assert not isinstance(copy, FrozenFigure)
    copy.update_layout(height=123, title_text="改过")
    copy.data[0].name = "changed"
    assert copy.to_dict()["layout"]["height"] == 123 and copy.to_dict()["data"][0]["name"] == "changed"
    assert pio.to_json(f) == sent
    assert f.layout.height == fig.layout.height and f.data[0].name == "牵头"


def _pruned(value):
    """A figure's JSON without empty objects, which draw nothing."""
    if isinstance(value, dict):
        return {k: _pruned(v) for k, v in value.items() if v != {}}
    if isinstance(value, list):
        return [_pruned(v) for v in value]
    return value


def test_deep_copy_and_pickle_of_a_frozen_figure_leave_it_whole(fig):
    import copy
    import pickle

    f = frozen(fig)
    sent = pio.to_json(f)
    for twin in (copy.deepcopy(f), pickle.loads(pickle.dumps(f))):
        # the same figure (plotly drops an empty `title: {}` when it rebuilds one from its dict)
        assert isinstance(twin, FrozenFigure) and _pruned(json.loads(pio.to_json(twin))) == _pruned(json.loads(sent))
        assert twin.to_dict() is not f.to_dict()
    assert pio.to_json(f) == sent and "_grid_str" not in f.to_dict()


# ---------- shared builders never change what they share ----------

def test_page_steps_leave_the_plan_and_view_unchanged(ds):
    view = apply_filters(ds, Filters(sections=(2, 5)))
    frames = {f"ds.{n}": getattr(ds, n) for n in ("units", "tasks", "phases", "assignments", "overlaps")}
    frames |= {f"view.{n}": getattr(view, n) for n in ("tasks", "assignments", "units")}
    before = {n: df.copy(deep=True) for n, df in frames.items()}

    wl = wl_scene.workload(view, "zh", 2.0, "weighted")
    wl_scene.workload_charts(view, "zh", 2.0, "weighted", 5, 14, _wl=wl.wl)
    ov_scene.overview(ds, view, "en", pd.Timestamp("2024-06-05").date(), 14)
    mx_scene.matrix(view, "zh", "load", 5, 14)
    mx_scene.task_detail(ds, "5.2", "en")
    tl_scene.timeline(ds, "zh", pd.Timestamp("2024-06-05").date(), 14)
    base = nw_scene.network_base(view, False)
    scene = nw_scene.network_scene(view, False, True, _base=base)
    nw_scene.network_chart(view, False, True, 1, "weighted_degree", "category", 10, "zh", 14, 640, _scene=scene)
    nw_scene.network_tables(view, False, True, "en", _scene=scene)
    nw_scene.ego_table(ds, view, "市经信局", False, "zh")
    scope, _ = pf_scene.profile_options(ds, (2, 5))
    pf_scene.profile(ds, (2, 5), "市经信局", 2.0, "en", 14, 30, _scope=scope)

    for name, df in frames.items():
        pd.testing.assert_frame_equal(df, before[name], obj=name)


# ---------- through the app: never a stale page ----------

def _tasks_csv(folder: Path = DATA) -> list[dict]:
    with open(folder / "tasks.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _units(cell: str) -> list[str]:
    return [u for u in cell.split("、") if u]


def _load_from_csv(sections: set[int] | None = None) -> dict[str, tuple[int, int]]:
    """(lead, support) per unit straight from tasks.csv, in the given areas; a lead also listed as support counts once."""
    out: dict[str, list[int]] = {}
    for row in _tasks_csv():
        if sections and int(row["section"]) not in sections:
            continue
        leads = _units(row["lead_units"])
        for u in dict.fromkeys(leads):
            out.setdefault(u, [0, 0])[0] += 1
        for u in dict.fromkeys(_units(row["support_units"])):
            if u not in leads:
                out.setdefault(u, [0, 0])[1] += 1
    return {u: (lead, support) for u, (lead, support) in out.items()}


def _workload_table(at) -> pd.DataFrame:
    (df,) = [d.value for d in at.dataframe if "排名" in d.value.columns or "Rank" in d.value.columns]
    return df


def _assert_workload_shown(at, weight: float, sections: set[int] | None = None):
    """The workload page's table and metrics show tasks.csv's loads at this weight, in these areas."""
    expected = {u: (lead, support, lead * weight + support) for u, (lead, support) in _load_from_csv(sections).items()}
    table = _workload_table(at)
    shown = {u: (lead, support, w) for u, lead, support, w in
             zip(table["单位"], table["牵头任务数"], table["责任任务数"], table["加权工作量"])}
    assert shown == expected
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["承担任务的单位"] == str(len(expected))
    assert metrics["加权工作量合计"] == f"{sum(w for _, _, w in expected.values()):g}"


def test_lead_weight_change_shows_new_numbers_and_back():
    at = run_app("workload")
    _assert_workload_shown(at, 2.0)
    for weight in (3.0, 2.0, 3.0, 0.5):  # back and forth: a result kept for one weight never shows for another
        at.number_input(key="wl_lead_weight").set_value(weight).run()
        assert not at.exception
        _assert_workload_shown(at, weight)
    assert {m.label: m.value for m in at.metric}["加权工作量合计"] == "105"  # 24 × 0.5 + 93


def test_section_filter_change_shows_new_numbers_and_back():
    at = run_app("workload")
    for sections in ([2], [3, 5], [2], []):
        at.multiselect(key="f_section").set_value(sections).run()
        assert not at.exception
        _assert_workload_shown(at, 2.0, set(sections))


def test_a_second_visitor_sees_the_same_filters_numbers():
    """Results are shared across sessions: a second session with other filters still sees its own."""
    first = run_app("workload", params={"section": "2"})
    second = run_app("workload")
    _assert_workload_shown(first, 2.0, {2})
    _assert_workload_shown(second, 2.0)


WORKLOAD_RUNS: list[tuple] = []
_REAL_WORKLOAD = wl_scene.workload


def _workload_spy(view, *options):
    """wl_scene.workload, recording the options of every real computation (ui.cached takes no closures)."""
    WORKLOAD_RUNS.append(options)
    return _REAL_WORKLOAD(view, *options)


@pytest.fixture
def workload_runs(monkeypatch) -> list[tuple]:
    """The options each real computation of the workload page's tables ran with (cache hits are not counted)."""
    WORKLOAD_RUNS.clear()
    monkeypatch.setattr(ui_scenes, "workload", ui_scenes.cached_function(_workload_spy))
    return WORKLOAD_RUNS


def test_reruns_and_other_sessions_reuse_the_workload_tables(workload_runs):
    at = run_app("workload")
    at.run()
    at.switch_page("views/overview.py").run()
    at.switch_page("views/workload.py").run()
    run_app("workload")  # another visitor, same plan and filters
    assert workload_runs == [("zh", 2.0, "weighted")]
    at.radio(key="wl_measure").set_value("count").run()
    at.radio(key="wl_measure").set_value("weighted").run()
    assert workload_runs == [("zh", 2.0, "weighted"), ("zh", 2.0, "count")]


def _overview_words(at) -> tuple:
    """The overview's language-bound words: metric labels, the areas table's columns, the top chart's bar names."""
    (by_section,) = at.dataframe
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return ([m.label for m in at.metric], by_section.value.columns.tolist(),
            [tr["name"] for tr in spec["data"] if tr["type"] == "bar"])


def test_language_round_trip_gives_each_language_its_own_words():
    at = run_app("workload")
    zh_columns = _workload_table(at).columns.tolist()
    at.radio(key="lang").set_value("en").run()
    table = _workload_table(at)
    assert table.columns[:2].tolist() == ["Rank", "Unit"]
    assert table["Unit"].iloc[0] == "East Lake High-tech Development Zone"
    at.radio(key="lang").set_value("zh").run()
    assert not at.exception
    table = _workload_table(at)
    assert table.columns.tolist() == zh_columns and table["单位"].iloc[0] == "东湖高新区"
    assert at.title[0].value == "工作量"

    at.switch_page("views/overview.py").run()
    zh = _overview_words(at)
    assert zh[2] == ["牵头", "责任"] and "牵头" in zh[1]
    at.radio(key="lang").set_value("en").run()
    labels, columns, bars = _overview_words(at)
    assert labels[:2] == ["Areas of work", "Tasks"] and "Lead" in columns and bars == ["Lead", "Support"]
    at.radio(key="lang").set_value("zh").run()
    assert _overview_words(at) == zh


# ---------- the overview's data notes ----------

def _add_overlaps(folder: Path, n: int) -> None:
    """List the lead of the first n tasks among its supports too: one lead-and-support note each."""
    rows = _tasks_csv(folder)
    for row in rows[:n]:
        row["support_units"] += "、" + _units(row["lead_units"])[0]
    with open(folder / "tasks.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _overlaps(folder: Path) -> list[tuple[int, str, str]]:
    """(file row, task id, unit) of every lead also listed as support, the header being row 1."""
    return [(i, row["task_id"], u) for i, row in enumerate(_tasks_csv(folder), start=2)
            for u in _units(row["lead_units"]) if u in _units(row["support_units"])]


def _notes_tables(at) -> list[pd.DataFrame]:
    return [d.value for d in at.dataframe if {"行", "Row"} & set(d.value.columns)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_many_notes_show_as_one_warning_and_a_table(lang, data_copy, monkeypatch):
    _add_overlaps(data_copy, 5)
    with open(data_copy / "units.csv", encoding="utf-8") as f:
        lines = f.read().splitlines()
    (data_copy / "units.csv").write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    overlaps = _overlaps(data_copy)
    assert len(overlaps) == 6  # the five made here and the document's own 5.2

    at = run_app(params={"lang": lang}, data_dir=data_copy, monkeypatch=monkeypatch)
    assert not at.exception and not at.error
    assert [w.value for w in at.warning] == [t("ov_quality_many", lang, n=7)]
    assert "7" in at.warning[0].value
    (table,) = _notes_tables(at)
    file, row, column, note = (t(k, lang) for k in ("ov_note_file", "ov_note_row", "ov_note_column", "ov_note_text"))
    assert table.columns.tolist() == [file, row, column, note]
    got = sorted(zip(table[file], table[row].astype(int), table[column]))
    expected = sorted([("tasks.csv", r, "support_units") for r, _, _ in overlaps]
                      + [("units.csv", len(lines) + 1, "unit")])
    assert got == expected
    for r, task_id, unit in overlaps:  # each sentence names its task and unit
        (sentence,) = table.loc[(table[file] == "tasks.csv") & (table[row] == r), note]
        assert task_id in sentence and unit in sentence


@pytest.mark.parametrize("added", [0, 4])
def test_up_to_five_notes_are_boxes_without_a_table(added, data_copy, monkeypatch):
    _add_overlaps(data_copy, added)
    overlaps = _overlaps(data_copy)
    assert len(overlaps) == added + 1
    at = run_app(data_dir=data_copy, monkeypatch=monkeypatch)
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert len(warnings) == len(overlaps)
    for (r, task_id, unit), sentence in zip(overlaps, warnings):
        assert task_id in sentence and unit in sentence and f"第 {r} 行" in sentence
    assert _notes_tables(at) == []


def test_notes_table_follows_the_language(data_copy, monkeypatch):
    _add_overlaps(data_copy, 5)  # six notes: the fewest shown as a table
    at = run_app(data_dir=data_copy, monkeypatch=monkeypatch)
    assert len(at.warning) == 1
    assert _notes_tables(at)[0].columns.tolist() == ["文件", "行", "列", "说明"]
    at.radio(key="lang").set_value("en").run()
    (table,) = _notes_tables(at)
    assert table.columns.tolist() == ["File", "Row", "Column", "Note"]
    assert all(sentence.startswith("Task ") for sentence in table["Note"])
    at.radio(key="lang").set_value("zh").run()
    assert _notes_tables(at)[0].columns.tolist() == ["文件", "行", "列", "说明"]
