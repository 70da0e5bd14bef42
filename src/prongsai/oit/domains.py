"""Is a URL on the organisation's main website? Registrable domains and flagged hosts.

ITA counts OIT evidence only when it is published on the organisation's main website
(ita-method.md §2.4). "Main website" is read as the registrable domain of its URL, so
www.bansuan.go.th and bansuan.go.th are one site while drive.google.com never is. The suffix
list and the flagged hosts are data (`data/domain-suffixes.yaml`). No Django here.
"""

from __future__ import annotations

import ipaddress
from functools import cache, lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml

DATA = Path(__file__).resolve().parent / "data" / "domain-suffixes.yaml"

FLAGGED_KIND_TH = {
    "file_host": "บริการฝากไฟล์",
    "social_media": "สื่อสังคมออนไลน์",
    "link_shortener": "บริการย่อลิงก์",
}
FLAGGED_KIND_EN = {
    "file_host": "a file-sharing service",
    "social_media": "social media",
    "link_shortener": "a link shortener",
}


@cache
def host_data() -> dict:
    """The data file as it is: suffixes, flagged hosts by kind, their source and confidence."""
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


@cache
def _data() -> tuple[frozenset[str], dict[str, str]]:
    doc = host_data()
    suffixes = frozenset(s.lower() for s in doc["suffixes"])
    flagged = {host.lower(): kind for kind, hosts in doc["flagged"].items() for host in hosts}
    return suffixes, flagged


def normalise_host(host: str) -> str:
    """Lower case, no trailing dot, no port, IDNA (punycode) for non-ASCII names."""
    host = host.strip().lower().rstrip(".")
    if host.startswith("["):  # [::1]:8000
        return host[1 : host.index("]")] if "]" in host else host
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            pass
    return host


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=4096)
def registrable_domain(host: str) -> str:
    """The name an organisation registers: the longest listed suffix plus one label.

    `www.bansuan.go.th` → `bansuan.go.th`; `a.b.example.com` → `example.com`; a host under no
    listed suffix keeps its last two labels; an IP address or a one-label name is itself.
    """
    host = normalise_host(host)
    if not host or _is_ip(host):
        return host
    labels = host.split(".")
    suffixes, _ = _data()
    for i in range(1, len(labels)):  # longest suffix first: labels[1:], labels[2:], …
        if ".".join(labels[i:]) in suffixes:
            return ".".join(labels[i - 1 :])
    return ".".join(labels[-2:])


@lru_cache(maxsize=4096)
def host_of(url: str) -> str:
    try:
        return normalise_host(urlsplit(url.strip()).hostname or "")
    except ValueError:  # urlsplit refuses some malformed netlocs ("http://[::1")
        return ""


def same_site(url: str, main_site: str) -> bool:
    """True when `url` is on the registrable domain of `main_site` (ports do not matter)."""
    host, main = host_of(url), host_of(main_site)
    return bool(host) and bool(main) and registrable_domain(host) == registrable_domain(main)


def flagged_host(host: str) -> str | None:
    """The kind of a host that is never a main website (file_host, social_media, link_shortener)."""
    labels = normalise_host(host).split(".")
    _, flagged = _data()
    for i in range(len(labels)):  # the host itself, then each parent: m.facebook.com, facebook.com
        kind = flagged.get(".".join(labels[i:]))
        if kind:
            return kind
    return None
