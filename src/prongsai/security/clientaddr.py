"""The real client address, for every guard (survey flood, complaint receipts, login throttling).

Behind a reverse proxy REMOTE_ADDR is the proxy, and X-Forwarded-For is whatever the client
wrote followed by what each proxy appended. Only hops added by proxies we trust can be believed,
so the operator says which ones (PRONGSAI_TRUSTED_PROXIES):

- unset or 0: no proxy; X-Forwarded-For is ignored and REMOTE_ADDR is the client;
- a count N: N proxies in front; the client is the N-th hop from the right of
  X-Forwarded-For + REMOTE_ADDR (with 1, the right-most X-Forwarded-For entry);
- a list of addresses or networks: walking from REMOTE_ADDR leftwards, hops from trusted
  proxies are skipped and the first other hop is the client.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
TrustedProxies = int | tuple[Network, ...]


def parse_trusted_proxies(raw: str | int | list | tuple | None) -> TrustedProxies:
    """A count of proxies, or the networks proxies speak from; ImproperlyConfigured otherwise."""
    if raw is None or raw == "":
        return 0
    if isinstance(raw, int):
        count = raw
    elif isinstance(raw, str) and raw.strip().isdigit():
        count = int(raw.strip())
    else:
        items = raw.split(",") if isinstance(raw, str) else raw
        try:
            return tuple(
                item
                if isinstance(item, Network)
                else ipaddress.ip_network(item.strip(), strict=False)
                for item in items
                if not isinstance(item, str) or item.strip()
            )
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"PRONGSAI_TRUSTED_PROXIES must be a count or a comma-separated list of "
                f"addresses or networks, got {raw!r}: {exc}"
            ) from None
    if count < 0:
        raise ImproperlyConfigured("PRONGSAI_TRUSTED_PROXIES must not be negative")
    return count


@lru_cache(maxsize=8)
def _trusted(raw) -> TrustedProxies:
    return parse_trusted_proxies(raw)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """One hop as an address: '1.2.3.4', '1.2.3.4:5678', '[::1]:80' or '::1'; None if garbage."""
    text = text.strip()
    if text.startswith("[") and "]" in text:
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # IPv4 with a port
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def client_address(request) -> str:
    """The client's address as text ('' when the server did not say)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    raw = getattr(settings, "TRUSTED_PROXIES", 0)
    trusted = _trusted(tuple(raw) if isinstance(raw, list) else raw)
    if not trusted:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop for hop in forwarded.split(",") if hop.strip()] + [remote]
    if isinstance(trusted, int):
        hop = _address(hops[max(0, len(hops) - 1 - trusted)])
        return str(hop) if hop else remote
    client = _address(remote)
    if client is None:
        return remote
    for text in reversed(hops[:-1]):
        if not any(client in network for network in trusted):
            break  # the hop we stand on is not a proxy we trust: it is the client
        hop = _address(text)
        if hop is None:
            break  # a trusted proxy passed on garbage: the proxy is all we know
        client = hop
    return str(client)
