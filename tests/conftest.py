"""Shared fixtures: the shipped dataset, a writable copy of the data folder, and AppTest on the real app."""

from __future__ import annotations

import shutil
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
APP = ROOT / "app.py"


@pytest.fixture(scope="session")
def ds():
    """The shipped Wuhan plan, loaded once."""
    from lib.data import load_dataset

    result = load_dataset(DATA)
    assert result.dataset is not None, [p.message("en") for p in result.problems]
    return result.dataset


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of data/ to break in a test."""
    dst = tmp_path / "data"
    shutil.copytree(DATA, dst, ignore=shutil.ignore_patterns("source"))
    return dst


@pytest.fixture(autouse=True)
def _fresh_caches(monkeypatch, tmp_path):
    """st.cache_* and ui.cached's store persist across AppTest instances in one process; every test starts clean,
    with its own empty progress ledger (never the repository's var/ledger.sqlite3) and its own folder of kept
    imported plans (never var/imports)."""
    from lib import ui

    monkeypatch.delenv("FENGONG_DATA_DIR", raising=False)
    monkeypatch.setenv("FENGONG_DB", str(tmp_path / "ledger.sqlite3"))
    monkeypatch.setenv("FENGONG_IMPORTS_DIR", str(tmp_path / "imports"))
    ui.clear_caches()
    yield
    from lib.ledger.store import close_stores

    close_stores()


def run_app(page: str | None = None, params: dict | None = None, data_dir: Path | None = None,
            monkeypatch=None) -> AppTest:
    """Run the real app.py (navigation and sidebar included), optionally on one page, with URL parameters."""
    if data_dir is not None:
        assert monkeypatch is not None
        monkeypatch.setenv("FENGONG_DATA_DIR", str(data_dir))
    at = AppTest.from_file(str(APP), default_timeout=60)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(f"views/{page}.py").run()
    return at


@contextmanager
def no_hang(seconds: int):
    """Fail (instead of hanging the suite) if the block runs longer than seconds; for backtracking guards only."""

    def _alarm(signum, frame):
        raise TimeoutError(f"still running after {seconds} s: catastrophic backtracking?")

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def captured_media(monkeypatch):
    """Bytes handed to Streamlit's media storage (download buttons), as (data, mimetype, filename)."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    seen: list[tuple[bytes, str, str | None]] = []
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        if isinstance(path_or_data, bytes):
            seen.append((path_or_data, mimetype, filename))
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    return seen
