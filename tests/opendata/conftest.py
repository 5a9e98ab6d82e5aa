import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: no API answer, throttle count or generation of an earlier test (whose
    rows may have had the same ids) is read back."""
    cache.clear()
    yield
    cache.clear()
