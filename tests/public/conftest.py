import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Personas are created with a password in every test; PBKDF2 would dominate the run time of these tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The public home caches its capped result count for a minute (portal.paging): start every test without it."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
