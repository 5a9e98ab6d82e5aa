import pytest


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The public home caches its capped result count for a minute (portal.paging): start every test without it."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
