"""The SHIPPED deploy/nginx.conf in a real nginx in front of the portal (in a thread, X-Accel mode on):
uploaded files have no public address, and leave only through the views that check who may read them.

Locally, without nginx the tests are skipped with a message; in CI (CI=true) a missing nginx fails them.
"""

import os
import shutil
import socket
import subprocess
import time
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from pytest_django.live_server_helper import LiveServer

from handbooks.models import FormSample
from handbooks.workflow import HandbookVersion
from tests.approvals.helpers import attach_form_file, make_handbook, published, published_with_form_file

NGINX = os.environ.get("NGINX_PATH") or shutil.which("nginx") or "/usr/sbin/nginx"
SHIPPED_CONF = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"
PREFIX = "/_protected/"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def nginx_binary() -> str:
    if Path(NGINX).exists():
        return NGINX
    if os.environ.get("CI"):
        pytest.fail(f"CI needs nginx for tests/deploy (apt-get install nginx-light), not found at {NGINX}")
    pytest.skip(
        f"ไม่พบ nginx ({NGINX}): ติดตั้งด้วย apt-get install nginx-light เพื่อรันการทดสอบนี้ "
        "/ nginx not found: apt-get install nginx-light to run the deploy tests"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _substitute(text: str, old: str, new: str) -> str:
    """Replace a line of the shipped config that the test must adapt; fail loudly if it has changed."""
    assert text.count(old) == 1, f"deploy/nginx.conf no longer has exactly one {old!r}: update this test"
    return text.replace(old, new)


def render_config(upstream: str | list[str], port: int, static: Path, media: Path, prefix: Path) -> str:
    """The shipped server block with the test's addresses (one upstream server or several) and folders, inside a
    minimal main config whose pid, logs and temp folders are under `prefix` (the shipped file is an include of the
    image's http {} block)."""
    server = SHIPPED_CONF.read_text()
    servers = " ".join(f"server {address};" for address in ([upstream] if isinstance(upstream, str) else upstream))
    server = _substitute(server, "server web:8000;", servers)
    server = _substitute(server, "listen 80;", f"listen 127.0.0.1:{port};")
    server = _substitute(server, "alias /srv/static/;", f"alias {static}/;")
    server = _substitute(server, "alias /srv/media/;", f"alias {media}/;")
    server = _substitute(server, "proxy_cache_path /var/cache/nginx/portal ", f"proxy_cache_path {prefix}/cache ")
    temp = "\n".join(f"    {kind}_temp_path {prefix}/{kind}_temp;" for kind in ("client_body", "proxy", "fastcgi"))
    temp += f"\n    uwsgi_temp_path {prefix}/uwsgi_temp;\n    scgi_temp_path {prefix}/scgi_temp;"
    # One process, no worker switching to `nobody` (who could not read pytest's private temporary folders as root).
    return (
        f"pid {prefix}/nginx.pid;\nerror_log {prefix}/error.log;\nmaster_process off;\nevents {{}}\n"
        f"http {{\n    access_log {prefix}/access.log;\n{temp}\n{server}\n}}\n"
    )


class Nginx:
    def __init__(self, port: int, media: Path):
        self.port = port
        self.media = media

    def get(self, path: str, cookie: str = "") -> tuple[int, dict, bytes]:
        connection = HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            connection.close()


@pytest.fixture
def portal(transactional_db):
    """The portal's WSGI application alone, as gunicorn runs it (portal.wsgi), in a thread on a free port.

    Not pytest-django's live_server as is: Django's test server wraps the application in handlers that serve
    MEDIA_ROOT at /media/ (and the static files), which production does not have; they would answer a /media/ request
    that must reach the portal and get its 404."""
    server = LiveServer("127.0.0.1:0", start=False)
    server.thread.static_handler = lambda test_handlers: test_handlers.application
    server.start()
    yield server
    server.stop()


@pytest.fixture
def nginx(nginx_binary, portal, settings, tmp_path, service_areas):
    settings.FILES_X_ACCEL_PREFIX = PREFIX
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media").mkdir()
    (tmp_path / "static").mkdir()
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    address = urlsplit(portal.url)
    port = _free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(render_config(f"127.0.0.1:{address.port}", port, tmp_path / "static", tmp_path / "media", prefix))
    log = prefix / "error.log"
    process = subprocess.Popen(  # noqa: S603 (the nginx binary and a config this test wrote)
        [nginx_binary, "-c", str(conf), "-p", str(prefix), "-e", str(log), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    server = Nginx(port, tmp_path / "media")
    try:
        deadline = time.monotonic() + 5
        while True:
            if process.poll() is not None:
                pytest.fail(f"nginx stopped at start:\n{log.read_text() if log.exists() else ''}")
            try:
                if server.get("/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"nginx did not answer within 5 s:\n{log.read_text() if log.exists() else ''}")
            time.sleep(0.05)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _session_cookie(login, user) -> str:
    client = login(user)
    return f"{django_settings.SESSION_COOKIE_NAME}={client.cookies[django_settings.SESSION_COOKIE_NAME].value}"


def _assert_sent_by_nginx(status: int, headers: dict, body: bytes, content: bytes) -> None:
    assert status == 200, (status, body[:200])
    assert body == content
    assert headers["content-type"] == "application/pdf"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY" and headers["referrer-policy"] == "same-origin"
    assert headers["content-disposition"].startswith("inline; filename")
    # nginx read the file from disk (its ETag and byte ranges); the portal sent no bytes and its header stays inside.
    assert "etag" in headers and headers.get("accept-ranges") == "bytes"
    assert "x-accel-redirect" not in headers


def test_the_public_gets_a_published_form_file_only_through_the_checked_view(nginx, author, approver):
    content = b"%PDF-1.4\n% published form for nginx\n%%EOF\n"
    handbook, sample = published_with_form_file(author, approver, content=content)
    snapshot = HandbookVersion.objects.get(handbook=handbook, number=1).snapshot
    index = next(i for i, entry in enumerate(snapshot["forms"]) if entry["file"] == sample.file.name)
    url = reverse("public:form_file", kwargs={"pk": handbook.pk, "number": 1, "index": index})

    _assert_sent_by_nginx(*nginx.get(url), content)
    assert (nginx.media / sample.file.name).read_bytes() == content  # the file is really on disk: paths below exist
    assert nginx.get(f"/media/{sample.file.name}")[0] == 404
    assert nginx.get(f"{PREFIX}{sample.file.name}")[0] == 404  # internal: only an upstream's X-Accel-Redirect


def test_a_draft_upload_is_sent_to_its_official_and_is_404_for_the_public(nginx, author, login):
    content = b"%PDF-1.4\n% draft form, not approved\n%%EOF\n"
    sample = attach_form_file(make_handbook(author), content)
    url = reverse("handbooks:form_file", kwargs={"pk": sample.pk})

    assert nginx.get(url)[0] == 404
    assert nginx.get(f"/media/{sample.file.name}")[0] == 404
    assert nginx.get(f"{PREFIX}{sample.file.name}")[0] == 404
    _assert_sent_by_nginx(*nginx.get(url, cookie=_session_cookie(login, author)), content)


def test_a_thai_file_name_with_spaces_reaches_nginx_and_a_missing_file_is_404(nginx, author, login):
    sample = attach_form_file(make_handbook(author))
    name = f"handbooks/forms/{sample.handbook_id}/แบบคำขอ ฉบับที่ 2 (100%).pdf"
    content = b"%PDF-1.4\n% a Thai name\n%%EOF\n"
    (nginx.media / name).write_bytes(content)
    FormSample.objects.filter(pk=sample.pk).update(file=name)
    cookie = _session_cookie(login, author)
    url = reverse("handbooks:form_file", kwargs={"pk": sample.pk})

    status, headers, body = nginx.get(url, cookie=cookie)
    _assert_sent_by_nginx(status, headers, body, content)
    assert headers["content-disposition"] == f"inline; filename*=utf-8''{quote(name.rsplit('/', 1)[-1])}"

    (nginx.media / name).unlink()
    assert nginx.get(url, cookie=cookie)[0] == 404


def test_the_handbook_pdf_is_rendered_once_by_the_portal_and_sent_by_nginx(nginx, author, approver):
    """Issue 12: the first request renders and stores the PDF, nginx sends it from the media folder; the next
    request is sent from the same file with no render."""
    from handbooks import pdf
    from tests import pdf_tools

    pdf_tools.need_weasyprint()
    handbook = published_with_form_file(author, approver)[0]
    url = reverse("public:handbook_pdf", kwargs={"pk": handbook.pk})
    before = pdf.renders
    status, headers, body = nginx.get(url)
    stored = (nginx.media / pdf.stored_name(HandbookVersion.objects.get(handbook=handbook, number=1))).read_bytes()
    assert body.startswith(b"%PDF-")
    _assert_sent_by_nginx(status, headers, body, stored)
    _assert_sent_by_nginx(*nginx.get(url), stored)
    assert pdf.renders == before + 1
    assert nginx.get(f"/media/{pdf.FOLDER}{handbook.pk}/")[0] == 404


def test_the_second_anonymous_get_of_a_public_page_is_a_micro_cache_hit_and_a_session_bypasses_it(
    nginx, login, author, approver
):
    """deploy/nginx.conf's micro-cache (issue 15): anonymous GETs of the public pages are kept a few seconds; an
    official's request (the session cookie) always goes to the portal and is not stored."""
    handbook = published(author, approver)
    for path in [reverse("public:handbook", kwargs={"pk": handbook.pk}), reverse("public:home"), "/?q=%E0%B8%84"]:
        first = nginx.get(path)
        second = nginx.get(path)
        assert first[0] == 200 and first[1]["x-cache-status"] == "MISS", path
        assert second[0] == 200 and second[1]["x-cache-status"] == "HIT" and second[2] == first[2], path
    page = reverse("public:handbook", kwargs={"pk": handbook.pk})
    official = nginx.get(page, cookie=_session_cookie(login, author))
    assert official[0] == 200 and official[1]["x-cache-status"] == "BYPASS"
    assert "ออกจากระบบ".encode() in official[2]
    assert "ออกจากระบบ".encode() not in nginx.get(page)[2]  # the official's page was not stored
    # Officials' pages are outside the micro-cache altogether.
    assert "x-cache-status" not in nginx.get(reverse("portal:dashboard"))[1]
