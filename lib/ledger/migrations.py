"""Versioned changes to the ledger's schema: an ordered list of functions, each applied once and recorded in
schema_version.

A short list of plain functions instead of alembic: the app must create and upgrade its own database on first use,
with no command to run, from several replicas starting at once; three tables do not need alembic's revision graph,
autogenerate or offline SQL, and this way the whole mechanism is the twenty lines below. Migrations run in one
transaction that holds the database's write lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock), so two
processes starting together apply each step exactly once. A new change is a new function at the end of MIGRATIONS;
a released one is never edited.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from lib.ledger import schema

_PG_LOCK = 0x46656E67  # "Feng": the advisory lock id migrations hold on PostgreSQL


def _v1_tables(conn: sa.Connection) -> None:
    """The ledger's tables: updates and milestone reports."""
    for table in (schema.updates, schema.reports):
        table.create(conn, checkfirst=True)


def _v2_append_only(conn: sa.Connection) -> None:
    """The database itself refuses to change or delete an update or a report: a correction is a new row."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "CREATE OR REPLACE FUNCTION fengong_append_only() RETURNS trigger AS $$ BEGIN "
            # %% is psycopg's escape for a literal % (plpgsql's placeholder)
            "RAISE EXCEPTION 'the ledger is append-only: %% on %% refused', TG_OP, TG_TABLE_NAME; END $$ "
            "LANGUAGE plpgsql")
        for table in ("updates", "reports"):
            conn.exec_driver_sql(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                                 "FOR EACH ROW EXECUTE FUNCTION fengong_append_only()")
    else:
        for table in ("updates", "reports"):
            for op in ("UPDATE", "DELETE"):
                conn.exec_driver_sql(f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} BEGIN "
                                     f"SELECT RAISE(ABORT, 'the ledger is append-only: {op} on {table} refused'); END")


# (version, name, function), in order; the version numbers are the ones recorded in schema_version.
MIGRATIONS = (
    (1, "updates and reports tables", _v1_tables),
    (2, "append-only triggers", _v2_append_only),
)
LATEST = MIGRATIONS[-1][0]


def applied(conn: sa.Connection) -> list[int]:
    """Versions recorded in schema_version (empty when the table does not exist yet)."""
    if not sa.inspect(conn).has_table("schema_version"):
        return []
    return sorted(conn.scalars(sa.select(schema.schema_version.c.version)))


def migrate(engine: sa.Engine) -> list[int]:
    """Apply every migration not yet recorded, in order, in one locked transaction; the versions applied now."""
    done_now = []
    with engine.connect().execution_options(sqlite_begin="BEGIN IMMEDIATE") as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
        schema.schema_version.create(conn, checkfirst=True)
        done = set(applied(conn))
        for version, name, step in MIGRATIONS:
            if version in done:
                continue
            step(conn)
            conn.execute(sa.insert(schema.schema_version).values(
                version=version, name=name, applied_at=dt.datetime.now(dt.UTC)))
            done_now.append(version)
    return done_now
