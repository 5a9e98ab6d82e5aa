"""Accessibility tests: axe-core (vendored, tests only) in Debian's Chromium through Playwright, on the demo data.

The e2e tests' browser settings are shared; every test is marked `e2e`, so it is skipped locally without Chromium
and fails in CI without it (tests/e2e/conftest.py).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.a11y import pages
from tests.e2e.conftest import browser_context_args, browser_type_launch_args, service_areas  # noqa: F401

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
# WCAG 2.0 and 2.1, levels A and AA: axe's own tags.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def demo(service_areas, settings):  # noqa: F811
    """The demo data set plus a revision waiting for review (pages.prepare)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("load_demo", stdout=io.StringIO())
    pages.prepare()


def axe(page, skip_rules: tuple[str, ...] = ()) -> list[str]:
    """Run axe in the page (evaluated, not injected as a <script>: the portal's CSP allows no inline script)
    and return one line per violating element: rule id, target, the first line of axe's summary."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)
    found = page.evaluate(
        """async ([tags, skip]) => {
            const rules = Object.fromEntries(skip.map(id => [id, {enabled: false}]));
            const options = {runOnly: {type: 'tag', values: tags}, rules, resultTypes: ['violations']};
            const result = await axe.run(document, options);
            return result.violations.flatMap(v => v.nodes.map(n => [v.id, n.target.join(' '),
                (n.failureSummary || v.help).split('\\n').filter(Boolean).slice(-1)[0].trim()]));
        }""",
        [WCAG_TAGS, list(skip_rules)],
    )
    return [f"{rule} @ {target}: {summary}" for rule, target, summary in found]


def headings_problems(page) -> list[str]:
    """One h1 and no skipped heading level (h2 then h4), in the order a screen reader lists them."""
    levels = page.evaluate(
        """() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]
            .filter(h => h.getClientRects().length || h.closest('details'))
            .map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 40)])"""
    )
    problems = []
    if [level for level, _ in levels].count(1) != 1:
        problems.append(f"ต้องมี h1 หนึ่งเดียว: {[text for level, text in levels if level == 1]}")
    previous = 0
    for level, text in levels:
        if level > previous + 1:
            problems.append(f"heading-order: h{level} '{text}' ตามหลัง h{previous}")
        previous = level
    if page.evaluate("document.documentElement.lang") != "th":
        problems.append("html lang ไม่ใช่ th")
    return problems


def sign_in_as(page, live_server, username: str | None) -> None:
    page.context.clear_cookies()
    if username:
        page.goto(f"{live_server.url}/accounts/login/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(pages.PASSWORD)
        page.get_by_role("button", name="เข้าสู่ระบบ").click()
        page.wait_for_load_state()
