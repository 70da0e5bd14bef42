"""A small organisation website on 127.0.0.1 with good OIT evidence and every kind of trap.

`EvidenceSite` runs two threaded HTTP servers on loopback: the main website (addressed as
http://127.0.0.1:PORT) and a second one addressed as http://localhost:PORT2, a different host
name, for the off-site redirect. Both log every request, so a test can prove that nothing but
the target URLs and their redirects was fetched. `LoopbackOnly` is an address guard that
refuses any host but 127.0.0.1 and localhost: tests hand it to the checker so that no test can
reach the network whatever URL it is given. `PublicPort` and `main_site_public()` make the
main website play a public one, for redirects into the server's own network.

A third server speaks HTTPS with a self-signed certificate (`tls_url`).

The PDFs are written by hand (`minimal_pdf`, `multipage_pdf`): a Type0 font with a ToUnicode
map, so pdftotext and pypdf both read Thai text from them without any font file.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import ssl
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from unittest import mock
from urllib.parse import unquote

import httpcore

from prongsai.oit import checklist
from prongsai.oit.guard import AddressGuard

YEAR_TH = "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘"


def page(title: str, body: str, *, charset: str = "utf-8") -> bytes:
    return (
        f'<!doctype html><html><head><meta charset="{charset}"><title>{title}</title>'
        "<style>.year::after{content:'พ.ศ. 2568'}</style></head>"
        f"<body><nav><a href='/linked-page.html'>หน้าที่ลิงก์ไว้</a></nav>{body}</body></html>"
    ).encode(charset)


def minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds `lines` (any Unicode); no font is embedded."""
    return multipage_pdf([lines])


