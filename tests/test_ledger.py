"""The ledger's store against SQLite and a real PostgreSQL: migrations, append-only updates, idempotency keys,
plans kept apart, several threads and processes writing at once."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import threading

import pytest
import sqlalchemy as sa

from lib.ledger import migrations
from lib.ledger.store import LedgerConfigError, Report, Store, database_url
from tests.ledger_support import backends, fresh_database, update, write_worker


@pytest.fixture(params=backends())
def db_url(request, tmp_path):
    url, cleanup = fresh_database(request.param, tmp_path)
    yield url
    cleanup()


@pytest.fixture
def store(db_url):
    s = Store(db_url)
    yield s
    s.engine.dispose()


def test_database_url_from_fengong_db(tmp_path, monkeypatch):
    monkeypatch.delenv("FENGONG_DB", raising=False)
    assert database_url().endswith("/var/ledger.sqlite3")
    assert database_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    assert database_url("postgresql://u:p@db/fengong") == "postgresql+psycopg://u:p@db/fengong"
    assert database_url("sqlite:////srv/ledger.db") == "sqlite:////srv/ledger.db"
    monkeypatch.setenv("FENGONG_DB", "postgres://h/db")
    assert database_url() == "postgresql+psycopg://h/db"
    with pytest.raises(LedgerConfigError, match="mysql"):
        database_url("mysql://h/db")


def test_sqlite_file_and_folder_created_on_first_use(tmp_path):
    path = tmp_path / "var" / "ledger.sqlite3"
    s = Store(f"sqlite:///{path}")
    assert path.exists()
    with s.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
    s.engine.dispose()


def test_migrations_recorded_once(db_url):
    s = Store(db_url)
    with s.engine.connect() as conn:
        assert migrations.applied(conn) == [v for v, _, _ in migrations.MIGRATIONS] == [1, 2]
    assert migrations.migrate(s.engine) == []  # nothing left to apply
    assert Store(db_url).counts("any") == (0, 0)


def test_update_round_trip_keeps_every_field(store):
    u = update(percent=40, due_date=dt.date(2024, 10, 31), note="已完成方案起草；待市委编办会签", status="blocked")
    assert store.add_update(u) is True
    row = store.updates("plan-a").iloc[0]
    assert (row["task_id"], row["unit"], row["status"], row["percent"]) == ("1.1", "市发改委", "blocked", 40)
    assert row["due_date"] == dt.date(2024, 10, 31) and row["as_of"] == dt.date(2024, 5, 20)
    assert row["note"] == "已完成方案起草；待市委编办会签" and row["recorded_by"] == "测试"
    assert abs((row["recorded_at"] - dt.datetime.now(dt.UTC).replace(tzinfo=None)).total_seconds()) < 600


def test_same_idempotency_key_never_duplicates(store):
    u = update(key="form-token-1")
    assert store.add_update(u) is True
    assert store.add_update(u) is False  # a double click, a rerun
    assert store.add_update(update(key="form-token-1", note="changed")) is False
    assert store.counts("plan-a") == (1, 0)
    assert store.updates("plan-a")["note"].tolist() == [""]


def test_updates_are_append_only_in_the_database(store):
    store.add_update(update(key="k"))
    for sql in ("UPDATE updates SET status = 'done'", "DELETE FROM updates"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            with store.engine.begin() as conn:
                conn.exec_driver_sql(sql)
    assert store.updates("plan-a")["status"].tolist() == ["in_progress"]


def test_a_correction_is_a_new_row(store):
    store.add_update(update(key="a", status="in_progress", percent=30))
    store.add_update(update(key="b", status="late", percent=30, note="更正：进度滞后"))
    assert store.updates("plan-a")["status"].tolist() == ["in_progress", "late"]


def test_plans_are_kept_apart(store):
    store.add_update(update("plan-a", key="a"))
    store.add_update(update("plan-b", key="b"))
    store.add_update(update("plan-b", key="c"))
    assert store.counts("plan-a") == (1, 0) and store.counts("plan-b") == (2, 0)
    assert store.updates("plan-c").empty


def test_a_bad_batch_writes_nothing(store):
    good = [update(key=f"g{i}") for i in range(3)]
    with pytest.raises(ValueError, match="lg_bad_percent"):
        store.add_updates(good + [update(key="bad", percent=140)])
    assert store.counts("plan-a") == (0, 0)
    # and the database's own checks hold too (a row that slipped past Update.problems)
    with pytest.raises(sa.exc.IntegrityError):
        with store.engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO updates (idem_key, plan_key, task_id, unit, status, note, as_of, "
                                 "recorded_by, recorded_at, source) VALUES ('x', 'plan-a', '1.1', 'u', 'finished', "
                                 "'', '2024-05-01', 'me', '2024-05-01 00:00:00', 'form')")
    assert store.counts("plan-a") == (0, 0)


def test_reports_round_trip_and_idempotent(store):
    r = Report(idem_key="r1", plan_key="plan-a", milestone="报送阶段性总结", unit="市发改委",
               handed_in=dt.date(2024, 5, 30), recorded_by="办公室")
    assert store.add_report(r) is True and store.add_report(r) is False
    df = store.reports("plan-a")
    assert df[["milestone", "unit", "handed_in"]].values.tolist() == [["报送阶段性总结", "市发改委", dt.date(2024, 5, 30)]]


def _count_rows(url: str, plan_key: str) -> tuple[int, int, int]:
    """(rows, distinct keys, shared rows) written for the plan."""
    s = Store(url)
    df = s.updates(plan_key)
    s.engine.dispose()
    return len(df), df["idem_key"].nunique(), int(df["idem_key"].str.startswith("shared-").sum())


def test_threads_writing_at_once_lose_nothing_and_duplicate_nothing(store, db_url):
    workers, n, shared = 8, 25, 10
    barrier = threading.Barrier(workers)
    new = [0] * workers

    def work(w):
        barrier.wait()  # all start together
        for i in range(n):
            new[w] += store.add_update(update("threads", key=f"t{w}-{i}"))
            if i < shared:  # every thread records the same ten updates: a double click from eight browsers
                new[w] += store.add_update(update("threads", key=f"shared-{i}"))

    threads = [threading.Thread(target=work, args=(w,)) for w in range(workers)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert _count_rows(db_url, "threads") == (workers * n + shared, workers * n + shared, shared)
    assert sum(new) == workers * n + shared  # each write told its caller truthfully whether it was new


def test_processes_writing_at_once_lose_nothing_and_duplicate_nothing(db_url):
    """Four processes open a database no one has opened yet (all migrating at once), then write together."""
    workers, n, shared = 4, 30, 10
    ctx = multiprocessing.get_context("spawn")  # no fork: each process makes its own engine and connections
    with ctx.Pool(workers) as pool:
        new = pool.starmap(write_worker, [(db_url, w, n, shared, "procs") for w in range(workers)])
    assert _count_rows(db_url, "procs") == (workers * n + shared, workers * n + shared, shared)
    assert sum(new) == workers * n + shared
    s = Store(db_url)
    with s.engine.connect() as conn:
        assert migrations.applied(conn) == [1, 2]  # each migration applied once despite four first opens
    s.engine.dispose()
