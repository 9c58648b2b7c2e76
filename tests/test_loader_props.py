"""Property tests on the loader: whatever bytes sit in units.csv / tasks.csv / phases.csv, loading gives a
LoadResult (a dataset, or errors whose messages name the file), never an exception.

Inputs mix random bytes, CSV text built from the real column names with awkward cells (numbers that are not,
dates out of range, separators, quotes, NUL), several encodings, and the shipped files with bytes flipped.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lib.data import (
    PHASE_COLUMNS,
    TASK_COLUMNS,
    UNIT_COLUMNS,
    LoadResult,
    Problem,
    decode_bytes,
    load_dataset,
    read_csv_text,
)
from tests.conftest import DATA

FILES = {"units.csv": UNIT_COLUMNS, "tasks.csv": TASK_COLUMNS, "phases.csv": PHASE_COLUMNS}
SHIPPED = {name: (DATA / name).read_bytes() for name in FILES}
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

AWKWARD_CELLS = ["", " ", "1", "2", "2.5", "-1", "0", "1e400", "inf", "-inf", "nan", "NaN", "1_000", "２",
                 "2024-03-26", "2024-13-45", "0001-01-01", "1677-09-21", "2262-04-12", "9999-12-31", "99999-01-01",
                 "2024-03-26T25:00", "government", "party", "district", "collective", "GOVERNMENT", "phase",
                 "milestone", "Milestone", "市发改委", "市发改委、东湖高新区", "市发改委,市发改委", "、、", "true",
                 '"', '""', "\x00", "\r", "=1+1", "<img src=x onerror=alert(1)>", "x" * 300]
HEADER_EXTRA = ["_row", "owner", "lead_inferred", "", " unit", "unit ", "\ufeffunit", "UNIT", "task_id"]


@st.composite
def csv_texts(draw, required: tuple[str, ...]) -> str:
    """CSV text with (most of) the required columns, extra or repeated ones, and awkward cells."""
    header = draw(st.lists(st.sampled_from([*required, *HEADER_EXTRA]), min_size=1, max_size=len(required) + 3))
    if draw(st.booleans()):
        header = list(dict.fromkeys([*required, *header]))
    cell = st.one_of(st.sampled_from(AWKWARD_CELLS), st.text(max_size=12))
    rows = draw(st.lists(st.lists(cell, min_size=0, max_size=len(header) + 2), max_size=6))
    sep = draw(st.sampled_from(["\n", "\r\n", "\r"]))

    def quote(c: str) -> str:
        return '"' + c.replace('"', '""') + '"' if draw(st.booleans()) else c

    return sep.join(",".join(quote(c) for c in row) for row in [header, *rows]) + draw(st.sampled_from(["", sep]))


def encoded(text_strategy):
    return st.tuples(text_strategy, st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "latin-1"])).map(
        lambda te: te[0].encode(te[1], errors="replace"))


@st.composite
def flipped(draw, raw: bytes) -> bytes:
    """The shipped file with a few bytes changed, cut short or doubled."""
    data = bytearray(raw)
    for _ in range(draw(st.integers(0, 4))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    cut = draw(st.integers(0, len(data)))
    return bytes(data[:cut]) if draw(st.booleans()) else bytes(data) + bytes(data[:cut])


def file_bytes(name: str):
    """Bytes for one file, or None for a missing file."""
    return st.one_of(
        st.none(),
        st.binary(max_size=300),
        encoded(csv_texts(FILES[name])),
        flipped(SHIPPED[name]),
        st.just(SHIPPED[name]),
    )


def _check(result, folder: Path) -> None:
    assert isinstance(result, LoadResult)
    for p in result.problems:
        assert isinstance(p, Problem) and p.level in ("error", "warning")
        for lang in ("zh", "en"):
            msg = p.message(lang)
            assert isinstance(msg, str) and msg.strip()
            assert p.file in msg, (p, msg)
        assert p.file in (*FILES, "plan.csv", "aliases.csv", str(folder)), p
    if result.dataset is None:
        assert result.errors, "no dataset but no error saying why"
        return
    assert not result.errors
    ds = result.dataset
    assert set(ds.assignments["role"]) <= {"lead", "support"}
    assert not ds.assignments.duplicated(["task_id", "unit"]).any()
    assert set(ds.assignments["unit"]) <= set(ds.units["unit"])
    assert set(ds.assignments["task_id"]) <= set(ds.tasks["task_id"])
    assert ds.tasks["task_id"].is_unique and ds.units["unit"].is_unique
    assert all(isinstance(s, int) for s in ds.tasks["section"])
    assert str(ds.phases["start"].dtype).startswith("datetime64")


@SETTINGS
@given(units=file_bytes("units.csv"), tasks=file_bytes("tasks.csv"), phases=file_bytes("phases.csv"))
@example(units=SHIPPED["units.csv"], tasks=SHIPPED["tasks.csv"], phases=SHIPPED["phases.csv"])
@example(units=SHIPPED["units.csv"], tasks=SHIPPED["tasks.csv"].replace(b"1.1,1,", b"1.1,inf,", 1),
         phases=SHIPPED["phases.csv"])
@example(units=b"_row,unit,full_name,name_en,category\n1,a,a,a,party\n", tasks=SHIPPED["tasks.csv"],
         phases=SHIPPED["phases.csv"])
@example(units=SHIPPED["units.csv"], tasks=SHIPPED["tasks.csv"],
         phases=b"name,name_en,kind,start,end,description\nx,x,phase,2024-01-01,9999-12-31,d\n")
def test_any_files_give_a_load_result(units, tasks, phases):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, raw in (("units.csv", units), ("tasks.csv", tasks), ("phases.csv", phases)):
            if raw is not None:
                (folder / name).write_bytes(raw)
        result = load_dataset(folder)
        _check(result, folder)
        if units is None or tasks is None:
            assert result.dataset is None
            assert any(p.code == "file_missing" for p in result.errors)


@SETTINGS
@given(raw=st.one_of(st.binary(max_size=400), encoded(st.text(max_size=200))))
def test_decode_bytes_returns_text_or_names_the_file(raw):
    problems: list[Problem] = []
    text = decode_bytes(raw, "units.csv", problems)
    if text is None:
        assert len(problems) == 1 and problems[0].level == "error" and "units.csv" in problems[0].message("en")
    else:
        assert isinstance(text, str) and not problems


@SETTINGS
@given(text=st.one_of(st.text(max_size=300), csv_texts(TASK_COLUMNS)))
def test_read_csv_text_returns_a_frame_or_a_problem(text):
    problems: list[Problem] = []
    df = read_csv_text(text, "tasks.csv", TASK_COLUMNS, problems)
    if df is None:
        assert problems and all(p.file == "tasks.csv" for p in problems)
        assert all("tasks.csv" in p.message(lang) for p in problems for lang in ("zh", "en"))
    else:
        assert isinstance(df, pd.DataFrame) and not problems
        assert df.columns[0] == "_row" and set(TASK_COLUMNS) <= set(df.columns)
        assert df["_row"].tolist() == sorted(df["_row"]) and (df["_row"] >= 2).all()
