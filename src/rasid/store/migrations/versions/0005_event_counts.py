"""Maintained statistics: ``event_counts``, live events counted by day, type, sub-type and
place, kept by triggers on ``events`` in the same transaction as every write (the bulk
writer's, an import's or a hand-made UPDATE alike). ``/api/stats`` then sums a few thousand
narrow rows instead of scanning every event (0.8 s on 100,000 events, on every change).

SQLite drops a table's triggers with the table: a later migration that rebuilds ``events``
(``batch_alter_table``) must create them again (``create_triggers``).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 18:10:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

KEY = ('sort_day', 'event_type', 'sub_event_type', 'country', 'admin1')
SUMS = ('fatalities', 'deaths_low', 'deaths_best', 'deaths_high')
WATCHED = (*KEY, *SUMS, 'deleted_at')  # an update of any other column leaves the counts as they are
COUNTED = "{row}.deleted_at IS NULL"  # the events counted (migration 0010 leaves rejected ones out too)


def _key_values(row: str) -> list[str]:
    return [f"{row}.sort_day", f"{row}.event_type", f"{row}.sub_event_type", f"coalesce({row}.country, '')",
            f"coalesce({row}.admin1, '')"]


def _add(row: str, counted: str = COUNTED) -> str:
    """Count ``row`` (NEW) in its key's line, creating the line if it is the first."""
    values = ", ".join(f"coalesce({row}.{s}, 0)" for s in SUMS)
    sums = ", ".join(f"{s} = event_counts.{s} + excluded.{s}" for s in SUMS)
    return (f"INSERT INTO event_counts ({', '.join(KEY)}, events, {', '.join(SUMS)}) "
            f"SELECT {', '.join(_key_values(row))}, 1, {values} WHERE {counted.format(row=row)} "
            f"ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET events = event_counts.events + 1, {sums};")


def _remove(row: str, counted: str = COUNTED) -> str:
    """Take ``row`` (OLD) out of its key's line, and the line away when it counts nothing."""
    match = " AND ".join(f"{k} = {v}" for k, v in zip(KEY, _key_values(row)))
    sums = ", ".join(f"{s} = {s} - coalesce({row}.{s}, 0)" for s in SUMS)
    return (f"UPDATE event_counts SET events = events - 1, {sums} WHERE {counted.format(row=row)} AND {match}; "
            f"DELETE FROM event_counts WHERE events = 0 AND {match};")


def create_triggers(connection: sa.Connection, counted: str = COUNTED, watched: tuple[str, ...] = WATCHED) -> None:
    """The triggers that keep ``event_counts``: the events ``counted`` (a condition on
    ``{row}``), again whenever one of the ``watched`` columns changes."""
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in watched)
    if connection.dialect.name == 'postgresql':
        connection.exec_driver_sql(f"""
            CREATE OR REPLACE FUNCTION event_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP IN ('UPDATE', 'DELETE') THEN {_remove('OLD', counted)} END IF;
                IF TG_OP IN ('INSERT', 'UPDATE') THEN {_add('NEW', counted)} END IF;
                RETURN NULL;
            END $$""")
        connection.exec_driver_sql("CREATE TRIGGER event_counts_on_insert_or_delete AFTER INSERT OR DELETE ON events "
                                   "FOR EACH ROW EXECUTE FUNCTION event_counts_apply()")
        connection.exec_driver_sql(f"CREATE TRIGGER event_counts_on_update AFTER UPDATE ON events "
                                   f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION event_counts_apply()")
        return
    changed = changed.replace("IS DISTINCT FROM", "IS NOT")  # SQLite's spelling
    connection.exec_driver_sql(f"CREATE TRIGGER event_counts_on_insert AFTER INSERT ON events "
                               f"BEGIN {_add('NEW', counted)} END")
    connection.exec_driver_sql(f"CREATE TRIGGER event_counts_on_delete AFTER DELETE ON events "
                               f"BEGIN {_remove('OLD', counted)} END")
    connection.exec_driver_sql(f"CREATE TRIGGER event_counts_on_update AFTER UPDATE OF {', '.join(watched)} "
                               f"ON events WHEN {changed} BEGIN {_remove('OLD', counted)} {_add('NEW', counted)} END")


def upgrade() -> None:
    op.create_table(
        'event_counts',
        sa.Column('sort_day', sa.Date(), nullable=False),
        sa.Column('event_type', sa.String(length=60), nullable=False),
        sa.Column('sub_event_type', sa.String(length=60), nullable=False),
        sa.Column('country', sa.String(length=2), nullable=False),
        sa.Column('admin1', sa.Text(), nullable=False),
        *(sa.Column(c, sa.Integer(), nullable=False) for c in ('events', *SUMS)),
        sa.PrimaryKeyConstraint(*KEY),
        sqlite_with_rowid=False,  # rows kept in key order: the counts by day are read without a sort
    )
    connection = op.get_bind()
    count(connection)
    create_triggers(connection)


def count(connection: sa.Connection, counted: str = COUNTED) -> None:
    """Fill ``event_counts`` from a scan of the events ``counted``."""
    connection.exec_driver_sql(
        f"INSERT INTO event_counts ({', '.join(KEY)}, events, {', '.join(SUMS)}) "
        f"SELECT sort_day, event_type, sub_event_type, coalesce(country, ''), coalesce(admin1, ''), count(*), "
        f"{', '.join(f'coalesce(sum({s}), 0)' for s in SUMS)} FROM events WHERE {counted.format(row='events')} "
        f"GROUP BY sort_day, event_type, sub_event_type, coalesce(country, ''), coalesce(admin1, '')")


def drop_triggers(connection: sa.Connection) -> None:
    if connection.dialect.name == 'postgresql':
        connection.exec_driver_sql("DROP TRIGGER event_counts_on_insert_or_delete ON events")
        connection.exec_driver_sql("DROP TRIGGER event_counts_on_update ON events")
        connection.exec_driver_sql("DROP FUNCTION event_counts_apply()")
    else:
        for name in ('insert', 'delete', 'update'):
            connection.exec_driver_sql(f"DROP TRIGGER event_counts_on_{name}")


def downgrade() -> None:
    drop_triggers(op.get_bind())
    op.drop_table('event_counts')
