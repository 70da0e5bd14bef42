"""The OIT website checker: is each evidence URL reachable, on the main website, current, complete?

`check()` fetches every target URL once (httpx, asynchronously), follows redirects itself (at
most five, every hop recorded), and never fetches anything else: no links are followed, no
site is crawled. Requests are limited per host and port (oit/hostlimit.py: within the check,
or across every worker sharing a Redis when `limit_url` names one);
connection errors, timeouts and 5xx answers are retried with exponential backoff, nothing
else is; 429 and 503 ("busy") wait for their Retry-After, within `retry_after_max`. A body is
read only from the main website and only up to `max_bytes`. A link (or a redirect hop) to a
file host, a drive, social media or a link shortener (data/domain-suffixes.yaml) is off_site
without any request to it. Every request names the checker and its contact page in its
User-Agent (`user_agent()`).

Each target gets one Finding whose status is the first that applies, in this order:

    not_http > private_address > dead | timeout | busy | redirect_loop > off_site > too_large
             > scanned | unsupported > stale > incomplete > no_year > ok

`finding_th` names every problem found (a stale page may also miss a component), the first
one first; `fix_th` says what the officer should do; `finding_en` and `fix_en` say the same in
English for English pages (documents and the command stay Thai). No Django here:
the command, the nightly re-check and the checklist page call the same function.

Each component is looked for in the whole URL, and `pointers` says where each one found is:
the page of a PDF or DOCX, the sheet of an XLSX, the heading or anchor of an HTML page, with a
short excerpt (extract.judge_parts), ready to paste into the organisation's ITA page. A PDF
without any text (a scan) is `scanned`: nothing in it can be checked.

Every connection goes through an `AddressGuard` (oit/guard.py): by default a host that resolves
to a loopback, private, link-local, multicast or reserved address is refused, for the target
and for every redirect hop, before any connection is made, and the target's finding is
`private_address`. Only `guard=AddressGuard(allow_private=True)` lets the checker reach such a
host; a caller cannot hand in a client or transport without a guard.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from prongsai.frameworks.library import year_rule_of
from prongsai.frameworks.schema import YEAR_RULES
from prongsai.oit.domains import (
    FLAGGED_KIND_EN,
    FLAGGED_KIND_TH,
    flagged_host,
    host_of,
    registrable_domain,
    same_site,
)
from prongsai.oit.extract import Document, UnsupportedContent, judge_parts, parts_of, range_from
from prongsai.oit.guard import AddressGuard, GuardedTransport, PrivateAddress
from prongsai.oit.hostlimit import LocalLimit, RedisLimit
from prongsai.release import VERSION

MAX_REDIRECTS = 5
MAX_BYTES = 20_000_000  # the default of `check()`: a longer file is not read to its end
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
# One attempt (headers and body) may take this many times `timeout` in all: `timeout` bounds
# each wait (connect, each read), so a server trickling bytes needs a ceiling of its own.
TOTAL_FACTOR = 12
# HTML up to this size is read on the event loop; a thread hop costs more than the parse.
INLINE_HTML_BYTES = 256_000
# 429 Too Many Requests and 503 Service Unavailable say "come back later": with Retry-After
# (seconds or an HTTP date) the checker waits that long, at most `retry_after_max` seconds;
# a site asking for longer is left alone and reported busy.
BUSY_CODES = frozenset({429, 503})
RETRY_AFTER_MAX = 30.0
CONTACT_URL = "https://prongsai.example/about/checker/"  # callers pass their instance's page


def user_agent(contact_url: str = "") -> str:
    """The checker names itself, its version and where a site's administrator can read what it
    does and reach whoever runs it (settings: PRONGSAI_CHECKER_CONTACT_URL)."""
    return (
        f"Mozilla/5.0 (compatible; Prongsai-OIT-checker/{VERSION}; +{contact_url or CONTACT_URL})"
    )


USER_AGENT = user_agent()

PRECEDENCE = (
    "not_http",
    "private_address",
    "dead",
    "timeout",
    "busy",
    "redirect_loop",
    "off_site",
    "too_large",
    "scanned",
    "unsupported",
    "stale",
    "incomplete",
    "no_year",
    "ok",
)
STATUS_TH = {
    "ok": "ผ่าน",
    "not_http": "ไม่ใช่ลิงก์เว็บ",
    "private_address": "ที่อยู่ภายในเครือข่าย ไม่ตรวจ",
    "dead": "เปิดไม่ได้",
    "timeout": "หมดเวลา",
    "busy": "เว็บไซต์ไม่ว่าง",
    "redirect_loop": "เปลี่ยนทางวนซ้ำ",
    "off_site": "อยู่นอกเว็บไซต์หลัก",
    "too_large": "ไฟล์ใหญ่เกิน",
    "scanned": "ไฟล์เป็นภาพสแกน ตรวจไม่ได้",
    "unsupported": "ตรวจเนื้อหาไม่ได้",
    "stale": "ไม่ใช่ข้อมูลปีปัจจุบัน",
    "incomplete": "องค์ประกอบไม่ครบ",
    "no_year": "ไม่พบปี พ.ศ.",
}


@dataclass
class Target:
    """One evidence URL for one OIT item and the components (code, keywords) it must show.

    `year_rule` is the item's rule from the criteria (frameworks/schema.py YEAR_RULES):
    `previous` for an item whose evidence is the previous year's report (the 2568 assessment
    shows the 2567 procurement report, oit-2567-2568.md §1), `current_or_covering` for a plan
    that may span several years. `year_offset` -1 is the older spelling of `previous`; either
    sets the other.
    """

    item: str
    url: str
    components: list[tuple[str, list[str]]] = field(default_factory=list)
    year_offset: int = 0
    year_rule: str = "current"

    def __post_init__(self) -> None:
        if self.year_rule not in YEAR_RULES:
            raise ValueError(f"unknown year rule {self.year_rule!r}: one of {YEAR_RULES}")
        if self.year_offset == -1:
            self.year_rule = "previous"
        elif self.year_rule == "previous":
            self.year_offset = -1

    @property
    def covering(self) -> bool:
        """A multi-year plan covering the wanted year counts as current for this item."""
        return self.year_rule == "current_or_covering"


@dataclass
class Finding:
    """What the checker found for one target; `to_dict()` is the JSON of `prongsai oit check`."""

    item: str
    url: str
    status: str
    http: int | None
    final_url: str | None
    redirects: list[str]
    year_found: int | None
    missing_components: list[str]
    finding_th: str
    fix_th: str
    finding_en: str = ""
    fix_en: str = ""
    fetched_bytes: int = 0
    # where each component found is: [{"component", "where", "page"|"sheet"|"anchor"|"heading",
    # "excerpt"}], see extract.judge_parts
    pointers: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def to_dict(self) -> dict:
        data = asdict(self)
        data["finding"] = data.pop("finding_th")
        data["fix"] = data.pop("fix_th")
        for english in ("finding_en", "fix_en", "fetched_bytes"):
            data.pop(english)
        return data


@dataclass
class _Fetched:
    """The outcome of fetching one URL with its redirects; shared by targets with that URL."""

    final_url: str
    redirects: list[str]
    http: int | None = None
    failure: str | None = None  # private_address, dead, timeout, busy, redirect_loop, too_large
    detail: str = ""  # Thai words for a failure
    detail_en: str = ""  # the same in English
    off_site: bool = False
    content: bytes = b""
    content_type: str = ""
    attempts: int = 1
    fetched_bytes: int = 0
    text: asyncio.Task | None = None
    waited: float = 0.0  # seconds spent waiting as Retry-After asked


def retry_after_seconds(value: str, now: float | None = None) -> float | None:
    """Retry-After as seconds to wait: a number of seconds or an HTTP date; None when it is
    neither (the header is then ignored)."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


