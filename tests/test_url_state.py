"""The URL the app writes reproduces the view (issue 15): a unit whose name holds a comma round-trips."""

from __future__ import annotations

import pandas as pd

from lib.ui import url_values
from tests.conftest import run_app

COMMA_UNIT = "经信,科技局"


def _rename(folder, old: str, new: str) -> None:
    for name in ("units.csv", "tasks.csv"):
        path = folder / name
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        df = df.map(lambda v: v.replace(old, new) if isinstance(v, str) else v)
        df.to_csv(path, index=False)


def test_url_values_keep_a_name_with_a_comma():
    valid = {COMMA_UNIT: 1, "市发改委": 1, "市财政局": 1}
    assert url_values(COMMA_UNIT, valid) == [COMMA_UNIT]
    assert url_values(f"市发改委,{COMMA_UNIT},市财政局", valid) == ["市发改委", COMMA_UNIT, "市财政局"]
    assert url_values("市发改委,,不存在局", valid) == ["市发改委"]
    assert url_values("," * 10000, valid) == []


def test_unit_with_a_comma_round_trips_through_the_url(data_copy, monkeypatch):
    _rename(data_copy, "市经信局", COMMA_UNIT)
    at = run_app(data_dir=data_copy, monkeypatch=monkeypatch)
    at.multiselect(key="f_unit").set_value([COMMA_UNIT, "市财政局"]).run()
    assert not at.exception
    written = at.query_params["unit"]
    params = {"unit": written}
    again = run_app(params=params, data_dir=data_copy, monkeypatch=monkeypatch)
    assert not again.exception
    assert again.multiselect(key="f_unit").value == [COMMA_UNIT, "市财政局"]


def test_nested_paths_flatten_to_their_first_segment():
    from serve import flat_path

    assert flat_path("/matrix/extra") == "/matrix"
    assert flat_path("/nope/a/b/") == "/nope"  # an unknown page: Streamlit's own "page not found"
    assert flat_path("/matrix") is None and flat_path("/") is None
    for served in ("/_stcore/health", "/static/js/index.js", "/component/x/y", "/media/abc.png", "/app/static/a",
                   "/matrix/_stcore/health", "/matrix/static/js/index.js"):
        assert flat_path(served) is None
