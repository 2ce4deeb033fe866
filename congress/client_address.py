"""The client's network address, decided in one place.

Rate limits (django-ratelimit), PIN throttles, DRF throttles and login lockouts (django-axes) all key
on ``REMOTE_ADDR``. Behind the TLS proxy of docs/scaling.md that is the proxy's address, so
``ClientAddressMiddleware`` (first in ``MIDDLEWARE``) rewrites it from ``X-Forwarded-For`` — but only
when the peer is one of ``settings.TRUSTED_PROXIES``: the header is walked right to left past the
trusted proxies and the first other address is the client. Anyone else's header is ignored, so a
forged one changes nothing. The libraries are told to read ``REMOTE_ADDR`` and nothing else (DRF
``NUM_PROXIES = 0``, ``AXES_CLIENT_IP_CALLABLE``, ``RATELIMIT_IP_META_KEY``)."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# The peer's own address is kept here for the logs when REMOTE_ADDR was rewritten.
PEER_META_KEY = "congress.proxy_peer"


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    networks = []
    for entry in entries:
        entry = entry.strip()
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(f"TRUSTED_PROXIES: {entry!r} is not an address or network.") from error
    return tuple(networks)


def trusted_networks() -> tuple[Network, ...]:
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))


def _parse(value: str) -> Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 203.0.113.7:51234
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _trusted(address: Address, networks: Iterable[Network]) -> bool:
    return any(address in network for network in networks)


def client_address(peer: str, forwarded_for: str | None, networks: tuple[Network, ...]) -> str:
    """The client's address: ``peer`` unless it is a trusted proxy, then the right-most address of
    ``forwarded_for`` that is not a trusted proxy (a malformed entry stops the walk at the last good
    hop: what lies left of it was written by nobody we trust)."""
    current = _parse(peer)
    if current is None or not networks or not _trusted(current, networks) or not forwarded_for:
        return peer
    client = current
    for hop in reversed(forwarded_for.split(",")):
        address = _parse(hop)
        if address is None:
            break
        client = address
        if not _trusted(address, networks):
            break
    return str(client)


def remote_addr(request: HttpRequest) -> str:
    """What every limit keys on (axes' AXES_CLIENT_IP_CALLABLE): the address the middleware decided."""
    return str(request.META.get("REMOTE_ADDR", ""))


class ClientAddressMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        networks = trusted_networks()
        if networks:
            peer = str(request.META.get("REMOTE_ADDR", ""))
            client = client_address(peer, request.META.get("HTTP_X_FORWARDED_FOR"), networks)
            if client != peer:
                request.META[PEER_META_KEY] = peer
                request.META["REMOTE_ADDR"] = client
        return self.get_response(request)
