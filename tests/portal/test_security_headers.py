"""Security headers on every page: CSP without unsafe-inline, no framing, no MIME sniffing."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize("url_name,signed_in", [("login", False), ("portal:dashboard", True)])
def test_pages_send_a_strict_content_security_policy(login, author, url_name, signed_in):
    response = login(author if signed_in else None).get(reverse(url_name))
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    # A nonce appears only when a page uses one; scripts come from our own origin.
    assert "script-src 'self'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_templates_have_no_inline_scripts_or_styles(login, author):
    body = login(author).get(reverse("portal:dashboard")).content.decode()
    assert "<script>" not in body and "style=" not in body and "<style" not in body


def test_production_settings_require_a_secret_key():
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env["DEBUG"] = "0"
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='portal.settings'; django.setup()",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
