"""The embedded SQLite database of `make run`: two officials writing at once queue for the write lock instead of
one of them getting "database is locked" in the middle of a decision (PostgreSQL's row lock does this in production).
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent(
    """
    import threading, time
    import django
    django.setup()
    from django.db import connections, transaction

    with connections["default"].cursor() as cursor:
        cursor.execute("CREATE TABLE counter (id integer primary key, value integer)")
        cursor.execute("INSERT INTO counter VALUES (1, 0)")
    connections.close_all()
    errors = []

    def add_one():
        try:
            with transaction.atomic():
                with connections["default"].cursor() as cursor:
                    cursor.execute("SELECT value FROM counter WHERE id = 1")
                    value = cursor.fetchone()[0]
                    time.sleep(0.2)  # both transactions have read before either writes
                    cursor.execute("UPDATE counter SET value = %s WHERE id = 1", [value + 1])
        except Exception as error:
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=add_one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT value FROM counter WHERE id = 1")
        print(errors, cursor.fetchone()[0])
    """
)


def test_two_writers_on_the_development_database_wait_for_each_other(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'dev.sqlite3'}",
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    result = subprocess.run(  # noqa: S603 (this interpreter and the script above)
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True
    )
    # No "database is locked", and neither increment is lost: the second transaction read after the first wrote.
    assert result.stdout.split("\n")[-2] == "[] 2"
