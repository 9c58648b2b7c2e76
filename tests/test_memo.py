"""The shared result cache (ui.MEMO) is bounded in bytes: sizes estimated once when stored, least recently used
dropped first, the limit from FENGONG_CACHE_MB."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa

from lib import ui
from lib.charts.base import frozen
from tests.conftest import run_app

MB = 1024 * 1024


def test_limit_from_environment():
    assert ui.cache_limit_bytes({}) == ui.CACHE_MB_DEFAULT * MB
    assert ui.cache_limit_bytes({"FENGONG_CACHE_MB": "64"}) == 64 * MB
    assert ui.cache_limit_bytes({"FENGONG_CACHE_MB": " 0.5 "}) == MB // 2
    for bad in ("", "abc", "0", "-5", "nan", "inf"):
        assert ui.cache_limit_bytes({"FENGONG_CACHE_MB": bad}) == ui.CACHE_MB_DEFAULT * MB, bad
    assert ui.MEMO.max_bytes == ui.cache_limit_bytes()
    assert 16 * MB <= ui.MEMO.max_bytes <= 4096 * MB


def test_sizes_of_what_pages_cache():
    """Arrow tables by their buffers, figures by their JSON, frames by deep memory, containers add up."""
    df = pd.DataFrame({"unit": [f"单位{i}" for i in range(2000)], "n": range(2000)})
    table = pa.Table.from_pandas(df, preserve_index=False)
    assert ui.estimate_bytes(table) == table.nbytes
    assert ui.estimate_bytes(df) == int(df.memory_usage(deep=True).sum())
    fig = frozen(go.Figure(go.Bar(x=df["unit"].tolist(), y=df["n"].tolist())))
    assert ui.estimate_bytes(fig) >= len(json.dumps(fig.to_dict()["data"], ensure_ascii=False).encode()) // 2
    both = ui.estimate_bytes((table, fig))
    assert both >= ui.estimate_bytes(table) + ui.estimate_bytes(fig)
    assert ui.estimate_bytes((table, table)) < 2 * table.nbytes  # one object held twice counts once


def test_plan_itself_not_counted(ds):
    """A result that carries the plan does not count it: LOADS holds the plan, not MEMO."""
    assert ui.estimate_bytes(ds) == 0
    assert ui.estimate_bytes({"plan": ds, "n": 1}) < 1000


def _memo(limit: int) -> ui.Memo:
    return ui.Memo(max_bytes=limit, sizer=len)  # bytes values sized by their length


def test_least_recently_used_goes_first_and_total_stays_under_limit():
    memo = _memo(1000)
    calls: list[str] = []

    def value(key: str, size: int):
        return lambda: calls.append(key) or b"x" * size

    memo.get("a", value("a", 400))
    memo.get("b", value("b", 400))
    memo.get("a", value("a", 400))  # a is now the most recently used
    memo.get("c", value("c", 400))  # 1,200 > 1,000: b goes
    assert memo.nbytes == 800 and len(memo) == 2
    memo.get("a", value("a", 400))
    memo.get("c", value("c", 400))
    assert calls == ["a", "b", "c"]  # both still kept
    memo.get("b", value("b", 400))  # computed again; a is the oldest now and goes
    assert calls == ["a", "b", "c", "b"]
    memo.get("a", value("a", 400))
    assert calls[-1] == "a"
    assert memo.nbytes <= 1000


def test_entry_larger_than_limit_returned_not_kept():
    memo = _memo(1000)
    memo.get("small", lambda: b"s" * 100)
    assert memo.get("huge", lambda: b"h" * 5000) == b"h" * 5000
    assert len(memo) == 1 and memo.nbytes == 100  # the small one was not pushed out for nothing
    calls = []
    memo.get("huge", lambda: calls.append(1) or b"h" * 5000)
    assert calls == [1]


def test_clear_resets_size():
    memo = _memo(1000)
    memo.get("a", lambda: b"a" * 300)
    memo.clear()
    assert memo.nbytes == 0 and len(memo) == 0


def test_app_pages_stay_within_a_small_limit(monkeypatch):
    """With a 1 MB limit every page of the real app still runs and shows its charts; the cache never exceeds it."""
    monkeypatch.setattr(ui.cache, "MEMO", ui.Memo(max_bytes=MB))
    at = run_app()
    for page in ("matrix", "workload", "network", "profile", "export"):
        at.switch_page(f"views/{page}.py").run()
        assert not at.exception, (page, at.exception)
        assert ui.cache.MEMO.nbytes <= MB
    assert len(ui.cache.MEMO) > 0
    # the same pages again: still no exception, charts drawn from what was kept or rebuilt
    at.switch_page("views/network.py").run()
    assert not at.exception and len(at.get("plotly_chart")) >= 1
