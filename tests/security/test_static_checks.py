"""Static and configuration checks a government reviewer asks for: bandit, the deploy check, the # nosec reasons."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["portal", "laws", "procedures", "handbooks", "approvals", "opendata"]
NOSEC = re.compile(r"#\s*nosec\b(?P<rest>.*)$")
REASON = re.compile(r"^(\s+B\d{3}(\s*,\s*B\d{3})*)?\s*(-|—|:)\s*\S")


def _run(args: list[str], env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)  # noqa: S603


def test_bandit_reports_no_medium_or_high_finding():
    bandit = Path(sys.executable).with_name("bandit")
    if not bandit.exists():
        pytest.fail(f"bandit is part of requirements-dev.txt but was not found next to {sys.executable}")
    result = _run([str(bandit), "-r", *APPS, "-x", "*/migrations/*", "-ll", "-f", "json", "-q"])
    report = json.loads(result.stdout)
    findings = [
        f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_severity']}: {r['issue_text']}"
        for r in report["results"]
    ]
    assert not findings, "bandit (medium or high):\n" + "\n".join(findings)
    assert not report["errors"], report["errors"]
    assert report["metrics"]["_totals"]["loc"] > 1000  # it really scanned the apps


def test_every_nosec_states_its_reason():
    """A `# nosec` must say why: text after it (`# nosec B105 - reason`) or a comment on the line above."""
    unexplained = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            lines = path.read_text(encoding="utf-8").splitlines()
            for number, line in enumerate(lines, start=1):
                match = NOSEC.search(line)
                if not match:
                    continue
                previous = lines[number - 2].strip() if number > 1 else ""
                if not (REASON.match(match.group("rest")) or previous.startswith("#")):
                    unexplained.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not unexplained, "# nosec without a reason:\n" + "\n".join(unexplained)


def _production_env(**extra) -> dict:
    # Production has none of the test run's switches (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE).
    dropped = {"DEBUG", "SECURE_SSL", "SECURE_HSTS_SECONDS", "DJANGO_ALLOW_ASYNC_UNSAFE", "ALLOW_INSECURE_DEV_KEY"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(64),
        DEBUG="0",
        SECURE_SSL="1",
        ALLOWED_HOSTS="handbook.example.go.th",
        CSRF_TRUSTED_ORIGINS="https://handbook.example.go.th",
        DJANGO_SETTINGS_MODULE="portal.settings",
    )
    env.update(extra)
    return env


def test_production_settings_pass_the_deploy_check_without_any_warning():
    result = _run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], _production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_switch_on_hsts_secure_cookies_and_ssl_redirect():
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; print(json.dumps({"
        "'hsts': s.SECURE_HSTS_SECONDS, 'sub': s.SECURE_HSTS_INCLUDE_SUBDOMAINS, 'redirect': s.SECURE_SSL_REDIRECT,"
        "'session': s.SESSION_COOKIE_SECURE, 'csrf': s.CSRF_COOKIE_SECURE, 'httponly': s.SESSION_COOKIE_HTTPONLY,"
        "'proxy': s.SECURE_PROXY_SSL_HEADER, 'debug': s.DEBUG, 'xfo': s.X_FRAME_OPTIONS}))"
    )
    result = _run([sys.executable, "-c", code], _production_env())
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["hsts"] >= 31536000 and values["sub"] is True
    assert values["redirect"] is True and values["session"] is True and values["csrf"] is True
    assert values["httponly"] is True and values["debug"] is False and values["xfo"] == "DENY"
    assert values["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_deploy_check_fails_when_https_is_switched_off():
    """The check has teeth: without SECURE_SSL the same command reports the missing HTTPS settings."""
    env = _production_env(SECURE_SSL="0")
    result = _run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout  # HSTS
    assert "security.W008" in result.stderr + result.stdout  # SSL redirect


TEMPLATE_DIRS = [ROOT / "templates", *(ROOT / app / "templates" for app in APPS)]
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\bnonce=)[^>]*>", re.I), "inline <script> without a nonce"),
    (re.compile(r"\sstyle\s*=", re.I), 'style="" attribute'),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I), "inline event handler"),
    (re.compile(r"href\s*=\s*[\"']\s*javascript:", re.I), "javascript: link"),
]


def test_templates_have_nothing_the_content_security_policy_would_block():
    """CSP is script-src 'self' + nonce and style-src 'self': any of these would be blocked in the browser."""
    found = []
    for folder in TEMPLATE_DIRS:
        for path in folder.rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            for pattern, what in INLINE:
                for match in pattern.finditer(text):
                    line = text.count("\n", 0, match.start()) + 1
                    found.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert not found, "\n".join(found)
    assert sum(1 for folder in TEMPLATE_DIRS for _ in folder.rglob("*.html")) > 20  # it really read the templates


def test_python_code_renders_no_style_attributes():
    """HTML built in Python (format_html, mark_safe, admin columns) obeys the same CSP as the templates."""
    found = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                code = line.split("#", 1)[0]
                if re.search(r"""style=\\?["'{]|<script>|<style""", code):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


def test_admin_agency_tree_indents_without_style_attributes(db):
    from django.test import Client
    from django.urls import reverse

    from tests.factories import AgencyFactory, UserFactory

    ministry = AgencyFactory(code="14000000", name="กระทรวงพาณิชย์", level_kind="ministry", parent=None)
    AgencyFactory(code="14004000", name="กรมพัฒนาธุรกิจการค้า", level_kind="department", parent=ministry)
    client = Client()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    html = client.get(reverse("admin:portal_agency_changelist")).content.decode()
    assert 'class="agency-indent-1">กรมพัฒนาธุรกิจการค้า' in html
    assert "text-indent" not in html and "css/admin_tree.css" in html
