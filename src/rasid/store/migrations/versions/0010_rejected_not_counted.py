"""A rejected event is not counted: a reviewer said it is no event, so ``event_counts`` (and
with it ``/api/stats`` and the map's totals) leaves it out as it leaves out deleted ones, and
counts it again if the review is reopened. The triggers of migration 0005 are made again
with that condition, and watch ``review_status``; the counts are made again from a scan.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08 01:30:00
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

COUNTED = "{row}.deleted_at IS NULL AND {row}.review_status <> 'rejected'"


def _event_counts():
    """Migration 0005's trigger builders (a migration's module is loaded by its path)."""
    spec = importlib.util.spec_from_file_location("rasid_migration_0005", Path(__file__).with_name("0005_event_counts.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _recount(counted: str, watched: tuple[str, ...]) -> None:
    counts, connection = _event_counts(), op.get_bind()
    counts.drop_triggers(connection)
    connection.exec_driver_sql("DELETE FROM event_counts")
    counts.count(connection, counted)
    counts.create_triggers(connection, counted, watched)


def upgrade() -> None:
    _recount(COUNTED, (*_event_counts().WATCHED, 'review_status'))


def downgrade() -> None:
    counts = _event_counts()
    _recount(counts.COUNTED, counts.WATCHED)
