"""Whole public pages from the shared cache (issue 15: the national peak).

A published version never changes, so what a citizen reads is the same for everyone until the next publication.
`serve(request, key, render)` answers an anonymous GET from the copy stored under `key`, rendering it (once) when
the cache has none:

- **The key says what the page shows.** The caller puts in it everything the page depends on: the live version's
  id (read from the database on every request, so a request that starts after a publication's commit never reads
  the previous version's copy), the publication generation for lists (`portal.paging.generation`, bumped by
  publication, unpublication and any change of an agency), the date and the site address. Nothing is deleted on
  invalidation: a new key is simply never the old one, and old copies expire.
- **Only anonymous visitors** (no session cookie) get a stored copy: the pages show a signed-in official their name,
  agency, menu and messages. Their pages are rendered afresh and marked `Cache-Control: private`.
- **Conditional GETs**: a strong `ETag` (a hash of the body) and `Last-Modified`; `If-None-Match` or
  `If-Modified-Since` that match answer 304 without a body. `Cache-Control: public, max-age=…` lets nginx's micro-cache
  and a CDN keep the page briefly (`Vary: Cookie`: a signed-in request is never answered from them).
- **Stampede**: when the copy is missing, the first request takes a lock (`cache.add`) and renders; the others wait
  for its copy (polling briefly) instead of all rendering the same page. They never answer with an older copy,
  which could be a version that is no longer live; after `WAIT_SECONDS` without a copy they render it themselves.
  While the cache is down (portal.cache) nobody waits.
- **A copy in the worker too.** A page under a given key never changes, so each worker also keeps the pages it
  served last in its own memory (`LocalPages`, at most `PAGE_CACHE_LOCAL_BYTES`, least recently used out first):
  a hot page then costs no Redis read either. Only while the shared cache answers: a key made while it is down (a
  generation of 0) must not be kept.
Only 200 answers are stored; a 404 of an unpublished page is rendered every time. A stored page must not carry a
per-request value: the public templates print no CSRF token and no CSP nonce for anonymous visitors (keep it so).
If a publication happens while Redis is unreachable, its generation bump is lost: the lists may then be stale for up
to TIMEOUT once Redis is back (the handbook pages never are: their key comes from the database).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from .paging import cache_is_down

# How long a stored page lives (its key changes anyway when what it shows changes); the browser/proxy freshness.
TIMEOUT = 600
MAX_AGE = 60
# The lock of one page's render, and how long the others wait for its copy before they render it themselves.
LOCK_SECONDS = 10
WAIT_SECONDS = 2.0
POLL_SECONDS = 0.02
# A counter of the renders of pages that could be stored (every worker, while the cache is up): what
# bench/run.py's stampede measurement reads.
RENDERS_KEY = "pagecache:renders"


@dataclass(frozen=True)
class Page:
    body: bytes
    content_type: str
    etag: str
    last_modified: float


class LocalPages:
    """The pages this worker served last, by key, at most `limit` bytes of bodies (least recently used out first)."""

    def __init__(self, limit: int):
        self.limit = limit
        self.size = 0
        self._pages: OrderedDict[str, Page] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Page | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: str, page: Page) -> None:
        if len(page.body) > self.limit:
            return
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self.size -= len(old.body)
            self._pages[key] = page
            self.size += len(page.body)
            while self.size > self.limit:
                _key, dropped = self._pages.popitem(last=False)
                self.size -= len(dropped.body)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self.size = 0


_local: LocalPages | None = None


def local_pages() -> LocalPages | None:
    """This worker's LocalPages (None when PAGE_CACHE_LOCAL_BYTES is 0), made again if the setting changed."""
    global _local
    limit = settings.PAGE_CACHE_LOCAL_BYTES
    if not limit:
        return None
    if _local is None or _local.limit != limit:
        _local = LocalPages(limit)
    return _local


def is_anonymous(request: HttpRequest) -> bool:
    """No session cookie: nobody signed in, nothing personal on the page (and no database read to find out)."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def key_for(*parts) -> str:
    """A cache key from the page's name and what it depends on (hashed: a search text can be long)."""
    digest = hashlib.sha256(repr(parts[1:]).encode()).hexdigest()[:32]
    return f"page:{parts[0]}:{digest}"


def serve(
    request: HttpRequest,
    key: str,
    render: Callable[[], HttpResponse],
    last_modified: datetime | None = None,
) -> HttpResponse:
    """The page stored under `key` for an anonymous visitor (rendering and storing it when missing), or `render()`
    for a signed-in one. `last_modified`: when what the page shows last changed (default: when it was rendered)."""
    if not is_anonymous(request):
        response = render()
        patch_cache_control(response, private=True)
        patch_vary_headers(response, ("Cookie",))
        return response
    local = None if cache_is_down() else local_pages()
    page = local.get(key) if local else None
    if page is None:
        page = cache.get(key)
        if page is None:
            page = _fill(key, render, last_modified)
            if isinstance(page, HttpResponse):  # not a 200: sent as it is, not stored
                return page
        if local and not cache_is_down():
            local.put(key, page)
    return _respond(request, page)


def _render_page(render: Callable[[], HttpResponse], last_modified: datetime | None) -> Page | HttpResponse:
    response = render()
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    if response.status_code != 200 or response.streaming:
        return response
    body = response.content
    stamp = last_modified.timestamp() if last_modified else time.time()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    _count_render()
    return Page(body, response["Content-Type"], etag, stamp)


def _count_render() -> None:
    try:
        cache.incr(RENDERS_KEY)
    except ValueError:
        cache.add(RENDERS_KEY, 1, None)


def _store(key: str, render, last_modified) -> Page | HttpResponse:
    page = _render_page(render, last_modified)
    if isinstance(page, Page):
        cache.set(key, page, TIMEOUT)
    return page


def _fill(key: str, render, last_modified) -> Page | HttpResponse:
    lock = f"{key}:lock"
    if cache.add(lock, 1, LOCK_SECONDS):
        try:
            return _store(key, render, last_modified)
        finally:
            cache.delete(lock)
    deadline = time.monotonic() + WAIT_SECONDS
    while not cache_is_down() and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        page = cache.get(key)
        if page is not None:
            return page
        if cache.add(lock, 1, LOCK_SECONDS):  # the renderer gave up (a 404, an error): render in its place
            try:
                return _store(key, render, last_modified)
            finally:
                cache.delete(lock)
    return _render_page(render, last_modified)


def _respond(request: HttpRequest, page: Page) -> HttpResponse:
    response = HttpResponse(page.body, content_type=page.content_type)
    response["ETag"] = page.etag
    response["Last-Modified"] = http_date(page.last_modified)
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    patch_vary_headers(response, ("Cookie",))
    return get_conditional_response(request, etag=page.etag, last_modified=int(page.last_modified), response=response)