class _TooLarge(Exception):
    pass


def is_http_url(url: str) -> bool:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def _ssl_problem(exc: BaseException) -> bool:
    while exc is not None:
        if isinstance(exc, ssl.SSLError) or "CERTIFICATE_VERIFY_FAILED" in str(exc):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


async def _pause(seconds: float) -> None:
    await asyncio.sleep(seconds)  # a function of its own so a test can record the backoff


class _Run:
    """One call of `check()`: the client, the per-host limit and the URL cache."""

    def __init__(
        self, client, *, main_site, timeout, limit, retries, backoff, max_bytes, retry_after_max
    ):
        self.client = client
        self.retry_after_max = retry_after_max
        self.limit = limit
        self.main_site = main_site
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_bytes = max_bytes
        self.fetches: dict[str, asyncio.Task] = {}

    def fetch(self, url: str) -> asyncio.Task:
        """Each URL is fetched once however many items cite it."""
        if url not in self.fetches:
            self.fetches[url] = asyncio.ensure_future(self._fetch(url))
        return self.fetches[url]

    def _slot(self, url: str):
        return self.limit.slot(urlsplit(url).netloc.lower())

    def _on_main_site(self, url: str) -> bool:
        return same_site(url, self.main_site) and flagged_host(host_of(url)) is None

    async def _fetch(self, url: str) -> _Fetched:
        current, redirects, visited = url, [], {url}
        while True:
            result = _Fetched(final_url=current, redirects=list(redirects))
            if flagged_host(host_of(current)):
                # a file host, a drive, social media or a link shortener is never the main
                # website: it is reported as such without a single request to it
                result.http, result.off_site, result.attempts = None, True, 0
                return result
            read_body = self._on_main_site(current)
            location = await self._request(current, result, read_body=read_body)
            if result.failure or location is None:
                result.off_site = not read_body
                return result
            target = urljoin(current, location)
            redirects.append(target)
            if not is_http_url(target):
                result.failure, result.detail = "dead", f"เปลี่ยนทางไปยัง {target} ซึ่งไม่ใช่ลิงก์เว็บ"
                result.detail_en = f"redirects to {target}, which is not a web link"
                result.final_url, result.redirects = target, list(redirects)
                return result
            if target in visited or len(redirects) > MAX_REDIRECTS:
                loop = target in visited
                result.failure = "redirect_loop"
                result.detail = (
                    "ลิงก์เปลี่ยนทางวนกลับมาที่เดิม" if loop else f"ลิงก์เปลี่ยนทางเกิน {MAX_REDIRECTS} ครั้ง"
                )
                result.detail_en = (
                    "the link redirects back to where it started"
                    if loop
                    else f"the link redirects more than {MAX_REDIRECTS} times"
                )
                result.final_url, result.redirects = target, list(redirects)
                return result
            visited.add(target)
            current = target

    async def _request(self, url: str, result: _Fetched, *, read_body: bool) -> str | None:
        """One hop, retried; fills `result`; returns the Location of a redirect, else None."""
        for attempt in range(1, self.retries + 2):
            result.attempts = attempt
            last = attempt == self.retries + 1
            retry = False
            wait = self.backoff * 2 ** (attempt - 1)
            try:
                async with self._slot(url), asyncio.timeout(self.timeout * TOTAL_FACTOR):
                    async with self.client.stream("GET", url) as response:
                        result.http = response.status_code
                        if response.status_code in BUSY_CODES:
                            asked = retry_after_seconds(response.headers.get("retry-after", ""))
                            result.failure = "busy"
                            result.detail = f"เซิร์ฟเวอร์ตอบ HTTP {response.status_code} (ไม่ว่าง)"
                            result.detail_en = (
                                f"the server answered HTTP {response.status_code} (busy)"
                            )
                            if asked is not None and asked > self.retry_after_max:
                                result.detail += f" และขอให้รอ {asked:g} วินาที นานเกินกว่าจะรอ"
                                result.detail_en += (
                                    f" and asked to wait {asked:g} seconds, too long"
                                )
                                return None
                            if last:
                                return None
                            retry = True
                            wait = asked if asked is not None else wait
                        elif response.status_code >= 500 and not last:
                            retry = True
                        elif response.status_code in REDIRECT_CODES and response.headers.get(
                            "location"
                        ):
                            return response.headers["location"].strip()
                        elif not 200 <= response.status_code < 300:
                            result.failure = "dead"
                            result.detail = f"เซิร์ฟเวอร์ตอบ HTTP {response.status_code}"
                            result.detail_en = f"the server answered HTTP {response.status_code}"
                            return None
                        elif read_body:
                            await self._read(response, result)
                            return None
                        else:
                            return None
            except _TooLarge:
                result.failure = "too_large"
                return None
            except PrivateAddress as exc:  # refused before connecting; never retried
                result.http, result.failure = None, "private_address"
                named = exc.host != exc.address  # a name, or an integer form such as 2130706433
                result.detail = f"{exc.host} ({exc.address})" if named else exc.address
                result.detail_en = result.detail
                return None
            except (httpx.TimeoutException, TimeoutError):
                result.http, retry = None, not last
                result.failure, result.detail = "timeout", f"ไม่ตอบภายใน {self.timeout:g} วินาที"
                result.detail_en = f"did not answer within {self.timeout:g} seconds"
            except httpx.TransportError as exc:
                result.http = None
                if _ssl_problem(exc):
                    result.failure = "dead"
                    result.detail = "การเชื่อมต่อแบบปลอดภัย (HTTPS) ของเว็บไซต์ไม่ถูกต้องหรือล้าสมัย"
                    result.detail_en = (
                        "the website's secure connection (HTTPS) is invalid or outdated"
                    )
                    return None
                retry = not last
                result.failure = "dead"
                result.detail = f"เชื่อมต่อเว็บไซต์ไม่ได้ ({type(exc).__name__})"
                result.detail_en = f"cannot connect to the website ({type(exc).__name__})"
            except httpx.HTTPError as exc:  # a broken response (bad gzip, bad headers)
                result.http, result.failure = None, "dead"
                result.detail = f"อ่านคำตอบของเว็บไซต์ไม่ได้ ({type(exc).__name__})"
                result.detail_en = f"cannot read the website's answer ({type(exc).__name__})"
                return None
            except httpx.InvalidURL:
                result.http, result.failure = None, "dead"
                result.detail = "ที่อยู่เว็บไม่ถูกต้อง"
                result.detail_en = "the web address is not valid"
                return None
            if not retry:
                return None
            if result.failure == "busy":
                result.waited += wait
            result.failure, result.detail, result.detail_en = None, "", ""
            # the slot is released while waiting, so the host serves others meanwhile
            await _pause(wait)
        return None  # pragma: no cover - the last attempt never retries

    async def _read(self, response: httpx.Response, result: _Fetched) -> None:
        result.content_type = response.headers.get("content-type", "")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise _TooLarge
        chunks, size = [], 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            result.fetched_bytes = size
            if size > self.max_bytes:
                raise _TooLarge  # leaving the stream closes the connection mid-body
            chunks.append(chunk)
        result.content = b"".join(chunks)

    def text(self, fetched: _Fetched) -> asyncio.Task:
        if fetched.text is None:
            fetched.text = asyncio.ensure_future(self._text(fetched))
        return fetched.text

    async def _text(self, fetched: _Fetched) -> Document:
        args = (fetched.content, fetched.content_type, fetched.final_url)
        if len(fetched.content) <= INLINE_HTML_BYTES and "html" in fetched.content_type.lower():
            return parts_of(*args)
        return await asyncio.to_thread(parts_of, *args)


