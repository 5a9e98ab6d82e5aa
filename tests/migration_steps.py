"""Running the migrations to a point in a test (the upgrade tests of handbooks and laws): the models as they were
there, then the latest."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets):
    """Migrate the test database to `targets` ([(app, migration), …]) and return the apps as they stand there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest():
    """Migrate to every app's last migration and return the apps."""
    return migrate_to(MigrationExecutor(connection).loader.graph.leaf_nodes())
