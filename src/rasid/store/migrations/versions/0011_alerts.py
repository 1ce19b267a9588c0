"""Alerts: saved searches (alerts), what each last showed of an event (alert_states), the
outbox of messages written with the events (alert_messages) and their deliveries by webhook
or email (alert_deliveries).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-08 01:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

MOMENT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        'alerts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.Text(), nullable=False),
        sa.Column('owner', sa.Text(), nullable=False),
        sa.Column('search', sa.JSON(), nullable=False),
        sa.Column('webhook_url', sa.Text(), nullable=True),
        sa.Column('webhook_secret', sa.Text(), nullable=True),
        sa.Column('email_to', sa.Text(), nullable=True),
        sa.Column('language', sa.String(length=2), nullable=False),
        sa.Column('digest_minutes', sa.Integer(), nullable=False),
        sa.Column('feed_token', sa.String(length=64), nullable=False),
        sa.Column('created_at', MOMENT, nullable=False),
        sa.Column('deleted_at', MOMENT, nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_alerts_owner'), 'alerts', ['owner'])
    op.create_table(
        'alert_states',
        sa.Column('alert_id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.String(length=20), nullable=False),
        sa.Column('shown', sa.JSON(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['alert_id'], ['alerts.id']),
        sa.PrimaryKeyConstraint('alert_id', 'event_id'),
    )
    op.create_index(op.f('ix_alert_states_event_id'), 'alert_states', ['event_id'])
    op.create_table(
        'alert_messages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('alert_id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.String(length=20), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('changes', sa.JSON(), nullable=False),
        sa.Column('shown', sa.JSON(), nullable=False),
        sa.Column('key', sa.String(length=80), nullable=False),
        sa.Column('created_at', MOMENT, nullable=False),
        sa.ForeignKeyConstraint(['alert_id'], ['alerts.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('key'),
    )
    op.create_index(op.f('ix_alert_messages_alert_id'), 'alert_messages', ['alert_id'])
    op.create_table(
        'alert_deliveries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('message_id', sa.Integer(), nullable=False),
        sa.Column('alert_id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.String(length=20), nullable=False),
        sa.Column('channel', sa.String(length=10), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_at', MOMENT, nullable=False),
        sa.Column('leased_until', MOMENT, nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('delivered_at', MOMENT, nullable=True),
        sa.ForeignKeyConstraint(['message_id'], ['alert_messages.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_alert_deliveries_message_id'), 'alert_deliveries', ['message_id'])
    op.create_index(op.f('ix_alert_deliveries_alert_id'), 'alert_deliveries', ['alert_id'])
    op.create_index('alert_deliveries_due', 'alert_deliveries', ['status', 'next_at'])
    op.create_index('alert_deliveries_by_event', 'alert_deliveries', ['alert_id', 'event_id'])


def downgrade() -> None:
    for table in ('alert_deliveries', 'alert_messages', 'alert_states', 'alerts'):
        op.drop_table(table)
