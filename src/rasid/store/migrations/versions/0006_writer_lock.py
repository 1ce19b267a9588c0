"""writer_lock: the one row every write transaction updates first, so concurrent writers
(two ``rasid ingest`` processes, API requests, a Ray cluster's writers) take turns and
each sees what the others committed.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 18:40:00
"""
from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        'writer_lock',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('holder', sa.Text(), nullable=False),
        sa.Column('taken_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.bulk_insert(table, [{'id': 1, 'holder': 'migration', 'taken_at': datetime.now(timezone.utc)}])


def downgrade() -> None:
    op.drop_table('writer_lock')
