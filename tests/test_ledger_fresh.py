"""What the pages build from the ledger is cached (lib.ui.scenes.progress_page and progress_line, shared by every
session of a process, keyed by the store's label, the plan key and Store.revision), and it is never stale: a record
written by another session, another replica (its own engine and connections to the same database) or another
process changes the revision the next rerun reads, so the next rerun shows it. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import multiprocessing

import pytest

from lib.ledger import status as S
from lib.ledger.store import Report, Store
from lib.ui import scenes
from tests.conftest import run_app
from tests.ledger_support import backends, fresh_database, update, write_worker

TODAY = dt.date(2024, 10, 20)


@pytest.fixture(params=backends())
def db_url(request, tmp_path, monkeypatch):
    url, cleanup = fresh_database(request.param, tmp_path)
    monkeypatch.setenv("FENGONG_DB", url)
    yield url
    cleanup()


@pytest.fixture
def replicas(db_url):
    """Two stores on one database, as two replicas behind nginx have: each its own engine and connections."""
    here, there = Store(db_url), Store(db_url)
    yield here, there
    here.engine.dispose()
    there.engine.dispose()


def test_revision_moves_with_every_new_record_from_anywhere(replicas, db_url):
    here, there = replicas
    seen = [here.revision("p")]
    assert seen[0] == (0, 0, 0, 0)
    there.add_update(update("p", "1.1", key="u1"))
    seen.append(here.revision("p"))
    there.add_update(update("p", "1.1", key="u1"))  # the same record sent twice adds nothing: nothing to rebuild
    assert here.revision("p") == seen[-1]
    there.add_report(Report(idem_key="r1", plan_key="p", milestone="报送阶段性总结", unit="市发改委",
                            handed_in=dt.date(2024, 5, 30), recorded_by="办公室"))
    seen.append(here.revision("p"))
    there.add_update(update("another-plan", "1.1"))  # another plan's record: this plan's pages stay as they are
    assert here.revision("p") == seen[-1]
    with multiprocessing.get_context("spawn").Pool(1) as pool:  # another process, its own engine
        assert pool.starmap(write_worker, [(db_url, 0, 2, 0, "p")]) == [2]
    seen.append(here.revision("p"))
    assert len(set(seen)) == len(seen)  # every new record of the plan, a new revision
    assert (seen[-1][0], seen[-1][2]) == (3, 1)


def test_cached_page_and_line_follow_another_replicas_writes(replicas, ds):
    here, there = replicas
    key = S.plan_key(ds)

    def page():  # exactly as views/progress.py keys it
        revision = (here.label, key, *here.revision(key))
        return scenes.progress_page(ds, revision, TODAY, 14, 15, None, "zh", 16, _store=here, _plan_key=key)

    def line():  # as lib.ui.page_context.progress_line keys it
        revision = (here.label, key, *here.revision(key))
        return scenes.progress_line(ds, revision, TODAY, "zh", _store=here, _plan_key=key)

    first = page()
    assert first.progress.counts["reported"] == 0 and first.updates.empty
    assert page() is first  # a warm rerun rebuilds nothing
    there.add_update(update(key, "2.3", unit="市发改委", status="in_progress", percent=40, as_of=TODAY))
    second = page()
    assert second is not first and second.progress.counts["reported"] == 1
    assert second.updates["task_id"].tolist() == ["2.3"]
    assert line().startswith("进展（截至 2024-10-20）：1/24 项任务已报送进展")
    there.add_update(update(key, "1.1", unit="市发改委", status="done", percent=100, as_of=TODAY))
    assert page().progress.counts["done"] == 1
    assert line().startswith("进展（截至 2024-10-20）：2/24 项任务已报送进展，1 项已完成")


def test_pages_show_a_record_saved_by_another_replica_on_their_next_rerun(db_url, ds, monkeypatch):
    monkeypatch.setenv("FENGONG_TODAY", "2024-10-20")
    progress, overview = run_app("progress"), run_app()  # two users' sessions, both caching
    assert not progress.exception and not overview.exception
    assert {m.label: m.value for m in progress.metric}["已报送进展的任务"] == "0 / 24"
    other = Store(db_url)  # the other replica
    other.add_update(update(S.plan_key(ds), "2.3", unit="市发改委", status="done", percent=100,
                            as_of=dt.date(2024, 10, 1)))
    progress.run()
    overview.run()
    assert {m.label: m.value for m in progress.metric}["已报送进展的任务"] == "1 / 24"
    assert {m.label: m.value for m in progress.metric}["已完成"] == "1"
    assert "进展（截至 2024-10-20）：1/24 项任务已报送进展，1 项已完成；红色预警 0 项、黄色 0 项、蓝色 23 项。" in [
        c.value for c in overview.caption]
    other.engine.dispose()
