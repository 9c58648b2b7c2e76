"""Databases for the ledger tests: a fresh SQLite file always, a fresh PostgreSQL database when FENGONG_TEST_PG
names a server (.ci/run starts one; under CI=true it must be there), and the worker the process tests start."""

from __future__ import annotations

import datetime as dt
import os
import uuid

import pytest

PG_ENV = "FENGONG_TEST_PG"


def backends() -> list:
    """pytest params: sqlite always; postgresql when FENGONG_TEST_PG is set, skipped without it (failed in CI)."""
    marks = []
    if not os.environ.get(PG_ENV):
        if os.environ.get("CI") == "true":
            raise RuntimeError(f"CI=true but {PG_ENV} is not set: .ci/run must start PostgreSQL for the ledger tests")
        marks = [pytest.mark.skip(reason=f"{PG_ENV} not set (CI sets it: .ci/run starts PostgreSQL)")]
    return ["sqlite", pytest.param("postgresql", marks=marks)]


def fresh_database(backend: str, tmp_path):
    """(url, cleanup) of an empty database of the backend: a new SQLite file, or a new PostgreSQL database."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.sqlite3'}", lambda: None
    import sqlalchemy as sa

    base = sa.make_url(os.environ[PG_ENV])
    name = f"fengong_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def cleanup():
        from lib.ledger.store import close_stores

        close_stores()
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    return base.set(database=name).render_as_string(hide_password=False), cleanup


def update(plan_key: str = "plan-a", task_id: str = "1.1", key: str | None = None, **kw):
    """An Update with sensible defaults for a test."""
    from lib.ledger.store import Update

    fields = dict(idem_key=key or uuid.uuid4().hex, plan_key=plan_key, task_id=task_id, unit="市发改委",
                  status="in_progress", as_of=dt.date(2024, 5, 20), recorded_by="测试")
    fields.update(kw)
    return Update(**fields)


def write_worker(url: str, worker: int, n: int, shared: int, plan_key: str) -> int:
    """In its own process: open the store (migrating if first) and write n own updates and `shared` updates whose
    keys every worker uses; how many were new."""
    from lib.ledger.store import Store

    store = Store(url)
    new = 0
    for i in range(n):
        new += store.add_update(update(plan_key, key=f"w{worker}-{i}", note=f"worker {worker} update {i}"))
        if i < shared:
            new += store.add_update(update(plan_key, key=f"shared-{i}", note=f"shared {i} by {worker}"))
    store.engine.dispose()
    return new
