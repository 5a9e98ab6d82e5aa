"""Issue 16, the backup and restore drill: at 1,000 agencies / 10,000 handbooks with uploads (in PostgreSQL and on
disk), deploy/backup writes one archive, deploy/restore puts it into a new empty database and an empty MEDIA_ROOT, and
the copy is the same: every table's row count, every stored file's checksum, and the rendered public page of 50 random
handbooks byte for byte (only the CSP nonce, new on every response, is normalised).

The source is a copy (createdb -T) of DRILL_SOURCE_DATABASE_URL when set (.ci/run passes its scale-smoke database);
otherwise the test generates one (manage.py generate_scale, a few minutes).
"""

import hashlib
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.urls import reverse

from tests.deploy.services import ROOT, database_url, http, need, need_postgresql, portal_env, start_gunicorn

pytestmark = [pytest.mark.drill, pytest.mark.deploy]

HOST = {"Host": "handbook.example.go.th"}
NONCE = re.compile(rb'nonce="[^"]*"')


def _admin(sql: str) -> None:
    with psycopg.connect(database_url(name="postgres"), autocommit=True) as conn:
        conn.execute(sql)


def _fresh(name: str, template: str = "template0") -> str:
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    locale = " LOCALE 'C.UTF-8'" if template == "template0" else ""
    _admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"{locale}')
    return database_url(name=name)


def _manage(url: str, *args: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1"}
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603


@pytest.fixture
def databases():
    """(source url, restore-target url): the source a copy of the scale database, the target empty."""
    need_postgresql()
    need("pg_dump")
    base = connection.settings_dict["NAME"].removeprefix("test_")
    names = [f"{base}_drill", f"{base}_drill_restored"]
    given = os.environ.get("DRILL_SOURCE_DATABASE_URL")
    if given:
        source = _fresh(names[0], template=psycopg.conninfo.conninfo_to_dict(given)["dbname"])
    else:
        source = _fresh(names[0])
        _manage(source, "migrate", "--noinput", "-v0")
        _manage(source, "generate_scale", "--agencies", "1000", "--handbooks", "10000", "--seed", "1")
    yield source, _fresh(names[1])
    for name in names:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _add_uploads(url: str, media: Path) -> None:
    """40 form files on 40 published handbooks' rows: 20 in the database (portal_storedfile), 20 on disk."""
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute("SELECT id, handbook_id FROM handbooks_formsample ORDER BY id LIMIT 40").fetchall()
        assert len(rows) == 40
        for i, (pk, handbook_id) in enumerate(rows):
            name = f"handbooks/forms/{handbook_id}/แบบคำขอ ฉบับที่ {i}.pdf"
            content = b"%PDF-1.4\n" + hashlib.sha256(str(i).encode()).digest() * (100 + i * 50) + b"\n%%EOF\n"
            if i % 2:
                (media / name).parent.mkdir(parents=True, exist_ok=True)
                (media / name).write_bytes(content)
            else:
                conn.execute(
                    "INSERT INTO portal_storedfile (name, content, size, sha256, created)"
                    " VALUES (%s, %s, %s, %s, now())",
                    (name, content, len(content), hashlib.sha256(content).hexdigest()),
                )
            conn.execute("UPDATE handbooks_formsample SET file = %s WHERE id = %s", (name, pk))


def _row_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)}  # noqa: S608


def _stored_checksums(url: str) -> dict[str, tuple[str, str]]:
    """name -> (recorded sha256, sha256 of the bytes as they are now)."""
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT name, sha256, encode(sha256(content), 'hex') FROM portal_storedfile").fetchall()
    return {name: (recorded, actual) for name, recorded, actual in rows}


def _disk_checksums(media: Path) -> dict[str, str]:
    return {
        p.relative_to(media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in media.rglob("*")
        if p.is_file()
    }


def test_a_backup_restores_into_an_empty_database_and_storage_with_the_same_rows_files_and_pages(databases, tmp_path):
    source, target = databases
    media, restored_media = tmp_path / "media", tmp_path / "media-restored"
    media.mkdir()
    _add_uploads(source, media)

    env = {**os.environ, "DATABASE_URL": source, "MEDIA_ROOT": str(media)}
    backup = subprocess.run(  # noqa: S603
        [str(ROOT / "deploy" / "backup"), str(tmp_path / "backups")], env=env, capture_output=True, text=True
    )
    assert backup.returncode == 0, backup.stderr
    archive = Path(backup.stdout.strip().splitlines()[-1])
    assert re.fullmatch(r"handbook-\d{8}T\d{6}Z\.tar", archive.name) and archive.exists()

    env = {**os.environ, "DATABASE_URL": target, "MEDIA_ROOT": str(restored_media)}
    restore = subprocess.run([str(ROOT / "deploy" / "restore"), str(archive)], env=env, capture_output=True, text=True)  # noqa: S603
    assert restore.returncode == 0, restore.stderr
    # Never over existing data: a second restore into the same (now full) database is refused.
    again = subprocess.run([str(ROOT / "deploy" / "restore"), str(archive)], env=env, capture_output=True, text=True)  # noqa: S603
    assert again.returncode != 0 and "empty database" in again.stderr

    counts = _row_counts(source)
    assert counts["handbooks_handbook"] >= 10_000 and counts["portal_agency"] >= 1_000
    assert _row_counts(target) == counts
    stored = _stored_checksums(source)
    assert len(stored) == 20 and all(recorded == actual for recorded, actual in stored.values())
    assert _stored_checksums(target) == stored
    on_disk = _disk_checksums(media)
    assert len(on_disk) == 20 and _disk_checksums(restored_media) == on_disk

    with psycopg.connect(source) as conn:
        published = [r[0] for r in conn.execute("SELECT id FROM handbooks_handbook WHERE live_version_id IS NOT NULL")]
    chosen = random.Random(16).sample(sorted(published), 50)  # noqa: S311
    servers = []
    try:
        for url, folder in ((source, media), (target, restored_media)):
            servers.append(
                start_gunicorn(
                    tmp_path / f"{len(servers)}.log",
                    portal_env(DATABASE_URL=url, MEDIA_ROOT=str(folder), ALLOWED_HOSTS="127.0.0.1," + HOST["Host"]),
                )
            )
        (_, before), (_, after) = servers
        for pk in chosen:
            path = reverse("public:handbook", kwargs={"pk": pk})
            # The same Host for both: the page prints its own address (and its QR code).
            original, copy = http(before, path, headers=HOST), http(after, path, headers=HOST)
            assert original[0] == copy[0] == 200, (pk, original[0], copy[0])
            assert NONCE.sub(b'nonce=""', copy[2]) == NONCE.sub(b'nonce=""', original[2]), pk
    finally:
        for process, _ in servers:
            process.stop()
