"""api_keys.role (read, write, review or admin; the keys made so far could write) and
api_keys.revoked_at (a revoked key is kept, so its uses stay explained, and refused).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 19:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('api_keys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role', sa.String(length=20), nullable=False, server_default='write'))
        batch_op.add_column(sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('api_keys', schema=None) as batch_op:
        batch_op.drop_column('revoked_at')
        batch_op.drop_column('role')
