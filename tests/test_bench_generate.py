"""The benchmark's plan generator: the shape asked for, loads cleanly, heavy-tailed like a real plan, repeatable."""

from __future__ import annotations

import filecmp

import pytest

from bench.generate import generate, shape, write
from lib.data import load_dataset
from lib.vocabulary import CATEGORIES


@pytest.fixture(scope="module")
def plan2(tmp_path_factory):
    """A plan at 2× the document, written and loaded through the app's own loader."""
    folder = write(generate(2, seed=1), tmp_path_factory.mktemp("plan2"))
    return folder, load_dataset(folder)


def test_shape_at_twice_the_document(plan2):
    _, result = plan2
    ds = result.dataset
    assert len(ds.tasks) == 48
    assert ds.tasks["section"].nunique() == 12  # 6·ceil(√2)
    assert len(ds.units) == 41  # 29·√2
    assert ds.units["listed"].all()  # every unit named in a task is in units.csv
    assert set(ds.units["category"]) == {"government", "party", "district", "other"}
    leads = ds.tasks["lead_units"].map(len)
    supports = ds.tasks["support_units"].map(len)
    assert (leads == 1).all()
    assert supports.between(1, 11).all()
    assert not ds.phases.empty and ds.phases["kind"].isin(["phase", "milestone"]).all()
    assert ds.phases["start"].notna().all() and (ds.phases["end"] >= ds.phases["start"]).all()


def test_loads_with_no_errors(plan2):
    _, result = plan2
    assert result.dataset is not None
    assert result.errors == []
    # the only warning is the document's own quirk: a lead also listed as support
    assert {p.code for p in result.warnings} <= {"lead_and_support"}


def test_every_unit_takes_part(plan2):
    _, result = plan2
    ds = result.dataset
    assert set(ds.assignments["unit"]) == set(ds.units["unit"])


def test_heavy_tail_a_few_units_in_most_tasks(plan2):
    _, result = plan2
    ds = result.dataset
    counts = ds.assignments["unit"].value_counts()
    top5_share = counts.head(5).sum() / len(ds.assignments)
    uniform_share = 5 / len(ds.units)
    assert top5_share > 2.5 * uniform_share, (top5_share, uniform_share)
    assert counts.iloc[0] > len(ds.tasks) / 2  # the busiest unit is in most tasks, as 东湖高新区 is
    assert counts.iloc[-1] <= 3  # and the tail takes part in a task or two


def test_shape_at_100x_is_the_benchmark_size():
    s = shape(100)
    assert (s.tasks, s.sections, s.units) == (2400, 60, 290)
    assert shape(1) == shape(1.0) and (shape(1).tasks, shape(1).sections, shape(1).units) == (24, 6, 29)


def test_categories_are_the_loaders():
    assert set(generate(1, seed=3)["units"]["category"]) <= set(CATEGORIES)


def test_deterministic_per_seed(tmp_path):
    a = write(generate(2, seed=7), tmp_path / "a")
    b = write(generate(2, seed=7), tmp_path / "b")
    c = write(generate(2, seed=8), tmp_path / "c")
    names = ["units.csv", "tasks.csv", "phases.csv", "plan.csv"]
    match, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
    assert match == names and not mismatch and not errors
    assert (a / "tasks.csv").read_bytes() != (c / "tasks.csv").read_bytes()


def test_command_line_writes_a_loadable_folder(tmp_path):
    from bench.generate import main

    main(["--scale", "2", "--out", str(tmp_path / "cli"), "--seed", "1"])
    assert load_dataset(tmp_path / "cli").errors == []
