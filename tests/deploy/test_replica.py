"""Issue 16: with DATABASE_REPLICA_URL, anonymous public reads come from a real PostgreSQL streaming replica
(pg_basebackup -R of the suite's server, on its own port); officials and anyone who has just written read the
primary; a replica that lags or stops is left for the primary, with a warning, and no reader sees an error.

Two gunicorn processes on the suite's test database: `portal` checks the replica's health once an hour (so the
replica dies under a request it sends there), `strict` checks it on every request and allows 1 s of lag.
"""

import pytest
from django.conf import settings
from django.urls import reverse

from portal.models import Agency
from portal.replica import STICKY_COOKIE
from tests.approvals.helpers import published
from tests.deploy.services import Replica, http, portal_env, start_gunicorn, wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.deploy]


@pytest.fixture
def replica():
    replica = Replica()
    yield replica
    replica.destroy()


@pytest.fixture
def servers(replica, tmp_path, service_areas):
    started = {}
    for name, lag, check in (("portal", "3600", "3600"), ("strict", "1", "0")):
        env = portal_env(DATABASE_REPLICA_URL=replica.url(), REPLICA_MAX_LAG_SECONDS=lag, REPLICA_CHECK_SECONDS=check)
        started[name] = start_gunicorn(tmp_path / f"{name}.log", env)
    yield {name: port for name, (_, port) in started.items()}, {name: proc for name, (proc, _) in started.items()}
    for process, _ in started.values():
        process.stop()


def _on_replica(replica, agency_pk: int, name: str) -> bool:
    return replica.query("SELECT name = %s FROM portal_agency WHERE id = %s", (name, agency_pk)) == (True,)


def _page(port: int, path: str, cookie: str = "") -> str:
    status, _, body = http(port, path, headers={"Cookie": cookie} if cookie else {})
    assert status == 200, (status, body[:300])
    return body.decode()


def test_public_reads_use_the_replica_officials_and_writers_the_primary_and_a_lost_replica_the_primary(
    replica, servers, author, approver, login
):
    ports, processes = servers
    handbook = published(author, approver)
    agency = author.agency
    url = reverse("public:agency", kwargs={"pk": agency.pk})
    wait_for(lambda: _on_replica(replica, agency.pk, agency.name), "the replica to replay the fixtures")
    assert replica.query("SELECT pg_is_in_recovery()") == (True,)

    # The replica stops replaying: a change on the primary is not on it.
    replica.query("SELECT pg_wal_replay_pause()")
    Agency.objects.filter(pk=agency.pk).update(name="กรมทดสอบชื่อใหม่")

    assert "กรมทดสอบชื่อใหม่" not in _page(ports["portal"], url)  # anonymous: the replica
    assert agency.name in _page(ports["portal"], url)
    client = login(author)
    official = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    assert "กรมทดสอบชื่อใหม่" in _page(ports["portal"], url, official)  # an official: the primary
    # A write (here a refused sign-in form, any POST) pins the writer's next reads to the primary for a while.
    status, headers, _ = http(ports["portal"], reverse("login"), method="POST")
    assert status == 403 and f"{STICKY_COOKIE}=1" in headers["set-cookie"]
    assert "กรมทดสอบชื่อใหม่" in _page(ports["portal"], url, f"{STICKY_COOKIE}=1")
    # The API and the handbook page of an anonymous reader answer from the replica too.
    assert http(ports["portal"], reverse("api:agency", kwargs={"pk": agency.pk}))[0] == 200
    assert _page(ports["portal"], reverse("public:handbook", kwargs={"pk": handbook.pk}))

    # Lagging more than REPLICA_MAX_LAG_SECONDS: `strict` reads the primary and warns; `portal` (an hour) does not.
    wait_for(lambda: replica.query("SELECT now() - pg_last_xact_replay_timestamp() > interval '1.5 s'")[0], "lag")
    assert "กรมทดสอบชื่อใหม่" in _page(ports["strict"], url)
    assert "กรมทดสอบชื่อใหม่" not in _page(ports["portal"], url)
    assert "Read replica not used" in processes["strict"].output() and "lag" in processes["strict"].output()

    # Replaying again, the replica catches up and anonymous readers see the change.
    replica.query("SELECT pg_wal_replay_resume()")
    wait_for(lambda: "กรมทดสอบชื่อใหม่" in _page(ports["portal"], url), "the replica to catch up")

    # The replica stops mid-test: `portal` still believes it healthy, its query fails, the view runs again on the
    # primary; `strict` finds it down before the view. Nobody gets an error.
    Agency.objects.filter(pk=agency.pk).update(name="กรมหลังหยุดสำเนา")
    replica.stop()
    for port in (ports["portal"], ports["strict"]):
        for _ in range(3):
            assert "กรมหลังหยุดสำเนา" in _page(port, url)
    assert _page(ports["portal"], reverse("public:handbook", kwargs={"pk": handbook.pk}))
    assert processes["portal"].output().count("Read replica not used") == 1
    assert "query failed" in processes["portal"].output()
    # At most one warning a minute: `strict` warned of the lag moments ago, so the stop adds none.
    assert processes["strict"].output().count("Read replica not used") == 1
