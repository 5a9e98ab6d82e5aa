"""The client's address: the one answer behind the audit log and django-axes' lockout (AXES_CLIENT_IP_CALLABLE).

Behind nginx, REMOTE_ADDR is nginx for everyone: the audit log recorded nginx and axes, which locks a username
per address, locked every official out together after five failures from anyone. The proxy's
X-Forwarded-For is used, but only as far as it can be trusted:

- TRUSTED_PROXY_COUNT (default 0) is how many proxies stand in front of the portal; 0 means none, REMOTE_ADDR is
  the client.
- TRUSTED_PROXIES lists their addresses or networks. X-Forwarded-For is read only when REMOTE_ADDR is one of them:
  a client that reaches the portal directly and sends the header gets its own REMOTE_ADDR recorded.
- The header is read from the right: each proxy appends the address it was connected from, so the entries on the
  right were written by our proxies and the left-most by the client, who can write anything there. Stepping from
  REMOTE_ADDR leftwards over at most TRUSTED_PROXY_COUNT trusted proxies, the first other address is the client.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    # portal/settings.py refuses to start with an entry that is not an address or a network.
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _address(text: str | None) -> Address | None:
    try:
        address = ipaddress.ip_address((text or "").strip())
    except ValueError:
        return None
    # A dual-stack socket reports an IPv4 peer as ::ffff:a.b.c.d; compare and record it as the IPv4 address.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def trusted_proxy(address: Address) -> bool:
    return any(address in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_address(request: HttpRequest | None) -> str | None:
    """The client's IP address as text, or None when there is none (no request, no usable REMOTE_ADDR)."""
    if request is None:
        return None
    peer = _address(request.META.get("REMOTE_ADDR"))
    if peer is None:
        return None
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0 or not trusted_proxy(peer):
        return str(peer)
    forwarded = [entry for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    client = peer
    for entry in reversed(forwarded):
        # `client` is one of our proxies here; the entry on its left is the address that proxy was connected from.
        hops -= 1
        address = _address(entry)
        if address is None:
            break  # not written by a proxy of ours: keep the last address one of them vouched for
        client = address
        if hops <= 0 or not trusted_proxy(address):
            break
    return str(client)
