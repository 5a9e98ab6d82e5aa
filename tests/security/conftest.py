import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Personas are created per test; the production hasher (PBKDF2, a million rounds) would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
