"""The ledger's tables, one definition for SQLite and PostgreSQL (SQLAlchemy Core, portable types only)."""

from __future__ import annotations

import sqlalchemy as sa

# Status codes as stored; labels come from lib.i18n (status_<code>). Order is the order of progress shown.
STATUSES = ("not_started", "in_progress", "done", "late", "blocked")

metadata = sa.MetaData()

schema_version = sa.Table(
    "schema_version", metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
)

# One row per recorded update. Append-only: a correction is a new row (migration 2 makes the database refuse
# UPDATE and DELETE on it). idem_key is made by the client (the form's token, or the imported file and row), so
# a double click, a rerun or a second import of the same file never adds a second row.
updates = sa.Table(
    "updates", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("idem_key", sa.String(100), nullable=False, unique=True),
    sa.Column("plan_key", sa.String(200), nullable=False),
    sa.Column("task_id", sa.String(50), nullable=False),
    sa.Column("unit", sa.String(200), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("percent", sa.Integer, nullable=True),
    sa.Column("due_date", sa.Date, nullable=True),
    sa.Column("note", sa.Text, nullable=False, default=""),
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("recorded_by", sa.String(200), nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("source", sa.String(300), nullable=False, default="form"),
    sa.CheckConstraint("status IN ('" + "','".join(STATUSES) + "')", name="ck_updates_status"),
    sa.CheckConstraint("percent IS NULL OR (percent >= 0 AND percent <= 100)", name="ck_updates_percent"),
    sa.Index("ix_updates_plan_task", "plan_key", "task_id"),
)

# A unit handed in its report for a milestone (阶段性总结, 工作总结) on a date. Also append-only.
reports = sa.Table(
    "reports", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("idem_key", sa.String(100), nullable=False, unique=True),
    sa.Column("plan_key", sa.String(200), nullable=False),
    sa.Column("milestone", sa.String(300), nullable=False),  # the milestone's name in phases.csv
    sa.Column("unit", sa.String(200), nullable=False),
    sa.Column("handed_in", sa.Date, nullable=False),
    sa.Column("note", sa.Text, nullable=False, default=""),
    sa.Column("recorded_by", sa.String(200), nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("source", sa.String(300), nullable=False, default="form"),
    sa.Index("ix_reports_plan", "plan_key", "milestone"),
)
