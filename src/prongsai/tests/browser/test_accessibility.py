"""Keyboard use, which axe-core cannot judge: tabbing through a workbench page and a public page
on a phone reaches every control, and each one shows where the focus is."""

from __future__ import annotations

import pytest

from prongsai.orgs.models import Organisation

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
