"""The checker's address guard: which addresses are internal, how hosts are resolved and judged,
that the connection goes to the address judged (DNS rebinding), and that no caller can reach
the network around it (an unguarded client, a proxy from the environment).

No database. Fake DNS answers come from a patched `socket.getaddrinfo`; every connection that
is allowed goes to the loopback test website, whose log shows what was fetched.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from pathlib import Path

import httpx
import pytest

from prongsai.oit.checker import Target, check, check_sync, make_client
from prongsai.oit.guard import AddressGuard, PrivateAddress, is_internal
from prongsai.oit.tests.site import EvidenceSite, LoopbackOnly


@pytest.fixture(scope="module")
def site():
    with EvidenceSite() as running:
        yield running


@pytest.fixture(autouse=True)
def clean_log(site):
    site.clear_log()


def fake_dns(monkeypatch, answers: dict[str, list[list[str]]]) -> list[str]:
    """Answer look-ups of the given names with these address lists in turn (the last one
    repeats); returns the names looked up, in order."""
    real, asked = socket.getaddrinfo, []

    def getaddrinfo(host, port, *args, **kwargs):
        if isinstance(host, bytes):  # anyio asks with the IDNA-encoded name
            host = host.decode("ascii")
        if host not in answers:
            return real(host, port, *args, **kwargs)
        turn = min(asked.count(host), len(answers[host]) - 1)
        asked.append(host)
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in answers[host][turn]
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "192.168.1.1", "100.64.0.1",
        "169.254.169.254",  # a cloud's metadata service
        "0.0.0.0", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255", "192.0.2.1",
        "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1",
        "ff0e::1",  # global multicast: `is_global`, still refused
        "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:8.8.8.8",
        "2002:7f00:1::",  # 6to4 wrapping 127.0.0.1: `is_global` on Python 3.11
        "2002:c0a8:101::",  # 6to4 wrapping 192.168.1.1
        "::7f00:1",  # IPv4-compatible ::127.0.0.1: `is_global`, but reserved
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
    ],
)  # fmt: skip
def test_internal_addresses(address):
    assert is_internal(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "address", ["8.8.8.8", "1.1.1.1", "203.113.0.1", "2001:4860:4860::8888", "2002:808:808::"]
)
def test_public_addresses(address):
    assert not is_internal(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "host", ["localhost", "127.1", "2130706433", "0x7f.1", "0x7f000001", "017700000001", "0"]
)
def test_integer_hex_octal_and_short_hosts_are_resolved_then_refused(host):
    with pytest.raises(PrivateAddress) as refused:
        asyncio.run(AddressGuard().addresses(host, 80))
    assert refused.value.host == host
    assert is_internal(ipaddress.ip_address(refused.value.address))


def test_one_internal_address_among_public_ones_refuses_the_host(monkeypatch):
    fake_dns(monkeypatch, {"one.example": [["8.8.8.8"]], "two.example": [["8.8.8.8", "10.0.0.5"]]})
    assert asyncio.run(AddressGuard().addresses("one.example", 80)) == ["8.8.8.8"]
    with pytest.raises(PrivateAddress) as refused:
        asyncio.run(AddressGuard().addresses("two.example", 80))
    assert refused.value.address == "10.0.0.5"


def test_allow_private_allows_and_the_default_refuses_the_loopback_site(site):
    targets = [Target("o1", site.url("/o1.html"))]
    (refused,) = check_sync(targets, main_site=site.main_site, year=2568, retries=0)
    assert refused.status == "private_address" and site.log == []
    guard = AddressGuard(allow_private=True)
    (allowed,) = check_sync(targets, main_site=site.main_site, year=2568, guard=guard)
    assert allowed.status == "ok" and site.paths() == ["/o1.html"]


class PublicSecondLoopback(AddressGuard):
    """Test policy: 127.0.0.2 plays a public address (nothing listens there)."""

    def refuses(self, address, port):
        return str(address) != "127.0.0.2" and super().refuses(address, port)


def test_the_connection_goes_to_the_address_that_was_judged(site, monkeypatch):
    """DNS rebinding: the name answers a "public" address to the check and the loopback site's
    address afterwards. The checker connects to the address it judged, so the site is never
    reached; a second look-up (a retry) is judged again and refused."""
    asked = fake_dns(monkeypatch, {"rebind.example": [["127.0.0.2"], ["127.0.0.1"]]})
    url = f"http://rebind.example:{site.main.server_address[1]}/o1.html"
    targets = [Target("o1", url)]
    guard = PublicSecondLoopback()
    (once,) = check_sync(targets, main_site=url, year=2568, retries=0, guard=guard)
    assert asked == ["rebind.example"]  # one look-up, and the connection used its answer
    assert once.status == "dead" and site.log == []
    (again,) = check_sync(targets, main_site=url, year=2568, retries=0, guard=guard)
    assert again.status == "private_address" and "127.0.0.1" in again.finding_th
    assert site.log == []


def test_a_client_without_the_guard_is_refused():
    async def attempt(**options):
        return await check([], main_site="http://a.example/", year=2568, **options)

    with pytest.raises(TypeError):
        asyncio.run(attempt(client=httpx.AsyncClient()))
    with pytest.raises(TypeError):
        asyncio.run(attempt(client=make_client(), guard=AddressGuard(allow_private=True)))


def test_a_proxy_in_the_environment_is_not_used(site, monkeypatch):
    """A proxy would connect to the target itself, out of the guard's sight: it is ignored."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "all_proxy"):
        monkeypatch.setenv(name, site.main_site)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    guard = LoopbackOnly()
    (finding,) = check_sync(
        [Target("o1", "http://www.bansuan.example/o1.html")],
        main_site="http://www.bansuan.example/",
        year=2568,
        retries=0,
        guard=guard,
    )
    assert finding.status == "dead"
    assert guard.refused == ["www.bansuan.example"] and site.log == []


def test_no_production_module_uses_the_test_hooks():
    """PublicPort and LoopbackOnly weaken or replace the policy; only tests may build them."""
    package = Path(__file__).resolve().parents[2]
    users = [
        path.relative_to(package)
        for path in package.rglob("*.py")
        if "tests" not in path.relative_to(package).parts
        and re.search(r"oit\.tests|PublicPort|LoopbackOnly", path.read_text(encoding="utf-8"))
    ]
    assert users == []
