"""Shared helpers of the security tests: every URL name of the project and the objects the URLs point at."""

from __future__ import annotations

import uuid

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter, PathConverter, SlugConverter, StringConverter, UUIDConverter

from portal.converters import IdConverter

SAMPLE = {
    IntConverter: 1,
    IdConverter: 1,
    UUIDConverter: uuid.UUID(int=1),
    SlugConverter: "x",
    StringConverter: "x",
    PathConverter: "x",
}


def walk(patterns=None, namespace: str | None = None):
    """(url name, sample kwargs) for every named URL outside the Django admin (same walk as the URL sweep)."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns == "admin":
                continue
            full = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else ns
            yield from walk(entry.url_patterns, full)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            converters = getattr(entry.pattern, "converters", {})
            yield name, {key: SAMPLE[type(conv)] for key, conv in converters.items()}


def all_url_names() -> set[str]:
    return {name for name, _kwargs in walk()}
