"""Issue 17: 0 axe-core violations (WCAG 2.0/2.1, A and AA) on every page a citizen or an official uses, at desktop
(1280 px) and phone (390 px) width, with one h1, headings in order and lang="th".

One test walks every page at both widths (the demo data set is loaded once: the suite stays lean) and fails
listing each violation: page, width, rule id, element, what to fix.
"""

from __future__ import annotations

import pytest

from tests.a11y.conftest import axe, headings_problems, sign_in_as
from tests.a11y.pages import PAGES
from tests.e2e.conftest import watch

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_every_page_has_no_axe_violation_at_desktop_and_phone_width(page, live_server, demo):
    problems = watch(page)
    found = []
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        user = "-"
        for entry in sorted(PAGES, key=lambda p: p.user or ""):
            if entry.user != user:
                sign_in_as(page, live_server, entry.user)
                user = entry.user
            response = page.goto(live_server.url + entry.path())
            assert response.status == 200, (entry.name, response.status)
            if entry.ready:
                page.locator(entry.ready).first.wait_for()
            if entry.then:
                entry.then(page)
            found += [f"{entry.name} ({width} px): {line}" for line in axe(page, entry.skip_rules)]
            found += [f"{entry.name} ({width} px): {line}" for line in headings_problems(page)]
    assert not found, "\n".join(found)
    assert not problems, "\n".join(problems)
