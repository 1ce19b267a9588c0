"""events.flags (the sanity checks' findings, for review), events.replaced_by (the id a
deleted event lives on under, after a merge or when an earlier source renamed it), and the
indexes the deletions feed and fusion's candidate search use

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 12:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('flags', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('replaced_by', sa.String(length=20), nullable=True))
        batch_op.create_index('events_by_deletion', ['deleted_at'])
        batch_op.create_index('events_by_type_and_last_day', ['event_type', 'date_end'])


def downgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('events_by_type_and_last_day')
        batch_op.drop_index('events_by_deletion')
        batch_op.drop_column('replaced_by')
        batch_op.drop_column('flags')
