"""Opening the ledger's database (FENGONG_DB), appending updates and milestone reports, reading them back.

SQLAlchemy 2 Core rather than psycopg and sqlite3 by hand: one table definition and one set of statements serve
both databases, including INSERT … ON CONFLICT DO NOTHING on the idempotency key, and the engine's pool gives every
Streamlit session its own connection. Nothing here updates or deletes a row.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import event

from lib.ledger import migrations, schema
from lib.ledger.schema import STATUSES

ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_DB = ROOT / "var" / "ledger.sqlite3"
BUSY_TIMEOUT_MS = 30_000  # how long a SQLite writer waits for another one before giving up
MAX_TEXT = 4000  # a note longer than this is refused, not cut


class LedgerConfigError(ValueError):
    """FENGONG_DB names something that is neither a path nor a SQLite or PostgreSQL URL."""


# what opening or reading the ledger raises when FENGONG_DB is wrong or its database cannot be reached
LEDGER_ERRORS = (LedgerConfigError, sa.exc.SQLAlchemyError, OSError)


def database_url(value: str | None = None) -> str:
    """The SQLAlchemy URL for FENGONG_DB (or value): a path or sqlite:/// URL, or a postgresql:// URL."""
    raw = (os.environ.get("FENGONG_DB", "") if value is None else value).strip()
    relative = raw and "://" not in raw and not os.path.isabs(os.path.expanduser(raw))
    return _url_of(raw, os.getcwd() if relative else "")


@functools.lru_cache(maxsize=64)
def _url_of(raw: str, cwd: str) -> str:
    """database_url of a stripped value (a relative path: in the working directory cwd), worked out once: a path is
    resolved on the file system, which would otherwise happen on every rerun of every page that reads the ledger."""
    if not raw:
        return f"sqlite:///{DEFAULT_DB}"
    for prefix in ("postgresql://", "postgres://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix):]  # psycopg 3, the driver in requirements.txt
    if "://" in raw:
        backend = raw.split("://", 1)[0].split("+", 1)[0]
        if backend not in ("sqlite", "postgresql"):
            raise LedgerConfigError(f"FENGONG_DB: only SQLite and PostgreSQL are supported, not “{backend}”")
        return raw
    return f"sqlite:///{Path(raw).expanduser().resolve()}"


def _sqlite_engine(url: sa.URL) -> sa.Engine:
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)  # ./var on first use
    engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # SQLAlchemy's recipe for pysqlite: let the "begin" hook below emit BEGIN, so that migrations can take the
        # write lock at once (BEGIN IMMEDIATE) instead of failing to upgrade a read lock under contention
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        begin = conn.get_execution_options().get("sqlite_begin", "BEGIN")
        if begin:  # None: one read-only statement, atomic on its own (Store.revision)
            conn.exec_driver_sql(begin)

    return engine


@functools.lru_cache(maxsize=64)
def _parsed(url: str) -> sa.URL:
    """The URL parsed, once per value (pages read the ledger on every rerun). One that does not parse (a port that is
    not a number) or names a driver that is not installed is a LedgerConfigError, so every page that reads the
    ledger names the problem instead of stopping."""
    try:
        parsed = sa.make_url(url)
        parsed.get_dialect().import_dbapi()  # the driver, imported here rather than at the first connection
    except ImportError as err:  # only the driver's module name, never the URL and its password
        raise LedgerConfigError(f"FENGONG_DB: its database driver is not installed ({err.name or err})") from None
    except (ValueError, sa.exc.ArgumentError) as err:
        raise LedgerConfigError(f"FENGONG_DB: not a valid database URL ({err})") from None
    return parsed


