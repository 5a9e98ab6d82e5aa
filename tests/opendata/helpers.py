"""Helpers of the API tests: JSON from a URL name, and a walk over a cursor-paginated list."""

from __future__ import annotations

import json

from django.test import Client
from django.urls import reverse


def get(client: Client, name: str, query: dict | None = None, status: int = 200, **kwargs):
    response = client.get(reverse(name, kwargs=kwargs), query or {})
    assert response.status_code == status, (name, kwargs, response.status_code, response.content[:500])
    return json.loads(response.content) if response.content else None


def walk(client: Client, url: str) -> list[dict]:
    """Every result of a cursor-paginated list, following `next` links."""
    results = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content[:300]
        data = json.loads(response.content)
        results += data["results"]
        url = data["next"]
    return results
