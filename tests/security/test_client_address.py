"""The client's address behind the shipped nginx (issue 11, defect 9): the audit log and django-axes' lockout use
one function (portal.netaddr.client_address). X-Forwarded-For counts only when the request comes from a trusted
proxy, and only its right-most entries, which our proxies wrote; the left-most is whatever the client sent."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django.urls import reverse

from portal.models import AuditEntry
from portal.netaddr import client_address
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
NGINX = "172.18.0.5"  # the compose nginx on Docker's network
X, Y = "203.0.113.7", "198.51.100.23"  # two citizens' (TEST-NET) addresses


@pytest.fixture
def behind_nginx(settings):
    """The compose deployment: nginx is the one proxy, on one of Docker's private networks."""
    settings.TRUSTED_PROXIES = ["172.16.0.0/12", "192.168.0.0/16", "10.0.0.0/8"]
    settings.TRUSTED_PROXY_COUNT = 1


def _through_nginx(client_ip: str, sent_by_client: str = "") -> Client:
    # What nginx's `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for` passes on: the client's own
    # header, if any, then the address the client connected from.
    forwarded = f"{sent_by_client}, {client_ip}" if sent_by_client else client_ip
    return Client(REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=forwarded)


def _sign_in(client: Client, password: str = PASSWORD):
    return client.post(reverse("login"), {"username": "author", "password": password})


@pytest.mark.django_db
def test_audit_records_the_forwarded_client_only_when_the_request_comes_from_the_trusted_proxy(behind_nginx, author):
    assert _sign_in(_through_nginx(X)).status_code == 302
    assert AuditEntry.objects.get(action="portal.auth.login").ip_address == X
    AuditEntry.objects.all().delete()
    # A client reaching the portal directly (not through nginx) and sending the header: its own address.
    direct = Client(REMOTE_ADDR=Y, HTTP_X_FORWARDED_FOR=X)
    assert _sign_in(direct).status_code == 302
    assert AuditEntry.objects.get(action="portal.auth.login").ip_address == Y


@pytest.mark.django_db
def test_a_forged_left_most_entry_sent_through_the_proxy_is_ignored(behind_nginx, author):
    _sign_in(_through_nginx(X, sent_by_client="10.0.0.1, 192.0.2.99"), password="wrong-password-000")
    entry = AuditEntry.objects.get(action="portal.auth.login_failed")
    assert entry.ip_address == X
    assert AccessAttempt.objects.get().ip_address == X  # axes asks the same function


@pytest.mark.django_db
def test_five_failures_through_the_proxy_lock_out_that_client_only(behind_nginx, author):
    x = _through_nginx(X)
    for _ in range(4):
        assert _sign_in(x, password="bad-password-xyz").status_code == 200
    locked = _sign_in(x, password="bad-password-xyz")
    assert locked.status_code == 429 and "บัญชีถูกล็อกชั่วคราว" in locked.content.decode()
    assert _sign_in(x).status_code == 429  # X is locked out even with the right password
    # Another citizen behind the same nginx signs in as the same official.
    y = _through_nginx(Y)
    response = _sign_in(y)
    assert response.status_code == 302
    assert "_auth_user_id" in y.session
    assert set(AuditEntry.objects.filter(action="portal.auth.locked_out").values_list("ip_address", flat=True)) == {X}


@pytest.mark.django_db
def test_without_a_configured_proxy_the_header_is_never_read(author):
    """The default (TRUSTED_PROXY_COUNT=0): REMOTE_ADDR only, whatever the client sends."""
    x = Client(REMOTE_ADDR=X, HTTP_X_FORWARDED_FOR=Y)
    for _ in range(5):
        _sign_in(x, password="bad-password-xyz")
    assert _sign_in(Client(REMOTE_ADDR=X, HTTP_X_FORWARDED_FOR="192.0.2.1")).status_code == 429
    assert set(AuditEntry.objects.values_list("ip_address", flat=True)) == {X}


