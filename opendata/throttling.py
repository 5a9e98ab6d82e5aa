"""Rate limit of the public API, per client address.

DRF's own throttles identify a client by REMOTE_ADDR or by the left-most X-Forwarded-For entry, which any client
can write: behind nginx the first lumps every citizen together, the second lets anyone pick a fresh identity per
request. `portal.netaddr.client_address` (the function behind the audit log and the sign-in lockout) reads the
header only from trusted proxies and only the entries they wrote. The counts live in the default cache, shared by
every worker when REDIS_URL is set (production), as DRF's SimpleRateThrottle keeps them.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from portal.netaddr import client_address


class ClientAddressThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self) -> str:
        # Read at each request (DRF copies its rates into the class once, at import).
        return settings.API_THROTTLE_RATE

    def get_cache_key(self, request, view) -> str:
        # DRF's Request wraps Django's: the address is read from the wrapped request's META.
        ident = client_address(getattr(request, "_request", request)) or "unknown"
        return self.cache_format % {"scope": self.scope, "ident": ident}
