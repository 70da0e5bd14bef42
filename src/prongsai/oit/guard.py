"""Where the OIT checker may connect: public addresses only, unless the operator opts in.

An evidence URL is typed by an officer, so it may name the server's own network
(`http://127.0.0.1:6379/`, `http://localhost/`, `http://[::ffff:127.0.0.1]/`,
`http://2130706433/`, or a public page that redirects there). The guard sits under httpx as
the network backend, so it decides every TCP connection the checker opens, for the first URL
and for every redirect hop alike, and no caller can forget it:

1. the host is resolved once (getaddrinfo; integer, octal and hex hosts such as 2130706433
   or 0x7f.1 resolve to the address they mean);
2. every address returned is judged; one refused address refuses the host;
3. the connection goes to an address that was judged, never to a second look-up, so a host
   whose DNS answer changes in between (DNS rebinding) cannot slip through. TLS still
   verifies and sends SNI for the host name, and the Host header is unchanged.

`allow_private=True` (the command's `--allow-private`, `PRONGSAI_OIT_ALLOW_PRIVATE=1`) lets
the checker reach a test website on this machine or an intranet. No Django here.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import typing

import httpcore
import httpx

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def embedded(address: Address) -> list[Address]:
    """The address and any IPv4 address carried inside an IPv6 one (::ffff:a.b.c.d, 6to4)."""
    out = [address]
    if isinstance(address, ipaddress.IPv6Address):
        out += [a for a in (address.ipv4_mapped, address.sixtofour) if a is not None]
    return out


def is_internal(address: Address) -> bool:
    """Loopback, private, link-local, multicast, reserved, unspecified or otherwise not global."""
    return any(
        not a.is_global or a.is_multicast or a.is_reserved or a.is_unspecified
        or a.is_loopback or a.is_link_local or a.is_private
        for a in embedded(address)
    )  # fmt: skip


class PrivateAddress(httpx.ConnectError):
    """The guard refused a host: it resolves to an address of the server's own network."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} resolves to the internal address {address}")
        self.host, self.address = host, address


class AddressGuard:
    """Judges each address the checker would connect to; `refuses()` is the whole policy."""

    def __init__(self, *, allow_private: bool = False) -> None:
        self.allow_private = allow_private

    def refuses(self, address: Address, port: int) -> bool:
        return is_internal(address) and not self.allow_private

    async def addresses(self, host: str, port: int) -> list[str]:
        """Every address of `host`, all of them judged; raises PrivateAddress on the first refusal."""
        try:  # an address literal needs no look-up (the common case of a benchmark)
            ipaddress.ip_address(host)
            found = [host]
        except ValueError:
            try:
                infos = await asyncio.get_running_loop().getaddrinfo(
                    host, port, type=socket.SOCK_STREAM
                )
            except (OSError, UnicodeError) as exc:
                raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
            found = list(dict.fromkeys(str(sockaddr[0]) for *_, sockaddr in infos))
        for text in found:
            if self.refuses(ipaddress.ip_address(text.split("%", 1)[0]), port):
                raise PrivateAddress(host, text)
        return found


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, connecting only to addresses the guard has judged."""

    def __init__(self, guard: AddressGuard) -> None:
        self.guard = guard
        self.inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                addresses = await self.guard.addresses(host, port)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"resolving {host} took too long") from exc
        error: Exception | None = None
        for address in addresses:  # the judged addresses in the resolver's order
            try:
                return await self.inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        raise error or httpcore.ConnectError(f"{host} has no address")

    async def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise httpcore.ConnectError("the OIT checker opens no Unix sockets")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport (pool, TLS, HTTP/1.1) over the guarded backend; no proxy is
    taken from the environment, since a proxy would connect where the guard cannot see."""

    def __init__(self, guard: AddressGuard, limits: httpx.Limits) -> None:
        ssl_context = httpx.create_ssl_context(trust_env=False)
        super().__init__(verify=ssl_context, trust_env=False, limits=limits)
        # httpx takes no network backend, so its pool is rebuilt with ours (httpx is pinned;
        # the refusal tests fail if a new httpx stops using this pool)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedBackend(guard),
        )
        self.guard = guard