def _request(remote: str, forwarded: str | None = None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(
    ("proxies", "count", "remote", "forwarded", "expected"),
    [
        # nginx alone (compose)
        (["172.16.0.0/12"], 1, NGINX, X, X),
        (["172.16.0.0/12"], 1, NGINX, f"6.6.6.6, {X}", X),
        (["172.16.0.0/12"], 1, NGINX, f"{X}, 172.20.0.9", "172.20.0.9"),  # one hop only: the entry nginx wrote
        (["172.16.0.0/12"], 1, NGINX, None, NGINX),  # nothing forwarded (e.g. a health check from inside)
        (["172.16.0.0/12"], 1, NGINX, "", NGINX),
        (["172.16.0.0/12"], 1, NGINX, "not-an-address", NGINX),
        (["172.16.0.0/12"], 1, Y, X, Y),  # not from the proxy: the header is the client's own
        (["172.16.0.0/12"], 0, NGINX, X, NGINX),  # no proxy configured
        # a TLS proxy in front of nginx: two hops
        (["172.16.0.0/12", "192.0.2.10"], 2, NGINX, f"6.6.6.6, {X}, 192.0.2.10", X),
        (["172.16.0.0/12", "192.0.2.10"], 2, NGINX, f"6.6.6.6, {X}", X),  # nginx reached directly: X wrote no hop
        (["172.16.0.0/12", "192.0.2.10"], 2, NGINX, "192.0.2.10", "192.0.2.10"),
        # IPv6, and an IPv4 peer seen through a dual-stack socket
        (["fd00::/8"], 1, "fd00::5", "2001:db8::7", "2001:db8::7"),
        (["172.16.0.0/12"], 1, "::ffff:172.18.0.5", X, X),
        (["172.16.0.0/12"], 1, NGINX, f" {X} ", X),
    ],
)
def test_client_address_takes_the_right_most_untrusted_entry(settings, proxies, count, remote, forwarded, expected):
    settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_COUNT = proxies, count
    assert client_address(_request(remote, forwarded)) == expected


def test_client_address_without_a_usable_peer_is_none(settings):
    settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_COUNT = ["0.0.0.0/0"], 1
    assert client_address(None) is None
    assert client_address(_request("", X)) is None


def _settings_env(**extra: str) -> dict[str, str]:
    dropped = {"DJANGO_ALLOW_ASYNC_UNSAFE", "TRUSTED_PROXIES", "TRUSTED_PROXY_COUNT"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(DEBUG="1", DJANGO_SETTINGS_MODULE="portal.settings", **extra)
    return env


@pytest.mark.parametrize(
    "env",
    [{"TRUSTED_PROXIES": "nginx"}, {"TRUSTED_PROXIES": "172.16.0.0/33"}, {"TRUSTED_PROXY_COUNT": "1"}],
    ids=["a-name", "a-bad-network", "a-count-without-proxies"],
)
def test_a_wrong_proxy_setting_stops_the_portal_from_starting(env):
    code = "import django; django.setup()"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=_settings_env(**env), capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "TRUSTED_PROX" in result.stderr


def test_the_compose_web_service_trusts_nginx_on_dockers_networks():
    """docker-compose.yml and deploy/nginx.conf agree: nginx appends the address it was connected from, and the
    portal behind it trusts one hop from Docker's private networks."""
    compose = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    web = compose.split("\n  web:\n", 1)[1].split("\n  nginx:\n", 1)[0]
    count = re.search(r"TRUSTED_PROXY_COUNT: \$\{TRUSTED_PROXY_COUNT:-(\d+)\}", web)
    proxies = re.search(r"TRUSTED_PROXIES: \$\{TRUSTED_PROXIES:-([^}]+)\}", web)
    assert count and count.group(1) == "1"
    assert proxies and set(proxies.group(1).split(",")) >= {"172.16.0.0/12", "192.168.0.0/16"}
    nginx = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in nginx
    assert "ports:" not in web  # only nginx reaches the portal: nothing else can send it the header
