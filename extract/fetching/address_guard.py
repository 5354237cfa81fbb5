"""SSRF guard: refuse hosts that resolve to addresses a news crawler has no business reaching.

A feed or a redirect can point at `http://169.254.169.254/` (cloud metadata) or `http://localhost:2375/`.
Every hop is resolved here first; if any address of the host is loopback, private, link-local,
multicast, reserved or unspecified the request is refused (`private_address`). When the guard is on,
the request is then sent to the checked IP itself (Host header and TLS SNI keep the name), so a DNS
answer that changes between check and connect (rebinding) cannot slip through.
"""

from __future__ import annotations

import ipaddress
import socket

from extract.fetching.errors import FetchError
from extract.fetching.settings import FetchSettings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_public_address(address: IPAddress) -> bool:
    """True for globally routable unicast addresses (IPv4-mapped IPv6 judged as the IPv4 inside)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def host_is_allowlisted(host: str, port: int, settings: FetchSettings) -> bool:
    entries = {entry.lower() for entry in settings.allowed_private_hosts}
    return host.lower() in entries or f"{host.lower()}:{port}" in entries


def resolve_checked(host: str, port: int, settings: FetchSettings) -> str | None:
    """The IP to connect to when the guard is on, None when it is off; raises FetchError if refused."""
    if settings.allow_private_addresses:
        return None
    allowlisted = host_is_allowlisted(host, port, settings)
    try:
        literal = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        literal = None
    if literal is not None:
        addresses = [literal]
    else:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise FetchError("connect_error", f"DNS lookup of {host} failed: {exc}") from exc
        addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
        if not addresses:
            raise FetchError("connect_error", f"DNS lookup of {host} returned no address")
    if not allowlisted:
        refused = [str(a) for a in addresses if not is_public_address(a)]
        if refused:
            raise FetchError(
                "private_address",
                f"{host} resolves to non-public address {', '.join(refused)}; refused by the SSRF guard "
                "(allow with --allow-private-addresses, FRONTLINES_ALLOW_PRIVATE_ADDRESSES=1 "
                "or allowed_private_hosts)",
            )
    return str(addresses[0])
