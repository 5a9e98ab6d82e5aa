from importlib import import_module

import pytest


@pytest.fixture
def service_areas():
    """An earlier transactional test's flush removes the rows seeded by data migrations (P8 needs the areas)."""
    from django.apps import apps

    import_module("procedures.migrations.0002_seed_service_areas").seed(apps, None)
