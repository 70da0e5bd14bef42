"""What axe-core cannot judge alone: tabbing through a workbench page and a public page on a phone
reaches every control and shows where the focus is; the public pages and their error states on a
phone, checked by axe-core (the autouse fixture in conftest.py) and without sideways scrolling."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from prongsai.orgs.models import Organisation
from prongsai.surveys.models import Campaign
from prongsai.tests.browser.conftest import Axe

pytestmark = pytest.mark.slow  # a browser: nothing the database engine changes

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {tag: el.tagName, text: (el.innerText || el.name || "").trim().slice(0, 40),
          outline: style.outlineStyle, width: parseFloat(style.outlineWidth)};
}"""


def tab_stops(page, limit: int = 30) -> list[dict]:
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop["tag"] == "BODY" or (stops and stop == stops[0]):
            break
        stops.append(stop)
    return stops


@pytest.mark.parametrize(
    ("path", "width", "last"),
    [("/accounts/login/", 1280, "เข้าสู่ระบบ"), ("/c/ban-suan/", 360, "ส่งเรื่องร้องเรียน")],
)
def test_every_control_shows_the_keyboard_focus(
    browser, live_server, transactional_db, path, width, last
):
    Organisation.objects.create(
        slug="ban-suan", name_th="องค์การบริหารส่วนตำบลบ้านสวน", kind="sao", province="ชลบุรี"
    )
    context = browser.new_context(locale="th-TH", viewport={"width": width, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}{path}")
    stops = tab_stops(page)
    assert any(stop["tag"] == "BUTTON" and last in stop["text"] for stop in stops), stops
    unseen = [stop for stop in stops if stop["outline"] == "none" or stop["width"] < 2]
    assert not unseen, unseen
    context.close()


def test_public_pages_on_a_phone(browser, live_server, transactional_db):
    """The pages the public sees, with their error states, on a 360 px phone: axe-core checks each
    one (the autouse fixture) and none scrolls sideways (WCAG reflow)."""
    org = Organisation.objects.create(
        slug="ban-suan", name_th="องค์การบริหารส่วนตำบลบ้านสวน", kind="sao", province="ชลบุรี"
    )
    today = timezone.localdate()
    eit = Campaign.objects.create(
        org=org, year=2569, tool="eit", opens=today, closes=today + timedelta(days=30)
    )
    context = browser.new_context(locale="th-TH", viewport={"width": 360, "height": 740})
    phone = context.new_page()
    base = live_server.url

    def fits() -> None:
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, (phone.url, width)

    for path in ("/", f"/c/{org.slug}/statistics/", "/about/checker/", "/no-such-page/"):
        phone.goto(f"{base}{path}")
        fits()
    phone.goto(f"{base}/c/{org.slug}/")
    phone.get_by_role("button", name="ส่งเรื่องร้องเรียน").click()
    phone.locator(".errors, .error").first.wait_for()  # refused, with its errors on the page
    fits()
    phone.goto(f"{base}/c/{org.slug}/follow-up/")
    phone.get_by_label("เลขรับเรื่อง ๑๖ หลักของท่าน").fill("1234")
    phone.get_by_role("button", name="แสดงสถานะ").click()
    phone.locator(".errors, .error").first.wait_for()
    fits()
    phone.goto(f"{base}/s/{eit.token}/")
    phone.get_by_role("button", name="ส่งคำตอบ").click()
    phone.locator("fieldset.question.invalid").first.wait_for()
    fits()
    context.close()


def test_the_axe_check_finds_what_it_must(browser):
    """The harness itself: a page with an unlabelled input, white-on-orange text and no <main> is
    reported with its rules and elements (so a clean run means something)."""
    page = browser.new_page()  # its own context, which the autouse check does not follow
    bad = (
        '<!doctype html><html lang="th"><head><title>x</title></head><body>'
        '<input type="text" id="nameless"><p class="orange">ข้อความ</p></body></html>'
    )
    style = ".orange { background: #e8710a; color: #fff; }"
    page.route("http://a11y.test/", lambda route: route.fulfill(body=bad, content_type="text/html"))
    page.goto("http://a11y.test/")
    page.add_style_tag(content=style)
    checker = Axe()
    checker.check(page)
    rules = {rule: v["targets"] for (_url, rule), v in checker.violations.items()}
    assert rules.get("label") == ["#nameless"]
    assert rules.get("color-contrast") == ["p"]
    assert "landmark-one-main" in rules and "region" in rules
    assert "#nameless" in checker.report()
    page.close()
