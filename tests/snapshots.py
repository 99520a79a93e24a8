"""Copies of the PostgreSQL test database's tables, restored in a second instead of rebuilt.

Loading the demo neighbourhood saves a few hundred pages; restoring a copy of the tables
it left is a TRUNCATE and one INSERT ... SELECT per table, all inside PostgreSQL.
"""

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction


def supported():
    """True if the test database can keep snapshots (PostgreSQL, whose schemas hold them)."""
    return connection.vendor == "postgresql"


class TableSnapshot:
    """Every table of the test database, copied into a schema of its own."""

    def __init__(self, name):
        self.schema = connection.ops.quote_name(f"snapshot_{name}")

    @staticmethod
    def tables():
        """The quoted names of the database's own tables (snapshot schemas are not on the path)."""
        with connection.cursor() as cursor:
            names = connection.introspection.table_names(cursor)
        return [connection.ops.quote_name(name) for name in names]

    def take(self):
        """Copy every table as it is now, replacing an earlier copy of the same name."""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
            cursor.execute(f"CREATE SCHEMA {self.schema}")
            for table in self.tables():
                cursor.execute(f"CREATE TABLE {self.schema}.{table} AS TABLE public.{table}")

    def restore(self):
        """Replace every table's rows with the copy's, then move sequences past its ids.

        Django's foreign keys are deferred, so the order of the copies does not matter.
        """
        tables = self.tables()
        sequences = connection.ops.sequence_reset_sql(
            no_style(), apps.get_models(include_auto_created=True)
        )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
            for table in tables:
                # Both names are the database's own, quoted: nothing here comes from input.
                copy = f"INSERT INTO {table} SELECT * FROM {self.schema}.{table}"  # noqa: S608
                cursor.execute(copy)
            for statement in sequences:
                cursor.execute(statement)