def create_engine(url: str) -> sa.Engine:
    """An engine for the URL, configured for several writers at once (SQLite: WAL and a busy timeout)."""
    parsed = _parsed(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    # a server that does not answer is reported after 10 s instead of holding the page
    return sa.create_engine(parsed, pool_pre_ping=True, connect_args={"connect_timeout": 10})


@dataclass(frozen=True)
class Update:
    """One progress report on one task by one unit, as recorded."""

    idem_key: str
    plan_key: str
    task_id: str
    unit: str
    status: str
    as_of: dt.date
    recorded_by: str
    percent: int | None = None
    due_date: dt.date | None = None
    note: str = ""
    source: str = "form"

    def problems(self) -> list[str]:
        """What makes this update unfit to store (message keys of lib.i18n); empty when it is fine."""
        out = []
        if self.status not in STATUSES:
            out.append("lg_bad_status")
        if self.percent is not None and not (0 <= self.percent <= 100):
            out.append("lg_bad_percent")
        if not str(self.recorded_by).strip():
            out.append("lg_no_writer")
        if len(self.note) > MAX_TEXT:
            out.append("lg_note_too_long")
        if not (self.idem_key and self.plan_key and self.task_id and self.unit):
            out.append("lg_incomplete")
        return out


@dataclass(frozen=True)
class Report:
    """A unit handed in its report for a milestone on a date."""

    idem_key: str
    plan_key: str
    milestone: str
    unit: str
    handed_in: dt.date
    recorded_by: str
    note: str = ""
    source: str = "form"

    def problems(self) -> list[str]:
        out = []
        if not str(self.recorded_by).strip():
            out.append("lg_no_writer")
        if len(self.note) > MAX_TEXT:
            out.append("lg_note_too_long")
        if not (self.idem_key and self.plan_key and self.milestone and self.unit):
            out.append("lg_incomplete")
        return out


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _insert(conn: sa.Connection, table: sa.Table):
    """INSERT that does nothing when the idempotency key is already there (the same record sent twice)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    # RETURNING tells a new row from a skipped one on both databases (rowcount is not reliable for this on psycopg)
    return insert(table).on_conflict_do_nothing(index_elements=["idem_key"]).returning(table.c.id)


def _utc_naive(value):
    """Timestamps as naive UTC whichever database they come from (PostgreSQL gives them with a zone)."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _revision_statement() -> sa.Select:
    """SELECT count and max(id) of the plan's updates, then of its reports: one round trip, four numbers."""
    key = sa.bindparam("plan_key", type_=sa.String)
    return sa.select(*(sa.select(fn).where(t.c.plan_key == key).scalar_subquery()
                       for t in (schema.updates, schema.reports) for fn in (sa.func.count(), sa.func.max(t.c.id))))


_REVISION = _revision_statement()
UPDATE_COLUMNS = tuple(c.name for c in schema.updates.columns)
REPORT_COLUMNS = tuple(c.name for c in schema.reports.columns)


class Store:
    """The ledger in one database; safe to share between threads (every call takes its own connection)."""

    def __init__(self, url: str):
        self.url = url
        self.engine = create_engine(url)
        # for a single SELECT, which sees one snapshot by itself: no BEGIN and ROLLBACK around it (on PostgreSQL two
        # round trips fewer on every rerun that reads the revision)
        self._one_statement = self.engine.execution_options(
            **({"sqlite_begin": None} if self.engine.dialect.name == "sqlite" else {"isolation_level": "AUTOCOMMIT"}))
        migrations.migrate(self.engine)

    @property
    def label(self) -> str:
        """Where the ledger lives, without a password (for the page and the README's checks)."""
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def _add(self, table: sa.Table, rows: list[dict]) -> int:
        """Insert rows in one transaction (all or none); how many were new (the rest were already there)."""
        new = 0
        with self.engine.begin() as conn:
            stmt = _insert(conn, table)
            for row in rows:
                new += conn.execute(stmt, row).first() is not None
        return new

    def add_update(self, update: Update) -> bool:
        """Append one update; False when its idempotency key was already recorded (nothing added)."""
        return self.add_updates([update]) == 1

    def add_updates(self, updates: list[Update]) -> int:
        """Append updates in one transaction: all of them or, on any error, none; how many were new."""
        for u in updates:
            if u.problems():
                raise ValueError(f"update {u.idem_key}: {', '.join(u.problems())}")
        now = _now()
        return self._add(schema.updates, [{**asdict(u), "recorded_at": now} for u in updates])

    def add_report(self, report: Report) -> bool:
        """Append one milestone report; False when its idempotency key was already recorded."""
        if report.problems():
            raise ValueError(f"report {report.idem_key}: {', '.join(report.problems())}")
        return self._add(schema.reports, [{**asdict(report), "recorded_at": _now()}]) == 1

    def _frame(self, table: sa.Table, columns: tuple[str, ...], plan_key: str) -> pd.DataFrame:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(table).where(table.c.plan_key == plan_key).order_by(table.c.id)).all()
        df = pd.DataFrame([tuple(r) for r in rows], columns=list(columns))
        if "recorded_at" in df:
            df["recorded_at"] = [_utc_naive(v) for v in df["recorded_at"]]
        return df

    def updates(self, plan_key: str) -> pd.DataFrame:
        """Every update of the plan, in the order recorded (columns: UPDATE_COLUMNS)."""
        return self._frame(schema.updates, UPDATE_COLUMNS, plan_key)

    def reports(self, plan_key: str) -> pd.DataFrame:
        """Every milestone report of the plan, in the order recorded (columns: REPORT_COLUMNS)."""
        return self._frame(schema.reports, REPORT_COLUMNS, plan_key)

    def revision(self, plan_key: str) -> tuple[int, int, int, int]:
        """(updates, last update id, reports, last report id) of the plan, read from the database on every call:
        append-only tables change exactly when this does (a new row raises its table's count, whoever wrote it:
        another session, process or replica), so it keys what is built from them (the page's tables and figures).
        One statement, built once (_REVISION): it runs on every rerun of the Progress page and the overview."""
        with self._one_statement.connect() as conn:
            return tuple(int(v or 0) for v in conn.execute(_REVISION, {"plan_key": plan_key}).one())

    def counts(self, plan_key: str) -> tuple[int, int]:
        """(updates, reports) recorded for the plan."""
        with self.engine.connect() as conn:
            return tuple(conn.scalar(sa.select(sa.func.count()).select_from(t).where(t.c.plan_key == plan_key))
                         for t in (schema.updates, schema.reports))


def store_exists(url: str | None = None) -> bool:
    """Whether there is a ledger to read without creating one: a SQLite file that exists, or any PostgreSQL URL
    (the overview, the briefing and presentation mode read; only the Progress page creates the database)."""
    parsed = _parsed(url or database_url())
    if parsed.get_backend_name() != "sqlite":
        return True
    return bool(parsed.database) and parsed.database != ":memory:" and Path(parsed.database).exists()


_STORES: dict[str, Store] = {}
_STORES_LOCK = threading.Lock()


def open_store(url: str | None = None) -> Store:
    """The store for url (default: FENGONG_DB), opened and migrated once per process and shared by its sessions."""
    url = url or database_url()
    with _STORES_LOCK:
        store = _STORES.get(url)
        if store is None:
            store = _STORES[url] = Store(url)
        return store


def close_stores() -> None:
    """Dispose every engine opened by open_store (tests, and before forking worker processes)."""
    with _STORES_LOCK:
        for store in _STORES.values():
            store.engine.dispose()
        _STORES.clear()
