"""For bulk writes:
- articles.mentions: an article's mentions as one JSON document instead of a row each.
  They are only ever read per article (the article view); one value per article costs one
  write, where a hundred rows cost a hundred (the bulk writer's largest single cost).
- claims.event_id goes: a claim belongs to its source, and the source to its event (join
  event_sources); the copy had to be rewritten whenever fusion moved a source.
- event_sources.evidence_keys: a source's evidence sentences as free-text search reads
  them, so an event's search text is derived without reading its articles' texts again.
- an index for a country's events by fatalities, largest first (the API's page sorted so).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 15:10:00
"""
from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

from rasid.store.queries import search_word

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

FIELDS = ('kind', 'start', 'end', 'surface', 'value', 'rule')


def upgrade() -> None:
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mentions', sa.Text(), nullable=True))
    connection = op.get_bind()
    mentions = sa.table('mentions', sa.column('id'), sa.column('article_id'), sa.column('value', sa.JSON),
                        *(sa.column(f) for f in FIELDS if f != 'value'))
    articles = sa.table('articles', sa.column('id'), sa.column('mentions'))
    by_article: dict[int, list] = {}
    rows = connection.execute(sa.select(mentions).order_by(mentions.c.article_id, mentions.c.start, mentions.c.id))
    for row in rows:
        by_article.setdefault(row.article_id, []).append({f: getattr(row, f) for f in FIELDS})
    for article_id, found in by_article.items():
        connection.execute(articles.update().where(articles.c.id == article_id)
                           .values(mentions=json.dumps(found, ensure_ascii=False)))
    connection.execute(articles.update().where(articles.c.mentions.is_(None)).values(mentions='[]'))
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentions_article_id'))
    op.drop_table('mentions')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claims_event_id'))
        batch_op.drop_column('event_id')
    op.create_index('events_pages_by_country_and_fatalities', 'events', ['country', sa.text('fatalities DESC'), 'id'])
    with op.batch_alter_table('event_sources', schema=None) as batch_op:
        batch_op.add_column(sa.Column('evidence_keys', sa.JSON(), nullable=True))
    sources = sa.table('event_sources', sa.column('id'), sa.column('article_id'), sa.column('record', sa.JSON),
                       sa.column('evidence_keys', sa.JSON))
    texts = sa.table('articles', sa.column('id'), sa.column('text'))
    for source_id, record, text in connection.execute(
            sa.select(sources.c.id, sources.c.record, texts.c.text).join(texts, texts.c.id == sources.c.article_id)):
        keys = [search_word(text[start:end]) for start, end in (record or {}).get('evidence', [])]
        connection.execute(sources.update().where(sources.c.id == source_id).values(evidence_keys=keys))


def downgrade() -> None:
    op.drop_index('events_pages_by_country_and_fatalities', table_name='events')
    with op.batch_alter_table('event_sources', schema=None) as batch_op:
        batch_op.drop_column('evidence_keys')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.add_column(sa.Column('event_id', sa.String(length=20), nullable=True))
    op.execute("UPDATE claims SET event_id = (SELECT event_id FROM event_sources WHERE event_sources.id = claims.source_id)")
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claims_event_id'), ['event_id'], unique=False)
    op.create_table('mentions',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('article_id', sa.Integer(), nullable=False),
                    sa.Column('kind', sa.String(length=20), nullable=False),
                    sa.Column('start', sa.Integer(), nullable=False),
                    sa.Column('end', sa.Integer(), nullable=False),
                    sa.Column('surface', sa.Text(), nullable=False),
                    sa.Column('value', sa.JSON(), nullable=True),
                    sa.Column('rule', sa.Text(), nullable=False),
                    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
                    sa.PrimaryKeyConstraint('id'))
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentions_article_id'), ['article_id'], unique=False)
    connection = op.get_bind()
    articles = sa.table('articles', sa.column('id'), sa.column('mentions'))
    mentions = sa.table('mentions', sa.column('article_id'), sa.column('value', sa.JSON),
                        *(sa.column(f) for f in FIELDS if f != 'value'))
    for article_id, document in connection.execute(sa.select(articles.c.id, articles.c.mentions)).all():
        rows = [m | {'article_id': article_id} for m in json.loads(document or '[]')]
        if rows:
            connection.execute(mentions.insert(), rows)
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_column('mentions')
