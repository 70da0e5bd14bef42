"""The organisation's public ITA page on a 360 px phone: checked by axe-core with JavaScript on,
then read without JavaScript, following one evidence link's "open" button to the (loopback)
main website."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from prongsai.demo.site import load_demo
from prongsai.oit import checklist
from prongsai.oit.models import Evidence
from prongsai.orgs.models import Organisation
from prongsai.orgs.panels import current_year

PHONE = {"width": 360, "height": 740}
EVIDENCE = "<!doctype html><html lang='th'><head><meta charset='utf-8'><title>โครงสร้าง</title>"
EVIDENCE += "</head><body><main><h1>แผนผังโครงสร้างองค์กร อบต.บ้านสวน</h1></main></body></html>"


class _Website(BaseHTTPRequestHandler):
    """The organisation's own website, on loopback: every request is logged."""

    log: list[str] = []

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def do_GET(self):
        self.log.append(self.path)
        body = EVIDENCE.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def website():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Website)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    _Website.log = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.slow
def test_the_public_ita_page_on_a_phone_without_javascript(
    browser, live_server, website, transactional_db
):
    load_demo("a-long-browser-password")
    org = Organisation.objects.get(slug="ban-suan")
    (fiscal,) = current_year()
    year = checklist.year_for(fiscal)
    evidence_url = f"{website}/ita/{year}/o1"
    Evidence.objects.filter(org=org, year=year, item="o1").update(urls=evidence_url)
    url = f"{live_server.url}/p/{org.slug}/ita/{year}/"
    blocked = []

    # With JavaScript: axe-core checks the page (autouse fixture) and nothing scrolls sideways.
    context = browser.new_context(locale="th-TH", viewport=PHONE)
    phone = context.new_page()
    phone.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)
    phone.goto(url)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()

    # Without JavaScript, as a visitor on a cheap phone: every item is there and one link opens.
    context = browser.new_context(locale="th-TH", viewport=PHONE, java_script_enabled=False)
    visitor = context.new_page()
    visitor.set_default_timeout(15_000)
    visitor.goto(url)
    assert "การประเมินคุณธรรมและความโปร่งใส" in visitor.get_by_role("heading", level=1).inner_text()
    item = visitor.locator('article[data-item="o1"]')
    assert "หน้าหลัก" in item.locator("[data-steps]").inner_text()
    shown = {a.get_attribute("data-item") for a in visitor.locator("article[data-item]").all()}
    ready = {r.code for r in checklist.rows(org, year) if r.ready}
    assert shown == ready and "o1" in shown
    button = item.get_by_role("link", name="เปิด o1")
    box = button.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert box["height"] >= 40  # a thumb-sized target
    button.click()
    visitor.wait_for_url(evidence_url)
    assert visitor.get_by_role("heading", level=1).inner_text() == "แผนผังโครงสร้างองค์กร อบต.บ้านสวน"
    assert _Website.log[0] == f"/ita/{year}/o1"  # (then the browser asks for a favicon)
    context.close()
    assert not blocked, blocked
