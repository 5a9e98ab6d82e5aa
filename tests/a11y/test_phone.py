"""Issue 17: the public pages on a phone. At 390 and 360 px no page scrolls sideways (the Department of Lands
handbook's 22 documents and 6 steps become stacked rows); the search box, the search button, the menu and the
"ดาวน์โหลด PDF" link are on the first screen and at least 44 px tall (WCAG 2.5.5's tap target).
"""

from __future__ import annotations

import pytest

from tests.a11y.pages import PAGES, lands
from tests.e2e.conftest import watch

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TAP = 44  # px


def _box(locator) -> dict:
    locator.scroll_into_view_if_needed()
    return locator.bounding_box()


def _on_first_screen(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return (
        box is not None
        and box["y"] >= 0
        and box["y"] + box["height"] <= size["height"]
        and box["x"] >= 0
        and (box["x"] + box["width"] <= size["width"])
    )


def test_public_pages_fit_a_phone_with_tap_targets_of_44_px(page, live_server, demo):
    problems = watch(page)
    wide = []
    for width in (390, 360):
        page.set_viewport_size({"width": width, "height": 800})
        for entry in [p for p in PAGES if p.public]:
            page.goto(live_server.url + entry.path())
            if entry.ready:
                page.locator(entry.ready).first.wait_for()
            scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if scroll > inner:
                wide.append(f"{entry.name} ({width} px): scrollWidth {scroll} > innerWidth {inner}")
    assert not wide, "\n".join(wide)

    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(live_server.url + "/")
    search = page.get_by_role("searchbox", name="ค้นหาจากชื่องานบริการ ชื่อคู่มือ หรือหน่วยงาน")
    assert _on_first_screen(page, search)
    assert search.bounding_box()["height"] >= TAP
    assert _box(page.get_by_role("button", name="ค้นหา", exact=True))["height"] >= TAP
    toggler = page.get_by_role("button", name="เปิดเมนู")
    assert _on_first_screen(page, toggler) and toggler.bounding_box()["height"] >= TAP
    assert toggler.bounding_box()["width"] >= TAP
    toggler.click()
    for name in ("ค้นหาคู่มือ", "คู่มือตามหน่วยงาน", "เข้าสู่ระบบเจ้าหน้าที่"):
        link = page.get_by_role("link", name=name, exact=True)
        link.wait_for(state="visible")
        assert link.bounding_box()["height"] >= TAP, name

    page.goto(live_server.url + f"/handbook/{lands().pk}/")
    pdf = page.get_by_role("link", name="ดาวน์โหลด PDF")
    assert _on_first_screen(page, pdf)
    assert pdf.bounding_box()["height"] >= TAP and pdf.bounding_box()["width"] >= TAP
    # The documents table is stacked: each cell shows its column's name, and the page stays one column wide.
    cell = page.locator(".printed-documents td[data-label]").nth(1)
    assert page.evaluate("c => getComputedStyle(c, '::before').content", cell.element_handle()) != "none"
    assert not problems, "\n".join(problems)
