"""api keys; events.search_text and actor_text (free-text and actor search), sort_day and page indexes

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 15:35:17.193004
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('api_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key_hash')
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('actor_text', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('sort_day', sa.Date(), nullable=False, server_default='0001-01-01'))
        batch_op.create_index('events_pages_by_day', ['sort_day', 'id'])
        batch_op.create_index('events_pages_by_type_and_day', ['event_type', 'sort_day', 'id'])
        batch_op.create_index('events_pages_by_country_and_day', ['country', 'sort_day', 'id'])
        batch_op.create_index('events_pages_by_fatalities', ['fatalities', 'id'])
        batch_op.create_index('events_pages_by_update', ['updated_at', 'id'])
    op.execute("UPDATE events SET sort_day = event_date WHERE event_date IS NOT NULL")



def downgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        for index in ('events_pages_by_day', 'events_pages_by_type_and_day', 'events_pages_by_country_and_day',
                      'events_pages_by_fatalities', 'events_pages_by_update'):
            batch_op.drop_index(index)
        batch_op.drop_column('sort_day')
        batch_op.drop_column('actor_text')
        batch_op.drop_column('search_text')

    op.drop_table('api_keys')
