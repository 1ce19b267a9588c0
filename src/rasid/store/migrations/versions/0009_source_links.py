"""Analyst review: source_links, a reviewer's merges (``together``) and splits (``apart``)
of sources, which fusion's clustering keeps to; quality_runs, each ``rasid quality`` run's
figures against the team's reviewed articles.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08 01:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'source_links',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('a_doc', sa.Text(), nullable=False),
        sa.Column('a_position', sa.Integer(), nullable=False),
        sa.Column('b_doc', sa.Text(), nullable=False),
        sa.Column('b_position', sa.Integer(), nullable=False),
        sa.Column('reviewer', sa.Text(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_source_links_a_doc'), 'source_links', ['a_doc'])
    op.create_index(op.f('ix_source_links_b_doc'), 'source_links', ['b_doc'])
    op.create_table(
        'quality_runs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('rasid_version', sa.String(length=40), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in ('documents', 'gold_events', 'predicted_events')),
        *(sa.Column(name, sa.Float(), nullable=True)
          for name in ('strict_precision', 'strict_recall', 'strict_f1', 'events_f1', 'claims_f1')),
        sa.PrimaryKeyConstraint('id'),
    )


def downgrade() -> None:
    op.drop_table('quality_runs')
    op.drop_index(op.f('ix_source_links_b_doc'), table_name='source_links')
    op.drop_index(op.f('ix_source_links_a_doc'), table_name='source_links')
    op.drop_table('source_links')
