"""Issue 16: two web nodes behind one nginx (the shipped deploy/nginx.conf with both in its upstream), each a real
gunicorn with its own MEDIA_ROOT, sharing the suite's PostgreSQL test database and a private redis-server, files in
the database (FILE_STORAGE=database). What one node does, the other serves: an official's session, an uploaded file,
a publication (which makes the other node's cached API answers and public pages stale at once)."""

import json
import re
import secrets

import pytest
from django.conf import global_settings
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from handbooks.models import FormSample
from portal.models import StoredFile
from tests.approvals.helpers import pending
from tests.deploy.services import (
    Process,
    free_port,
    http,
    need_postgresql,
    portal_env,
    start_gunicorn,
    start_redis,
    wait_for,
)
from tests.deploy.test_nginx_files import render_config
from tests.factories import PASSWORD
from tests.handbooks.helpers import add_row, form_data

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.deploy]

PDF = b"%PDF-1.4\n% uploaded through node A\n" + secrets.token_bytes(300_000) + b"\n%%EOF\n"


class Browser:
    """Cookies kept across requests to any node, a CSRF token of its own (cookie and form field)."""

    def __init__(self):
        self.csrf = secrets.token_hex(16)  # 32 characters: Django's unmasked secret length
        self.cookies = {django_settings.CSRF_COOKIE_NAME: self.csrf}

    def _headers(self, extra: dict | None = None) -> dict:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Host": "127.0.0.1"}
        return {**headers, **(extra or {})}

    def _keep(self, headers: dict) -> None:
        for name, value in re.findall(r"(?:^|, )(\w+)=([^;]*);", headers.get("set-cookie", "")):
            self.cookies[name] = value

    def get(self, port: int, path: str):
        status, headers, body = http(port, path, headers=self._headers())
        self._keep(headers)
        return status, headers, body

    def post(self, port: int, path: str, data: dict):
        body = encode_multipart(BOUNDARY, {**data, "csrfmiddlewaretoken": self.csrf})
        status, headers, content = http(
            port, path, method="POST", body=body, headers=self._headers({"Content-Type": MULTIPART_CONTENT})
        )
        self._keep(headers)
        return status, headers, content

    def sign_in(self, port: int, user) -> None:
        status, headers, body = self.post(port, reverse("login"), {"username": user.username, "password": PASSWORD})
        assert status == 302, (status, body[:500])


@pytest.fixture
def real_passwords(settings, author, approver):
    """The nodes use the production password hashers, not the suite's fast one."""
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    for user in (author, approver):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])


@pytest.fixture
def nodes(tmp_path, nginx_binary, service_areas):
    need_postgresql()  # the nodes share the suite's database: a server both processes reach
    redis, redis_port = start_redis(tmp_path / "redis.log")
    started = []
    for name in ("a", "b"):
        media = tmp_path / f"media-{name}"
        media.mkdir()
        env = portal_env(FILE_STORAGE="database", MEDIA_ROOT=str(media), REDIS_URL=f"redis://127.0.0.1:{redis_port}/0")
        started.append(start_gunicorn(tmp_path / f"node-{name}.log", env))
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    (tmp_path / "static").mkdir()
    port = free_port()
    conf = prefix / "nginx.conf"
    upstreams = [f"127.0.0.1:{node_port}" for _, node_port in started]
    conf.write_text(render_config(upstreams, port, tmp_path / "static", tmp_path / "media-a", prefix))
    nginx = Process([nginx_binary, "-c", str(conf), "-p", str(prefix), "-g", "daemon off;"], prefix / "out.log")
    wait_for(lambda: http(port, "/healthz")[0] == 200, "nginx")
    yield {"nginx": port, "a": started[0][1], "b": started[1][1], "logs": [p for p, _ in started]}
    for process in [nginx, redis, *(p for p, _ in started)]:
        process.stop()


@pytest.fixture
def nginx_binary():
    from tests.deploy.test_nginx_files import NGINX, Path

    if Path(NGINX).exists():
        return NGINX
    from tests.deploy.services import need

    return need("nginx")


def _api_names(port: int) -> set[int]:
    status, _, body = http(port, reverse("api:handbooks"))
    assert status == 200, body[:300]
    return {row["id"] for row in json.loads(body)["results"]}


def test_a_session_an_upload_and_a_publication_made_on_one_node_are_served_by_the_other(
    nodes, real_passwords, author, approver, tmp_path
):
    a, b = nodes["a"], nodes["b"]
    official = Browser()
    official.sign_in(a, author)
    status, _, body = official.get(b, reverse("portal:dashboard"))
    assert status == 200 and author.get_full_name().encode() in body  # the session made on A, on B

    # An upload through A's handbook form: stored in PostgreSQL, on neither node's disk, sent by B.
    handbook = pending(author)
    handbook.return_for_changes(approver, "กรุณาแนบแบบคำขอ")
    data = form_data(handbook, author)
    add_row(data, "forms", name="แบบคำขอผ่านโหนด A", position=1)
    data["forms-1-file"] = SimpleUploadedFile("แบบคำขอ.pdf", PDF, "application/pdf")
    status, _, body = official.post(a, reverse("handbooks:update", args=[handbook.pk]), data)
    assert status == 302, body[:1000]
    sample = FormSample.objects.get(handbook=handbook, name="แบบคำขอผ่านโหนด A")
    assert StoredFile.objects.filter(name=sample.file.name, size=len(PDF)).exists()
    assert not any((tmp_path / f"media-{n}" / sample.file.name).exists() for n in "ab")
    file_url = reverse("handbooks:form_file", args=[sample.pk])
    status, headers, body = official.get(b, file_url)
    assert status == 200 and body == PDF and headers["content-type"] == "application/pdf"

    # Through nginx: both nodes answer in turn, each with the same file.
    for _ in range(4):
        status, _, body = official.get(nodes["nginx"], file_url)
        assert status == 200 and body == PDF
    for log in nodes["logs"]:
        assert file_url in log.output()

    # A publication on A: B's cached API list (in the shared Redis) is stale at once.
    reviewer = Browser()
    reviewer.sign_in(a, approver)
    status, _, _ = official.post(a, reverse("approvals:submit", args=[handbook.pk]), {"change_note": "แนบแบบคำขอ"})
    assert status == 302
    assert handbook.pk not in _api_names(b)  # now cached on B
    assert handbook.pk not in _api_names(b)
    public_page = reverse("public:handbook", args=[handbook.pk])
    for _ in range(2):  # the citizens' home page, cached on B (in the shared Redis, by publication generation)
        status, _, body = http(b, reverse("public:home"))
        assert status == 200 and public_page.encode() not in body
    status, _, body = reviewer.post(a, reverse("approvals:approve", args=[handbook.pk]), {"comment": ""})
    assert status == 302, body[:500]
    handbook.refresh_from_db()
    assert handbook.live_version is not None
    assert handbook.pk in _api_names(b)
    assert handbook.pk in _api_names(nodes["nginx"])
    status, _, body = http(b, reverse("public:home"))  # B's cached home page is stale at once
    assert status == 200 and public_page.encode() in body
    status, _, body = http(b, public_page)
    assert status == 200 and handbook.reference_name.encode() in body
