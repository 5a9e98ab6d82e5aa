import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Personas are created with a password in every test; PBKDF2 would dominate the run time of these tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
