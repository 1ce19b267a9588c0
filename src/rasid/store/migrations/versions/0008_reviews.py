"""Analyst review: events.review_status (machine, confirmed, corrected, rejected), who and
when, the reviewer's corrections (laid over what fusion derives) and fusion's own values
where they differ; event_reviews, the append-only audit trail. And the type, days and
point fusion finds candidates by (events.fused_*), which a correction does not move; the
candidates' index moves onto them.

Columns are added without rebuilding ``events`` (no batch mode), so SQLite keeps the
triggers of migration 0005.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 19:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('events', sa.Column('review_status', sa.String(length=20), nullable=False,
                                      server_default='machine'))
    op.add_column('events', sa.Column('reviewed_by', sa.Text(), nullable=True))
    op.add_column('events', sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('events', sa.Column('corrections', sa.JSON(), nullable=False, server_default='{}'))
    op.add_column('events', sa.Column('machine_values', sa.JSON(), nullable=False, server_default='{}'))
    op.create_index('events_by_review_status', 'events', ['review_status'])
    for column, kind in (('fused_type', sa.String(length=60)), ('fused_start', sa.Date()), ('fused_end', sa.Date()),
                         ('fused_lat', sa.Float()), ('fused_lon', sa.Float())):
        op.add_column('events', sa.Column(column, kind, nullable=True))
    op.execute("UPDATE events SET fused_type = event_type, fused_start = date_start, fused_end = date_end, "
               "fused_lat = lat, fused_lon = lon")
    op.drop_index('events_by_type_and_last_day', table_name='events')
    op.create_index('events_by_fused_type_and_last_day', 'events', ['fused_type', 'fused_end'])
    op.create_table(
        'event_reviews',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.String(length=20), nullable=False),
        sa.Column('action', sa.String(length=20), nullable=False),
        sa.Column('changes', sa.JSON(), nullable=False),
        sa.Column('reviewer', sa.Text(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_event_reviews_event_id'), 'event_reviews', ['event_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_event_reviews_event_id'), table_name='event_reviews')
    op.drop_table('event_reviews')
    op.drop_index('events_by_fused_type_and_last_day', table_name='events')
    op.create_index('events_by_type_and_last_day', 'events', ['event_type', 'date_end'])
    op.drop_index('events_by_review_status', table_name='events')
    for column in ('fused_lon', 'fused_lat', 'fused_end', 'fused_start', 'fused_type',
                   'machine_values', 'corrections', 'reviewed_at', 'reviewed_by', 'review_status'):
        op.drop_column('events', column)
