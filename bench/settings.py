"""Settings for the benchmark: the product's settings plus two baseline URLs (see bench/urls.py).

A separate module so the product URLconf stays clean; everything else comes from the environment as in production.
"""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
