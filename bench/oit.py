"""OIT website checker benchmark: `check()` against a bare httpx GET loop over the same URLs,
both measured in the same run against a synthetic site served on loopback by another process.

    .venv/bin/python bench/oit.py [--orgs 20] [--items 30] [--repeat 3] [--per-host 4] [--page-kb 12]

Each organisation is its own host (127.0.0.1 on a port of its own) with `--items` evidence
pages (o1–o26, then second pages for o1…), each page carrying the fiscal year, the item's
keywords, a menu, a script and Thai filler text up to `--page-kb`. The bare loop GETs every URL
and reads the body with the same client settings and the same per-host concurrency, but with a
plain httpx client; the checker goes through its address guard (allowing loopback, as
`--allow-private` does), and also parses each page, looks for the year and the keywords, and
judges it.
Prints URLs/second for both and the ratio. Goal: checker ≥ 0.8× the bare loop.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import time
from collections import Counter

import httpx

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.settings_test")

from prongsai.frameworks.library import builtin_document  # noqa: E402
from prongsai.oit.checker import (  # noqa: E402
    USER_AGENT,
    check,
    components_of,
    make_client,
    targets_for,
)
from prongsai.oit.guard import AddressGuard  # noqa: E402

YEAR = 2568
FILLER = (
    "องค์การบริหารส่วนตำบลบ้านสวนมุ่งมั่นพัฒนาคุณภาพชีวิตของประชาชนในพื้นที่ "
    "ด้วยการบริหารงานที่โปร่งใส ตรวจสอบได้ และเปิดโอกาสให้ประชาชนมีส่วนร่วม "
)


def item_codes(count: int, doc: dict) -> list[tuple[str, str]]:
    """(item, path) for `count` evidence pages: every item once, then second pages."""
    codes = [item["code"] for item in doc["oit_items"]]
    pages = [(code, f"/ita/{code}.html") for code in codes]
    n = 0
    while len(pages) < count:
        code = codes[n % len(codes)]
        pages.append((code, f"/ita/{code}-{n // len(codes) + 2}.html"))
        n += 1
    return pages[:count]


def page(code: str, keywords: list[str], kb: int) -> bytes:
    menu = "".join(f"<li><a href='/ita/o{n}.html'>ข้อ o{n}</a></li>" for n in range(1, 27))
    words = " ".join(k.split("|")[0] for k in keywords)
    head = (
        "<!doctype html><html lang='th'><head><meta charset='utf-8'>"
        f"<title>ITA {code} ประจำปีงบประมาณ พ.ศ. ๒๕๖๘</title>"
        "<style>body{font-family:sans-serif}nav li{display:inline}</style>"
        "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
        "</script></head><body>"
        f"<nav><ul>{menu}</ul></nav><main><h1>ข้อ {code} ประจำปีงบประมาณ พ.ศ. ๒๕๖๘</h1>"
        f"<p>{words}</p>"
    )
    body = head
    while len(body.encode()) < kb * 1024:
        body += f"<p>{FILLER}</p>"
    return (body + "</main><footer>โทร 038 123 456</footer></body></html>").encode()


# ---------------------------------------------------------------- the site (its own process)


def serve(orgs: int, items: int, kb: int, ports: multiprocessing.Queue) -> None:
    doc = builtin_document(YEAR)
    components = components_of(doc)
    responses = {}
    for code, path in item_codes(items, doc):
        keywords = [k for _, words in components.get(code, []) for k in words]
        body = page(code, keywords, kb)
        head = (
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        responses[path.encode()] = head + body
    not_found = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"

    class Http(asyncio.Protocol):
        """Just enough HTTP/1.1: keep-alive GETs without bodies, answered from memory."""

        def connection_made(self, transport):
            self.transport, self.buffer = transport, b""

        def data_received(self, data):
            self.buffer += data
            while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
                request, self.buffer = self.buffer[:end], self.buffer[end + 4 :]
                path = request.split(b" ", 2)[1]
                self.transport.write(responses.get(path, not_found))

    async def main():
        loop = asyncio.get_running_loop()
        servers = [
            await loop.create_server(Http, "127.0.0.1", 0, backlog=1024) for _ in range(orgs)
        ]
        ports.put([s.sockets[0].getsockname()[1] for s in servers])
        await asyncio.Event().wait()

    asyncio.run(main())


# ---------------------------------------------------------------- the two contenders


async def bare_loop(urls: list[str], per_host: int, timeout: float) -> None:
    """The least the job needs: GET each URL and read its body, per-host limits alike."""
    hosts: dict[str, asyncio.Semaphore] = {}

    async def get(client, url):
        host = url.split("/")[2]
        semaphore = hosts.setdefault(host, asyncio.Semaphore(per_host))
        async with semaphore:
            response = await client.get(url)
            response.raise_for_status()

    async with httpx.AsyncClient(
        timeout=httpx.Timeout(timeout, pool=None),
        headers={"User-Agent": USER_AGENT},
        limits=httpx.Limits(max_connections=200, max_keepalive_connections=100),
    ) as client:  # the checker's settings, without its guard
        await asyncio.gather(*(get(client, url) for url in urls))


async def checker(sites: list[tuple[str, list]], per_host: int, timeout: float) -> list:
    async with make_client(timeout=timeout, guard=AddressGuard(allow_private=True)) as client:
        results = await asyncio.gather(
            *(
                check(targets, main_site=site, year=YEAR, per_host=per_host, client=client)
                for site, targets in sites
            )
        )
    return [finding for findings in results for finding in findings]


def best_of(repeat: int, work) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        asyncio.run(work())
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=20)
    parser.add_argument("--items", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--per-host", type=int, default=4)
    parser.add_argument("--page-kb", type=int, default=12)
    parser.add_argument("--timeout", type=float, default=10)
    args = parser.parse_args()

    context = multiprocessing.get_context("spawn")
    ports: multiprocessing.Queue = context.Queue()
    server = context.Process(
        target=serve, args=(args.orgs, args.items, args.page_kb, ports), daemon=True
    )
    server.start()
    try:
        org_ports = ports.get(timeout=60)
        doc = builtin_document(YEAR)
        pages = item_codes(args.items, doc)
        sites = []
        for port in org_ports:
            base = f"http://127.0.0.1:{port}"
            rows = [(code, base + path) for code, path in pages]
            sites.append((base + "/", targets_for(doc, rows)))
        urls = [t.url for _, targets in sites for t in targets]

        # warm up both (imports, first connections), and check the checker's verdicts
        asyncio.run(bare_loop(urls, args.per_host, args.timeout))
        findings = asyncio.run(checker(sites, args.per_host, args.timeout))
        statuses = Counter(f.status for f in findings)
        size = sum(f.fetched_bytes for f in findings) / len(findings) / 1024

        t_bare = t_check = float("inf")
        for _ in range(args.repeat):  # interleaved, so drift hits both alike
            t_bare = min(t_bare, best_of(1, lambda: bare_loop(urls, args.per_host, args.timeout)))
            t_check = min(t_check, best_of(1, lambda: checker(sites, args.per_host, args.timeout)))
    finally:
        server.terminate()
        server.join()

    n = len(urls)
    print(
        f"{args.orgs} organisations × {args.items} items = {n} URLs, pages {size:.1f} KB, "
        f"{args.per_host} at once per host; checker verdicts: {dict(statuses)}"
    )
    print(f"bare httpx GET loop (best of {args.repeat}): {t_bare:.3f} s, {n / t_bare:,.0f} URLs/s")
    print(f"OIT checker        (best of {args.repeat}): {t_check:.3f} s, {n / t_check:,.0f} URLs/s")
    print(f"ratio checker / bare: {t_bare / t_check:.2f}× (goal ≥ 0.8×)")


if __name__ == "__main__":
    main()