# ---------------------------------------------------------------- findings


def _finding(target: Target, status: str, fetched: _Fetched | None = None, **fields) -> Finding:
    return Finding(
        item=target.item,
        url=target.url,
        status=status,
        http=fetched.http if fetched else None,
        final_url=fetched.final_url if fetched else None,
        redirects=fetched.redirects if fetched else [],
        year_found=fields.pop("year_found", None),
        missing_components=fields.pop("missing", []),
        finding_th=fields.pop("finding"),
        fix_th=fields.pop("fix", ""),
        finding_en=fields.pop("finding_en"),
        fix_en=fields.pop("fix_en", ""),
        fetched_bytes=fetched.fetched_bytes if fetched else 0,
        pointers=fields.pop("pointers", []),
    )


FIX_UNREACHABLE = "ตรวจลิงก์ให้ถูกต้อง นำข้อมูลขึ้นเว็บไซต์หลักให้เปิดได้ แล้วลองเปิดจากเครื่องนอกสำนักงาน"
FIX_UNREACHABLE_EN = (
    "Correct the link, put the information on the main website so that it opens,"
    " and try it from a computer outside the office."
)


async def _analyse(run: _Run, target: Target, year: int) -> Finding:
    if not is_http_url(target.url):
        return _finding(
            target,
            "not_http",
            finding=f"ลิงก์ '{target.url}' ไม่ใช่ที่อยู่เว็บ (ต้องขึ้นต้นด้วย http:// หรือ https://)",
            fix="ใส่ลิงก์ของหน้าเว็บหรือไฟล์บนเว็บไซต์หลักของหน่วยงาน เช่น https://www.ชื่อหน่วยงาน.go.th/…",
            finding_en=f"'{target.url}' is not a web address (it must start with http:// or https://)",
            fix_en="Enter the link of a page or file on the organisation's main website,"
            " e.g. https://www.organisation.go.th/…",
        )
    fetched = await run.fetch(target.url)
    if fetched.failure == "private_address":  # refused: nothing was sent to that address
        where = f"ลิงก์เปลี่ยนทางไปยัง {fetched.final_url} ซึ่ง" if fetched.redirects else ""
        where_en = f"the link redirects to {fetched.final_url}; " if fetched.redirects else ""
        return _finding(
            target,
            "private_address",
            fetched,
            finding=f"ที่อยู่ภายในเครือข่าย ไม่ตรวจ: {where}{fetched.detail}"
            " เป็นเครื่องในเครือข่ายของเซิร์ฟเวอร์ ประชาชนและผู้ประเมินเปิดไม่ได้",
            fix="ใช้ลิงก์บนเว็บไซต์หลักที่เปิดได้จากอินเทอร์เน็ต ไม่ใช่ที่อยู่ภายในสำนักงาน"
            " (เช่น localhost, 127.0.0.1 หรือ 192.168.x.x)",
            finding_en=f"Internal address, not checked: {where_en}{fetched.detail_en}"
            " is a machine on the server's own network, which the public and the assessor cannot open",
            fix_en="Use a link on the main website that opens from the internet, not an address"
            " inside the office (such as localhost, 127.0.0.1 or 192.168.x.x)",
        )
    tries = f" (ลอง {fetched.attempts} ครั้ง)" if fetched.attempts > 1 else ""
    tries_en = f" ({fetched.attempts} attempts)" if fetched.attempts > 1 else ""
    if fetched.failure == "timeout":
        return _finding(
            target,
            "timeout",
            fetched,
            finding=f"เว็บไซต์{fetched.detail}{tries}",
            fix="ตรวจความเร็วของเว็บไซต์หรือผู้ให้บริการพื้นที่ (hosting) และลดขนาดไฟล์ให้เปิดได้เร็ว",
            finding_en=f"The website {fetched.detail_en}{tries_en}",
            fix_en="Check the speed of the website or its hosting, and make files smaller so they"
            " open quickly",
        )
    if fetched.failure == "busy":
        waited = f" รอตามที่เว็บไซต์ขอรวม {fetched.waited:g} วินาที" if fetched.waited else ""
        waited_en = (
            f", waiting {fetched.waited:g} seconds as the site asked" if fetched.waited else ""
        )
        return _finding(
            target,
            "busy",
            fetched,
            finding=f"เว็บไซต์ไม่ว่าง ตรวจไม่ได้: {fetched.detail}{tries}{waited}",
            fix="เว็บไซต์ปฏิเสธคำขอเพราะมีผู้ใช้มากหรือจำกัดจำนวนคำขอ ผู้ประเมินอาจเปิดไม่ได้เช่นกัน"
            " ตรวจการตั้งค่าจำกัดคำขอ (rate limit) หรือไฟร์วอลล์ของเว็บไซต์ แล้วตรวจอีกครั้ง",
            finding_en=f"The website is busy, not checked: {fetched.detail_en}{tries_en}"
            f"{waited_en}",
            fix_en="The website turned the request away (too many visitors, or a request limit);"
            " the assessor may be turned away too. Check the website's rate limit or firewall"
            " settings, then check again.",
        )
    if fetched.failure in ("dead", "redirect_loop"):
        fix, fix_en = FIX_UNREACHABLE, FIX_UNREACHABLE_EN
        if fetched.failure == "redirect_loop":
            fix = "แก้การตั้งค่าเปลี่ยนทาง (redirect) ให้ลิงก์ไปถึงหน้าปลายทางโดยตรง แล้วใช้ลิงก์ปลายทางนั้น"
            fix_en = (
                "Fix the redirect settings so the link reaches its page directly, and use that"
                " page's link"
            )
        return _finding(
            target,
            fetched.failure,
            fetched,
            finding=f"เปิดลิงก์ไม่ได้: {fetched.detail}{tries}",
            fix=fix,
            finding_en=f"The link cannot be opened: {fetched.detail_en}{tries_en}",
            fix_en=fix_en,
        )
    main = registrable_domain(host_of(run.main_site))
    if fetched.off_site:
        host = host_of(fetched.final_url)
        kind = flagged_host(host)
        where = f"{FLAGGED_KIND_TH[kind]} ({host})" if kind else host
        where_en = f"{FLAGGED_KIND_EN[kind]} ({host})" if kind else host
        moved = " หลังเปลี่ยนทาง" if fetched.redirects else ""
        moved_en = " after a redirect" if fetched.redirects else ""
        return _finding(
            target,
            "off_site",
            fetched,
            finding=f"ข้อมูลอยู่นอกเว็บไซต์หลัก{moved}: {where} ไม่ใช่ {main}",
            fix=f"นำข้อมูลหรือไฟล์ขึ้นเว็บไซต์หลักของหน่วยงาน ({main}) แล้วใช้ลิงก์นั้น"
            " เพราะ ITA นับเฉพาะข้อมูลบนเว็บไซต์หลัก",
            finding_en=f"The information is outside the main website{moved_en}: {where_en}"
            f" is not {main}",
            fix_en=f"Put the information or file on the organisation's main website ({main}) and"
            " use that link: the ITA counts only what is on the main website",
        )
    if fetched.failure == "too_large":
        mb = run.max_bytes / 1_000_000
        return _finding(
            target,
            "too_large",
            fetched,
            finding=f"ไฟล์ใหญ่เกิน {mb:g} MB จึงหยุดอ่าน",
            fix="ลดขนาดไฟล์ (เช่น บีบอัด PDF หรือแยกเป็นหลายไฟล์) ให้ผู้ประเมินเปิดได้สะดวก",
            finding_en=f"The file is larger than {mb:g} MB, so reading stopped",
            fix_en="Make the file smaller (compress the PDF or split it) so the assessor can"
            " open it easily",
        )
    try:
        document = await run.text(fetched)
    except Exception as exc:  # noqa: BLE001 - one unreadable file must not stop the others
        unsupported = isinstance(exc, UnsupportedContent)
        message = exc.message_th if unsupported else "อ่านไฟล์ไม่ได้"
        message_en = exc.message_en if unsupported else "the file cannot be read"
        return _finding(
            target,
            "unsupported",
            fetched,
            finding=message,
            fix="ใช้หน้าเว็บ (HTML) หรือไฟล์ PDF ที่ค้นหาข้อความได้ DOCX หรือ XLSX และตรวจข้อนี้ด้วยตนเอง",
            finding_en=message_en[:1].upper() + message_en[1:],
            fix_en="Use a web page (HTML), a searchable PDF, DOCX or XLSX, and check this item"
            " yourself",
        )
    if document.blank and document.kind == "pdf":
        return _finding(
            target,
            "scanned",
            fetched,
            finding="ไฟล์เป็นภาพสแกน ตรวจไม่ได้: PDF นี้ไม่มีข้อความให้ค้นหา (ไม่มีชั้นข้อความ)"
            " ผู้ประเมินค้นหาองค์ประกอบและปีในไฟล์ไม่ได้เช่นกัน",
            fix="เผยแพร่ไฟล์ PDF ที่มีข้อความ (บันทึกเป็น PDF จากไฟล์ Word หรือ Excel ต้นฉบับ"
            " หรือทำ OCR ให้ค้นหาข้อความได้) แทนภาพสแกน แล้วตรวจซ้ำ",
            finding_en="The file is a scanned image and cannot be checked: this PDF has no text to"
            " search (no text layer), so the assessor cannot search it for the components and the"
            " year either",
            fix_en="Publish a PDF with text (saved as PDF from the original Word or Excel file, or"
            " made searchable by OCR) instead of the scan, and check again",
        )
    if document.blank:
        return _finding(
            target,
            "unsupported",
            fetched,
            finding="ไม่พบข้อความในหน้าหรือไฟล์ (อาจเป็นภาพสแกน หรือหน้าที่สร้างด้วย JavaScript)",
            fix="แนบไฟล์ที่ค้นหาข้อความได้ (เช่น PDF ที่บันทึกจากไฟล์ต้นฉบับ) หรือพิมพ์เนื้อหาในหน้าเว็บ"
            " และตรวจข้อนี้ด้วยตนเอง",
            finding_en="No text found in the page or file (it may be a scanned image, or a page"
            " built by JavaScript)",
            fix_en="Attach a searchable file (such as a PDF saved from the original) or type the"
            " content into the web page, and check this item yourself",
        )
    return _content_finding(target, fetched, document, year)


