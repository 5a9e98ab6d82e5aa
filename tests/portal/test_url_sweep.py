"""Deny by default: every non-public URL sends an anonymous visitor to the sign-in page."""

import uuid

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, PathConverter, SlugConverter, StringConverter, UUIDConverter

from tests.url_decisions import DECISIONS, PUBLIC

SAMPLE = {
    IntConverter: 1,
    UUIDConverter: uuid.UUID(int=1),
    SlugConverter: "x",
    StringConverter: "x",
    PathConverter: "x",
}


def _walk(patterns, namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns == "admin":
                continue
            full = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else ns
            yield from _walk(entry.url_patterns, full)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            converters = getattr(entry.pattern, "converters", {})
            kwargs = {key: SAMPLE[type(conv)] for key, conv in converters.items()}
            yield name, kwargs


ALL_URLS = dict(_walk(get_resolver().url_patterns))


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
