"""Playwright driving Debian's Chromium (no browser download), against pytest-django's live server.

Every page a browser test visits is checked with axe-core (installed by `make test` with npm,
pinned in package-lock.json): before each click, goto, reload or close, the page the test is on
is checked once per URL and content, and a serious or critical violation (or any landmark one)
fails the test, naming the page, the rule and the elements."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# The flags that keep Chromium quiet on a machine with no network but loopback.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    # Module scope: Playwright's sync API keeps an event loop running in this thread while it is
    # open, and the suite's non-browser tests (run after these by pytest-django) must not see it.
    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is missing: run scripts/system-deps.sh test (make test does)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between browser steps are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


AXE = Path(__file__).resolve().parents[4] / "node_modules" / "axe-core" / "axe.min.js"
# axe runs in the page through the DevTools protocol, which the Content-Security-Policy does not
# govern, so the site's policy stays as it is in production.
AXE_RUN = """async () => {
  const LANDMARKS = /^(landmark-|region$)/;  // moderate in axe, but every page has its <main>
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical" || LANDMARKS.test(v.id))
    .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                  targets: v.nodes.map((n) => n.target.join(" ")),
                  summary: v.nodes[0].failureSummary}));
}"""


class Axe:
    """Checks each page a test is on before the test acts on it or leaves it."""

    def __init__(self):
        self.source = AXE.read_text(encoding="utf-8")
        self.seen: set[tuple[str, int]] = set()
        self.violations: dict[tuple[str, str], dict] = {}
        self.contexts: list = []
        self.without_script: list = []

    def check(self, page) -> None:
        if page.is_closed() or not page.url.startswith("http"):
            return
        if page.context in self.without_script:
            return  # axe runs as a script: a page with JavaScript off cannot run it (it waits)
        for _attempt in range(3):
            try:
                page.wait_for_load_state("load")
                key = (page.url, page.evaluate("document.documentElement.outerHTML.length"))
                if key in self.seen:
                    return
                if not page.evaluate("typeof axe !== 'undefined'"):
                    page.evaluate(self.source)
                found = page.evaluate(AXE_RUN)
                break
            except Exception as error:  # the page navigated while axe ran: check the new one
                if "context was destroyed" not in str(error) and "navigat" not in str(error):
                    raise
        else:
            return
        self.seen.add(key)
        viewport = page.viewport_size or {}
        for v in found:
            self.violations.setdefault((page.url, v["id"]), {**v, "width": viewport.get("width")})

    def report(self) -> str:
        lines = []
        for (url, rule), v in sorted(self.violations.items()):
            lines.append(
                f"{url} ({v['width']} px): {rule} [{v['impact']}] {v['help']}\n"
                f"    {', '.join(v['targets'][:8])}\n    {v['summary']}"
            )
        return "\n".join(lines)


@pytest.fixture(autouse=True)
def axe(monkeypatch):
    from playwright.sync_api import Browser, BrowserContext, Locator, Page

    if not AXE.exists():
        pytest.fail(f"axe-core is missing ({AXE}): run `make setup-dev` (npm ci)")
    checker = Axe()

    def before(method, page_of):
        def wrapped(self, *args, **kwargs):
            checker.check(page_of(self))
            return method(self, *args, **kwargs)

        return wrapped

    def new_context(self, *args, _original=Browser.new_context, **kwargs):
        context = _original(self, *args, **kwargs)
        checker.contexts.append(context)
        if kwargs.get("java_script_enabled") is False:
            checker.without_script.append(context)
        return context

    def close_context(self, *args, _original=BrowserContext.close, **kwargs):
        for page in self.pages:
            checker.check(page)
        return _original(self, *args, **kwargs)

    monkeypatch.setattr(Browser, "new_context", new_context)
    monkeypatch.setattr(BrowserContext, "close", close_context)
    monkeypatch.setattr(Locator, "click", before(Locator.click, lambda loc: loc.page))
    monkeypatch.setattr(Page, "goto", before(Page.goto, lambda page: page))
    monkeypatch.setattr(Page, "reload", before(Page.reload, lambda page: page))
    yield checker
    for context in checker.contexts:
        for page in context.pages:
            checker.check(page)
    assert not checker.violations, "accessibility (axe-core):\n" + checker.report()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="th-TH", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    # Anything the Content-Security-Policy blocks is reported on the console: fail the test.
    blocked = []
    page.on(
        "console",
        lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    yield page
    context.close()
    assert not blocked, f"blocked by the Content-Security-Policy: {blocked}"
