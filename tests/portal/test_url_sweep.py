"""Deny by default: every non-public URL sends an anonymous visitor to the sign-in page."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.security.helpers import walk
from tests.url_decisions import DECISIONS, PUBLIC

ALL_URLS = dict(walk())


def test_every_url_has_a_decision():
    missing = sorted(set(ALL_URLS) - set(DECISIONS))
    stale = sorted(set(DECISIONS) - set(ALL_URLS))
    assert not missing, f"URL names without a public/login decision in tests/url_decisions.py: {missing}"
    assert not stale, f"Decisions for URL names that no longer exist: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ALL_URLS))
def test_anonymous_get_is_redirected_to_sign_in_unless_public(client, name):
    url = reverse(name, kwargs=ALL_URLS[name])
    response = client.get(url)
    if DECISIONS.get(name) == PUBLIC:
        assert not (response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL)))
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL) + "?next=")


@pytest.mark.django_db
def test_anonymous_admin_is_redirected_to_sign_in(client):
    response = client.get(reverse("admin:portal_agency_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL) + "?next=/admin/")