def _pages_without_text(document: Document) -> str:
    """ "3, 5–7": the pages of a PDF with no text layer, where others have text; "" for none."""
    if document.kind != "pdf":
        return ""
    pages = [p.page for p in document.parts if p.page is not None and not p.text.strip()]
    runs: list[list[int]] = []
    for page in pages:
        if runs and page == runs[-1][-1] + 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def _content_finding(target: Target, fetched: _Fetched, document: Document, year: int) -> Finding:
    wanted = year + target.year_offset
    current, year_found, missing, pointers = judge_parts(
        document.parts, wanted, target.components, covering=target.covering
    )
    statuses, findings, fixes, findings_en, fixes_en = [], [], [], [], []
    if year_found is not None and not current:
        statuses.append("stale")
        span = range_from(document.text, year_found)  # only a multi-year plan named: say so
        if span is None:
            findings.append(f"ข้อมูลเป็นของปี พ.ศ. {year_found} ยังไม่ใช่ปี {wanted}")
            findings_en.append(f"The information is of B.E. {year_found}, not yet of {wanted}")
        elif target.covering:
            findings.append(f"ข้อมูลเป็นแผนช่วงปี พ.ศ. {span[0]}–{span[1]} ซึ่งไม่ครอบคลุมปี {wanted}")
            findings_en.append(
                f"The information is a plan for B.E. {span[0]}–{span[1]}, which does not cover"
                f" {wanted}"
            )
        else:
            findings.append(f"ข้อมูลเป็นแผนช่วงปี พ.ศ. {span[0]}–{span[1]} แต่ข้อนี้ต้องเป็นข้อมูลของปี {wanted}")
            findings_en.append(
                f"The information is a plan for B.E. {span[0]}–{span[1]}, but this item needs"
                f" the information of {wanted} itself"
            )
        fixes.append(f"ปรับปรุงข้อมูลให้เป็นของปี พ.ศ. {wanted} และระบุปีไว้ในหน้าหรือเอกสาร")
        fixes_en.append(
            f"Update the information to B.E. {wanted} and state the year on the page or document."
        )
    if missing:
        keywords = {code: words for code, words in target.components}
        named = "; ".join(
            f"{code} ({', '.join(k.replace('|', ' หรือ ') for k in keywords[code])})"
            for code in missing
        )
        named_en = "; ".join(
            f"{code} ({', '.join(k.replace('|', ' or ') for k in keywords[code])})"
            for code in missing
        )
        statuses.append("incomplete")
        findings.append(f"ไม่พบองค์ประกอบ {named}")
        fixes.append(f"เพิ่มข้อมูลขององค์ประกอบ {', '.join(missing)} ตามที่ข้อนี้กำหนด")
        findings_en.append(f"Components not found: {named_en}")
        fixes_en.append(f"Add the information of {', '.join(missing)} as this item requires.")
    if (missing or year_found is None) and (blank := _pages_without_text(document)):
        # a PDF with some pages scanned: what may be on them cannot be searched
        findings.append(f"หน้า {blank} ไม่มีข้อความ (อาจเป็นภาพสแกน) จึงค้นหาในหน้านั้นไม่ได้")
        findings_en.append(
            f"Page(s) {blank} have no text (perhaps scanned), so they cannot be searched"
        )
        fixes.append(f"ทำหน้า {blank} ให้ค้นหาข้อความได้ (บันทึกจากไฟล์ต้นฉบับหรือทำ OCR)")
        fixes_en.append(f"Make page(s) {blank} searchable (save from the original or OCR them).")
        statuses.append("incomplete" if missing else "no_year")
    if year_found is None:
        statuses.append("no_year")
        findings.append("ไม่พบปี พ.ศ. ในหน้าหรือเอกสาร")
        fixes.append(f"ระบุ 'ประจำปีงบประมาณ พ.ศ. {wanted}' ไว้ในหัวเรื่องหรือเนื้อหา")
        findings_en.append("No Buddhist-era year found in the page or document")
        fixes_en.append(f"State 'ประจำปีงบประมาณ พ.ศ. {wanted}' in the title or the text.")
    if not statuses:
        tries = f" (สำเร็จเมื่อลองครั้งที่ {fetched.attempts})" if fetched.attempts > 1 else ""
        tries_en = f" (succeeded at attempt {fetched.attempts})" if fetched.attempts > 1 else ""
        if any(keywords for _, keywords in target.components):
            parts, parts_en = "และองค์ประกอบครบ", "and every component is there"
        else:  # most items have no keywords in the criteria yet: say what was not checked
            parts = "(ข้อนี้ยังไม่มีคำสำคัญขององค์ประกอบให้ตรวจ โปรดตรวจองค์ประกอบด้วยตนเอง)"
            parts_en = (
                "(the criteria give no keywords for this item's components yet: check them"
                " yourself)"
            )
        return _finding(
            target,
            "ok",
            fetched,
            year_found=year_found,
            pointers=pointers,
            finding=f"ผ่าน: เปิดได้ อยู่บนเว็บไซต์หลัก พบปี พ.ศ. {year_found} {parts}{tries}",
            finding_en=f"Passed: opens, is on the main website, B.E. {year_found} found"
            f" {parts_en}{tries_en}",
        )
    order = sorted(range(len(statuses)), key=lambda i: PRECEDENCE.index(statuses[i]))
    return _finding(
        target,
        statuses[order[0]],
        fetched,
        year_found=year_found,
        missing=missing,
        pointers=pointers,
        finding="; ".join(findings[i] for i in order),
        fix=" ".join(fixes[i] for i in order),
        finding_en="; ".join(findings_en[i] for i in order),
        fix_en=" ".join(fixes_en[i] for i in order),
    )