def multipage_pdf(pages: list[list[str]]) -> bytes:
    """A PDF of one page per list of lines, sharing one font with a ToUnicode map."""
    chars = sorted({c for lines in pages for line in lines for c in line})
    cid = {c: i + 1 for i, c in enumerate(chars)}
    pairs = "\n".join(f"<{cid[c]:04X}> <{ord(c):04X}>" for c in chars)
    to_unicode = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(chars)} beginbfchar\n{pairs}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()

    def stream(data: bytes) -> bytes:
        return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"

    # objects 1–4: catalog, pages, font, its descendant; 5–6: ToUnicode, descriptor; then a
    # page and its content stream per page
    first_page = 7
    kids = " ".join(f"{first_page + 2 * n} 0 R" for n in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /ProngsaiTest /Encoding /Identity-H"
        b" /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ProngsaiTest"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
        b" /FontDescriptor 6 0 R /DW 500 /CIDToGIDMap /Identity >>",
        stream(to_unicode),
        b"<< /Type /FontDescriptor /FontName /ProngsaiTest /Flags 32 /FontBBox [0 -200 1000 900]"
        b" /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>",
    ]
    for n, lines in enumerate(pages):
        text_ops = [
            f"BT /F1 10 Tf 40 {800 - 16 * k} Td <{''.join(f'{cid[c]:04X}' for c in line)}> Tj ET"
            for k, line in enumerate(lines)
        ]
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
            b" /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
            % (first_page + 2 * n + 1)
        )
        objects.append(stream("\n".join(text_ops).encode()))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def docx_bytes(paragraphs: list[str], table: list[list[str]]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    grid = document.add_table(rows=len(table), cols=len(table[0]))
    for r, row in enumerate(table):
        for c, value in enumerate(row):
            grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HTML = "text/html; charset=utf-8"
PDF = "application/pdf"


def _pages() -> dict[str, tuple[int, dict[str, str], bytes]]:
    """Path → (status, headers, body) of everything the main site serves as is."""
    good_o1 = page(
        f"โครงสร้างและอำนาจหน้าที่ {YEAR_TH}",
        "<h1>แผนผังโครงสร้างองค์การบริหารส่วนตำบลบ้านสวน</h1>"
        "<p>โครงสร้างฝ่ายการเมือง: นายก อบต. รองนายก</p>"
        "<p>โครงสร้างฝ่ายข้าราชการประจำ: ปลัด อบต. สำนักปลัด กองคลัง กองช่าง</p>"
        "<h2>อำนาจหน้าที่</h2><p>ตามพระราชบัญญัติสภาตำบลและองค์การบริหารส่วนตำบล มาตรา ๖๖</p>",
    )
    o2_tis620 = page(
        "ข้อมูลผู้บริหาร",
        "<h1>ผู้บริหาร ปี 2568</h1><p>นายสมชาย ใจดี ตำแหน่ง นายก อบต. โทร 038 123 456</p>",
        charset="tis-620",
    )
    o3_missing = page(
        "ข้อมูลการติดต่อ",
        f"<h1>ข้อมูลการติดต่อ {YEAR_TH}</h1><p>ที่อยู่ 99 หมู่ 1 ตำบลบ้านสวน</p><p>โทรศัพท์ 038 123 456</p>",
    )
    no_year = page(
        "ข่าวประชาสัมพันธ์",
        "<script>var updated = 'ประจำปีงบประมาณ พ.ศ. 2568';</script>"
        "<h1>ข่าวประชาสัมพันธ์</h1><p>ขอเชิญร่วมกิจกรรมวันเด็ก ราคาบัตร 2500 บาท</p>",
    )
    stale_and_missing = page(
        "ข้อมูลการติดต่อ",
        "<h1>ข้อมูลการติดต่อ ประจำปีงบประมาณ พ.ศ. 2567</h1><p>ที่อยู่ 99 หมู่ 1</p>",
    )
    first_quarter = page("ข่าวประชาสัมพันธ์", "<p>ข่าวประชาสัมพันธ์ ประกาศ ณ วันที่ ๑๕ ตุลาคม ๒๕๖๗</p>")
    moved_here = page("ข่าวประชาสัมพันธ์", f"<h1>ข่าวประชาสัมพันธ์ {YEAR_TH}</h1><p>ย้ายมาที่นี่</p>")
    return {
        "/o1.html": (200, {"Content-Type": HTML}, good_o1),
        "/o2-tis620.html": (200, {"Content-Type": "text/html"}, o2_tis620),
        "/o3-missing.html": (200, {"Content-Type": HTML}, o3_missing),
        "/no-year.html": (200, {"Content-Type": HTML}, no_year),
        "/stale-and-missing.html": (200, {"Content-Type": HTML}, stale_and_missing),
        "/first-quarter.html": (200, {"Content-Type": HTML}, first_quarter),
        "/moved-here.html": (200, {"Content-Type": HTML}, moved_here),
        "/linked-page.html": (200, {"Content-Type": HTML}, page("ไม่ควรถูกเปิด", "")),
        # served as octet-stream, as many Thai CMSs do: the bytes say PDF
        "/o4.pdf": (
            200,
            {"Content-Type": "application/octet-stream"},
            minimal_pdf(["ข่าวประชาสัมพันธ์", YEAR_TH]),
        ),
        "/last-year.pdf": (
            200,
            {"Content-Type": PDF},
            minimal_pdf(["รายงานผลการจัดซื้อจัดจ้าง", "ประจำปีงบประมาณ พ.ศ. ๒๕๖๗"]),
        ),
        "/scan.pdf": (200, {"Content-Type": PDF}, minimal_pdf([])),
        "/o10.docx": (
            200,
            {
                "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            },
            docx_bytes(["ช่องทางการให้บริการออนไลน์", YEAR_TH], [["บริการ", "ลิงก์"], ["E-Service", "x"]]),
        ),
        "/o11.xlsx": (
            200,
            {"Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
            xlsx_bytes([["สถิติการให้บริการ ปีงบประมาณ 2568"], ["เดือน", "จำนวน"], ["ตุลาคม", 120]]),
        ),
        "/photo.jpg": (200, {"Content-Type": "image/jpeg"}, b"\xff\xd8\xff\xe0" + b"\0" * 64),
        "/gone.html": (404, {"Content-Type": HTML}, page("ไม่พบหน้า", "")),
        "/moved": (301, {"Location": "/moved-here.html"}, b""),
        "/loop-a": (302, {"Location": "/loop-b"}, b""),
        "/loop-b": (302, {"Location": "/loop-a"}, b""),
        "/always-500": (500, {"Content-Type": HTML}, page("error", "")),
        **{
            f"/chain/{n}": (302, {"Location": f"/chain/{n + 1}"}, b"")
            for n in range(1, 10)  # longer than the checker follows
        },
    }


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass  # the request log below replaces stderr lines

    def do_GET(self):
        site = self.server.site
        with site.lock:
            site.log.append((self.server.name, self.headers.get("Host", ""), self.path))
            site.agents.append(self.headers.get("User-Agent", ""))
            site.times.setdefault(self.path, []).append(time.monotonic())
            hits = sum(
                1 for name, _, path in site.log if (name, path) == (self.server.name, self.path)
            )
        try:
            self.route(site, hits)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the checker hung up on purpose (too large, timed out)

    def send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def route(self, site: EvidenceSite, hits: int) -> None:
        if self.server.name == "other":
            if self.path == "/doc.html":
                body = page("เอกสาร", f"<p>ข่าวประชาสัมพันธ์ {YEAR_TH}</p>")
                return self.send(200, {"Content-Type": HTML}, body)
            return self.send(404, {}, b"")
        path = self.path
        if path.startswith("/go?to="):  # a redirect to any URL: /go?to=http%3A%2F%2F…
            return self.send(302, {"Location": unquote(path.removeprefix("/go?to="))}, b"")
        if path == "/offsite":
            return self.send(302, {"Location": site.other_url("/doc.html")}, b"")
        if path == "/flaky.html":  # 500 the first time, then the good page
            if hits == 1:
                return self.send(500, {"Content-Type": HTML}, b"busy")
            return self.send(*site.pages["/moved-here.html"])
        if path == "/busy-once.html":  # 429 asking for a second's wait, then the good page
            if hits == 1:
                return self.send(429, {"Retry-After": "1", "Content-Type": HTML}, b"busy")
            return self.send(*site.pages["/moved-here.html"])
        if path == "/busy-date.html":  # 503 with Retry-After as an HTTP date, then the page
            if hits == 1:
                when = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=2)
                date = when.strftime("%a, %d %b %Y %H:%M:%S GMT")
                return self.send(503, {"Retry-After": date, "Content-Type": HTML}, b"busy")
            return self.send(*site.pages["/moved-here.html"])
        if path == "/always-busy.html":  # 503 for ever
            return self.send(503, {"Retry-After": "1", "Content-Type": HTML}, b"busy")
        if path == "/come-back-tomorrow.html":  # asks for more than the checker waits
            return self.send(429, {"Retry-After": "86400", "Content-Type": HTML}, b"busy")
        if path == "/slow.html":
            time.sleep(site.slow_seconds)
            return self.send(*site.pages["/moved-here.html"])
        if path.startswith("/wait-"):  # holds the request a moment, counting how many overlap
            with site.lock:
                site.in_flight += 1
                site.max_in_flight = max(site.max_in_flight, site.in_flight)
            time.sleep(0.1)
            with site.lock:
                site.in_flight -= 1
            return self.send(*site.pages["/moved-here.html"])
        if path == "/huge.pdf":  # no length: streams until the client hangs up
            self.send_response(200)
            self.send_header("Content-Type", PDF)
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            chunk = b"%PDF-1.4\n" + b"0" * 65_527
            for _ in range(site.huge_chunks):
                self.wfile.write(chunk)
            return None
        if path == "/huge-declared.pdf":  # says how big it is: the checker need not read it
            self.send_response(200)
            self.send_header("Content-Type", PDF)
            self.send_header("Content-Length", str(10**9))
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            self.wfile.write(b"%PDF-1.4\n")
            return None
        if path in site.pages:
            return self.send(*site.pages[path])
        return self.send(404, {"Content-Type": HTML}, page("ไม่พบหน้า", ""))


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a sleeping /slow.html must not hold up shutdown

    def __init__(self, site: EvidenceSite, name: str):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.site = site
        self.name = name

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # a client hanging up is no error


def self_signed_context(directory) -> ssl.SSLContext:
    """A server TLS context with a certificate nobody trusts, as many small sites have."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = Path(directory) / "cert.pem", Path(directory) / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    return context


class EvidenceSite:
    """The main website (127.0.0.1) and another host (localhost), both logging requests, and
    an HTTPS copy of the main site whose certificate is self-signed."""

    def __init__(self, *, slow_seconds: float = 3.0, huge_chunks: int = 200):
        self.slow_seconds = slow_seconds
        self.huge_chunks = huge_chunks  # × 64 KB
        self.pages = _pages()
        self.lock = threading.Lock()
        self.log: list[tuple[str, str, str]] = []  # (server, Host header, path)
        self.agents: list[str] = []  # the User-Agent of each request, in the log's order
        self.times: dict[str, list[float]] = {}  # path → monotonic time of each request
        self.in_flight = self.max_in_flight = 0
        self.main = _Server(self, "main")
        self.other = _Server(self, "other")
        self.tls = _Server(self, "tls")
        with tempfile.TemporaryDirectory() as directory:
            context = self_signed_context(directory)
        self.tls.socket = context.wrap_socket(self.tls.socket, server_side=True)
        self.servers = (self.main, self.other, self.tls)
        self.threads = [
            threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
            for s in self.servers
        ]

    def __enter__(self) -> EvidenceSite:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()

    @property
    def main_site(self) -> str:
        return f"http://127.0.0.1:{self.main.server_address[1]}/"

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.main.server_address[1]}{path}"

    def tls_url(self, path: str) -> str:
        return f"https://127.0.0.1:{self.tls.server_address[1]}{path}"

    def other_url(self, path: str) -> str:
        return f"http://localhost:{self.other.server_address[1]}{path}"

    def paths(self, server: str = "main") -> list[str]:
        with self.lock:
            return [path for name, _, path in self.log if name == server]

    def clear_log(self) -> None:
        with self.lock:
            self.log.clear()
            self.agents.clear()
            self.times.clear()


class RefusedHost(httpcore.ConnectError):
    """Raised by LoopbackOnly instead of resolving any other host."""


class LoopbackOnly(AddressGuard):
    """A test guard that lets the checker reach 127.0.0.1 and localhost and nothing else,
    whatever the URL; it records the hosts it refused and every connection it allowed."""

    ALLOWED = frozenset({"127.0.0.1", "localhost"})

    def __init__(self) -> None:
        super().__init__(allow_private=True)
        self.refused: list[str] = []
        self.connected: list[str] = []  # host:port, once per new connection

    def refuses(self, address, port: int) -> bool:
        return not address.is_loopback

    async def addresses(self, host: str, port: int) -> list[str]:
        if host not in self.ALLOWED:
            self.refused.append(host)
            raise RefusedHost(f"test harness refuses {host}")
        found = await super().addresses(host, port)
        self.connected.append(f"{host}:{port}")
        return found


class PublicPort(AddressGuard):
    """The production policy (public addresses only), except that one port on 127.0.0.1 plays
    a public website: the hook for "a public page that redirects into the server's network".
    It lives in the tests; nothing in production builds it, and no setting names it."""

    def __init__(self, port: int) -> None:
        super().__init__(allow_private=False)
        self.port = port

    def refuses(self, address, port: int) -> bool:
        if str(address) == "127.0.0.1" and port == self.port:
            return False
        return super().refuses(address, port)


@contextlib.contextmanager
def main_site_public(site: EvidenceSite):
    """Every check the project starts (web, command, re-check) uses PublicPort(main site)."""
    guard = PublicPort(site.main.server_address[1])
    with mock.patch.object(checklist, "checker_guard", lambda allow_private=False: guard):
        yield guard
