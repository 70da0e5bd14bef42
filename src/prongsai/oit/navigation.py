"""Suggested navigation steps (เส้นทางจากหน้าหลัก): a small, bounded walk of the main website.

The website checker fetches only evidence URLs. This walk is a job of its own (the checklist's
"find the steps" button, oit/tasks.py): from the home page (`org.website`) it reads the links of
at most two levels, on the main website only, through the same AddressGuard as the checker:

- level 1: the links of the home page;
- level 2: the links of at most `max_pages - 1` pages the home page links to (HTML pages of the
  main website, in the order the home page lists them; files are never fetched).

An evidence URL linked from the home page gets ["หน้าหลัก", link text]; one linked from a level-1
page gets ["หน้าหลัก", text of the link to that page, text of the link to the evidence]. Each page
is read up to `max_bytes`, redirects are followed (three at most) only within the main website,
and nothing else is requested. The officer takes the suggestion or types the steps. No Django here.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import httpx

from prongsai.oit.checker import REDIRECT_CODES, CheckerClient, is_http_url, make_client
from prongsai.oit.domains import flagged_host, host_of, same_site
from prongsai.oit.extract import decode
from prongsai.oit.guard import AddressGuard

HOME = "หน้าหลัก"
MAX_PAGES = 25
MAX_BYTES = 2_000_000
MAX_REDIRECTS = 3
MAX_TEXT = 80
# Links to these are documents, not pages with further links: never fetched by the walk.
FILE_ENDINGS = (
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".zip", ".rar", ".jpg", ".jpeg",
    ".png", ".gif", ".mp4", ".csv", ".txt",
)  # fmt: skip


class _Anchors(HTMLParser):
    """(href, text) of every <a href>; the text is the link's words, or its title, or the alt
    text of an image inside it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []
        self._fallback = ""
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "a" and attrs.get("href"):
            self._close()
            self._href, self._text = attrs["href"], []
            self._fallback = attrs.get("title") or attrs.get("aria-label") or ""
        elif tag == "img" and self._href is not None and not self._fallback:
            self._fallback = attrs.get("alt") or ""

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        elif tag == "a":
            self._close()

    def handle_data(self, data):
        if self._href is not None and not self._skip:
            self._text.append(data)

    def _close(self) -> None:
        if self._href is not None:
            text = " ".join(" ".join(self._text).split()) or " ".join(self._fallback.split())
            self.links.append((self._href, text[:MAX_TEXT]))
        self._href, self._text, self._fallback = None, [], ""

    def close(self):
        super().close()
        self._close()


def anchors(markup: str, base: str) -> list[tuple[str, str]]:
    """Every http(s) link of a page as (absolute URL without fragment, text)."""
    parser = _Anchors()
    parser.feed(markup)
    parser.close()
    out = []
    for href, text in parser.links:
        url = urldefrag(urljoin(base, href.strip())).url
        if is_http_url(url):
            out.append((url, text))
    return out


def same_page(url: str) -> str:
    """A URL as the walk compares it: no scheme, no www., no fragment, no trailing slash."""
    parts = urlsplit(urldefrag(url.strip()).url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    path = parts.path.rstrip("/") or ""
    return f"{host}{port}{path}" + (f"?{parts.query}" if parts.query else "")


def _is_file(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(FILE_ENDINGS)


@dataclass
class Walk:
    """What one walk found: per evidence URL the steps, and the pages it read."""

    steps: dict[str, list[str]] = field(default_factory=dict)
    pages_read: list[str] = field(default_factory=list)


class _Walker:
    def __init__(
        self, client: CheckerClient, main_site: str, max_bytes: int, per_host: int, timeout: float
    ):
        self.client = client
        # `timeout` bounds each wait; a server trickling bytes is cut off after this in all
        self.page_seconds = timeout * 6
        self.main_site = main_site
        self.max_bytes = max_bytes
        self.limit = asyncio.Semaphore(per_host)
        self.read: list[str] = []

    def on_main_site(self, url: str) -> bool:
        return same_site(url, self.main_site) and flagged_host(host_of(url)) is None

    async def page(self, url: str) -> tuple[str, str] | None:
        """(final URL, HTML) of a page of the main website; None for anything else or a failure."""
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            if not self.on_main_site(current):
                return None
            try:
                async with (
                    self.limit,
                    asyncio.timeout(self.page_seconds),
                    self.client.stream("GET", current) as response,
                ):
                    if response.status_code in REDIRECT_CODES and response.headers.get("location"):
                        current = urljoin(current, response.headers["location"].strip())
                        continue
                    kind = response.headers.get("content-type", "").lower()
                    if response.status_code != 200 or "html" not in kind:
                        return None
                    self.read.append(current)
                    body = bytearray()
                    async for chunk in response.aiter_bytes():
                        body += chunk
                        if len(body) > self.max_bytes:
                            break  # a page this long still gives the links read so far
                    return current, decode(bytes(body[: self.max_bytes]), kind, sniff_meta=True)
            except (httpx.HTTPError, httpx.InvalidURL, TimeoutError, OSError):
                return None
        return None


async def walk(
    home: str,
    targets: list[str],
    *,
    max_pages: int = MAX_PAGES,
    max_bytes: int = MAX_BYTES,
    timeout: float = 10,
    per_host: int = 4,
    guard: AddressGuard | None = None,
    client: CheckerClient | None = None,
    user_agent: str = "",
) -> Walk:
    """The steps from `home` to each target URL the walk finds within two levels; the
    requests name the checker as `user_agent` says (checker.user_agent)."""
    result = Walk()
    if not is_http_url(home) or not targets:
        return result
    own = client is None
    client = client or make_client(timeout=timeout, guard=guard, user_agent=user_agent)
    walker = _Walker(client, home, max_bytes, per_host, client.timeout.read or timeout)
    wanted = {same_page(t): t for t in targets}
    try:
        first = await walker.page(home)
        if first is None:
            return result
        level1 = anchors(first[1], first[0])
        for url, text in level1:
            target = wanted.get(same_page(url))
            if target and text and target not in result.steps:
                result.steps[target] = [HOME, text]
        if len(result.steps) < len(wanted) and max_pages > 1:
            seen = {same_page(first[0]), same_page(home)} | set(wanted)
            pages = []
            for url, text in level1:
                key = same_page(url)
                if key in seen or not text or _is_file(url) or not walker.on_main_site(url):
                    continue
                seen.add(key)
                pages.append((url, text))
                if len(pages) >= max_pages - 1:
                    break
            read = await asyncio.gather(*(walker.page(url) for url, _text in pages))
            for (_url, via), got in zip(pages, read, strict=True):  # in the home page's order
                if got is None:
                    continue
                for url, text in anchors(got[1], got[0]):
                    target = wanted.get(same_page(url))
                    if target and text and target not in result.steps:
                        result.steps[target] = [HOME, via, text]
    finally:
        result.pages_read = list(walker.read)
        if own:
            await client.aclose()
    return result


def walk_sync(home: str, targets: list[str], **options) -> Walk:
    """`walk()` for the job (a thread of its own where an event loop already runs)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(walk(home, targets, **options))
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, walk(home, targets, **options)).result()