# ---------------------------------------------------------------- entry points


class CheckerClient(httpx.AsyncClient):
    """The httpx client of the checker: every connection it opens passes `guard`, and it takes
    no transport, proxy or mount from its caller or the environment."""

    def __init__(self, *, timeout: float, guard: AddressGuard, user_agent: str = "") -> None:
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=100)
        super().__init__(
            transport=GuardedTransport(guard, limits),
            timeout=httpx.Timeout(timeout, pool=None),  # waiting for a free connection is not slow
            follow_redirects=False,  # the checker follows them itself, hop by hop
            trust_env=False,
            headers={"User-Agent": user_agent or USER_AGENT},
        )
        self.guard = guard


def make_client(
    *, timeout: float = 10, guard: AddressGuard | None = None, user_agent: str = ""
) -> CheckerClient:
    """The client `check()` uses; without a guard, only public addresses are reached.
    `user_agent` (from `user_agent(contact_url)`) names the instance's contact page."""
    return CheckerClient(timeout=timeout, guard=guard or AddressGuard(), user_agent=user_agent)


async def check(
    targets: list[Target],
    *,
    main_site: str,
    year: int,
    timeout: float = 10,
    per_host: int = 4,
    retries: int = 2,
    backoff: float = 0.5,
    max_bytes: int = MAX_BYTES,
    client: CheckerClient | None = None,
    guard: AddressGuard | None = None,
    limit_url: str | None = None,
    limit_prefix: str = "prongsai",
    user_agent: str = "",
    retry_after_max: float = RETRY_AFTER_MAX,
) -> list[Finding]:
    """Check every target; findings come back in the order of `targets`.

    `year` is the fiscal year (B.E.); `main_site` the organisation's main website URL. Pass
    `client` (from `make_client`) to share connections between calls, or `guard` for the
    client this call makes: `AddressGuard(allow_private=True)` for a website on this machine.
    Without either, private and loopback addresses are refused. Only the target URLs and their
    redirects are ever requested; a redirect to another site is requested but its body is not
    read. `limit_url` (a Redis URL) makes `per_host` hold across every process checking with
    that Redis and `limit_prefix`; without it, it holds within this call. A link to a file
    host, a drive, social media or a link shortener (domains.flagged_host) is never requested.
    429 and 503 answers are retried after their Retry-After (at most `retry_after_max`
    seconds; a site asking for longer is reported busy at once). `user_agent` names the
    checker to the sites (see `user_agent()`); ignored when `client` is given.
    """
    if per_host < 1 or retries < 0 or timeout <= 0 or max_bytes < 1 or retry_after_max < 0:
        raise ValueError(
            "per_host ≥ 1, retries ≥ 0, timeout > 0, max_bytes ≥ 1 and retry_after_max ≥ 0"
        )
    own = client is None
    if own:
        client = make_client(timeout=timeout, guard=guard, user_agent=user_agent)
    elif not isinstance(client, CheckerClient) or guard is not None:
        raise TypeError("pass a client from make_client(guard=…) or a guard, not both")
    if limit_url:
        limit = RedisLimit(limit_url, per_host, prefix=limit_prefix)
    else:
        limit = LocalLimit(per_host)
    run = _Run(
        client,
        main_site=main_site,
        timeout=timeout,
        limit=limit,
        retries=retries,
        backoff=backoff,
        max_bytes=max_bytes,
        retry_after_max=retry_after_max,
    )
    try:
        return list(await asyncio.gather(*(_analyse(run, t, year) for t in targets)))
    finally:
        await limit.aclose()
        if own:
            await client.aclose()


def check_sync(targets: list[Target], **options) -> list[Finding]:
    """`check()` for synchronous callers (the command, a view). Where this thread already runs an
    event loop (an ASGI worker, a test harness), the check runs on a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(check(targets, **options))
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, check(targets, **options)).result()


# ---------------------------------------------------------------- criteria → targets


def components_of(doc: dict) -> dict[str, list[tuple[str, list[str]]]]:
    """Per OIT item of a criteria document, its components as (code, keywords)."""
    return {
        item["code"]: [(c["code"], list(c.get("keywords", []))) for c in item.get("components", [])]
        for item in doc.get("oit_items", [])
    }


def targets_for(doc: dict, rows: list[tuple[str, str]]) -> list[Target]:
    """Targets for (item, url) pairs, with the components and year rule the document gives."""
    components = components_of(doc)
    rules = {item["code"]: year_rule_of(doc, item) for item in doc.get("oit_items", [])}
    return [
        Target(item, url, components.get(item, []), year_rule=rules.get(item, "current"))
        for item, url in rows
    ]
