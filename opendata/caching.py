"""The API's response cache and conditional requests (ETag, Last-Modified → 304).

Every 200 answer of the API is kept in the shared cache (Redis in production: every worker sees it) under a key
that holds the *publication generation* of `portal.paging`: the approve and unpublish transitions advance it
(handbooks.workflow), so the first request after a publication builds its answer afresh. Nothing else invalidates
entries: they expire after API_CACHE_SECONDS, which bounds how long an agency edited in the admin keeps its old
name in /api/v1/agencies/ (handbook answers carry the agency as their version recorded it, and do not change).

Each answer carries an ETag: for a handbook, a version or its CPSV-AP document, the live (or requested) version's
id, with Last-Modified its approval time, both known from one small query before anything is built; for a list,
a digest of the body. A request whose If-None-Match (or If-Modified-Since) still matches gets 304 and no body.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from portal.paging import generation

# Part of every cache key and of the version ETags: change it when the shape of the answers changes, so that a
# deployment never serves an answer built by the previous code.
API_REVISION = "1"

PASSED_ON = ("Content-Type", "ETag", "Last-Modified", "Content-Language")


def cache_seconds() -> int:
    return int(getattr(settings, "API_CACHE_SECONDS", 300))


def cache_key(request: HttpRequest) -> str:
    # The address and the format content negotiation chose (the CPSV-AP document is JSON-LD or plain JSON).
    url = f"{request.build_absolute_uri()} {getattr(request, 'accepted_media_type', '')}"
    digest = hashlib.sha256(url.encode("utf-8", "surrogateescape")).hexdigest()
    return f"api:{generation()}:{API_REVISION}:{digest}"


def version_etag(kind: str, version_id: int) -> str:
    return f'"{kind}-{version_id}-r{API_REVISION}"'


def body_etag(content: bytes) -> str:
    return f'"b-{hashlib.sha256(content).hexdigest()[:32]}-r{API_REVISION}"'


def timestamp(moment: datetime | None) -> int | None:
    return int(moment.timestamp()) if moment is not None else None


def not_modified(request: HttpRequest, etag: str | None, last_modified: int | None) -> HttpResponse | None:
    """The 304 answer when the client's copy is current, else None."""
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    return response if response is not None and response.status_code == 304 else None


def decorate(response: HttpResponse, etag: str | None, last_modified: int | None) -> HttpResponse:
    """Headers every answer of the public API carries (also a 304, which repeats the validators)."""
    if etag:
        response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    # Clients may keep a copy but must ask again each time (a 304 costs one cache read): an unpublished handbook
    # must not linger in anybody's cache.
    response["Cache-Control"] = "public, no-cache"
    patch_vary_headers(response, ["Accept"])
    # Read-only, no credentials: other agencies' websites may call the API from their pages.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def cached(key: str) -> dict | None:
    return cache.get(key)


def store(key: str, response: HttpResponse, etag: str, last_modified: int | None) -> None:
    entry = {
        "content": response.content,
        "content_type": response["Content-Type"],
        "etag": etag,
        "last_modified": last_modified,
    }
    cache.set(key, entry, cache_seconds())


def from_entry(entry: dict) -> HttpResponse:
    response = HttpResponse(entry["content"], content_type=entry["content_type"])
    return decorate(response, entry["etag"], entry["last_modified"])
