"""The API's documentation page in Chromium: Swagger UI from our own static files renders every operation of the
OpenAPI schema under the Content-Security-Policy (no violation, no script error), and "Try it out" calls the API."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_api_documentation_renders_under_the_csp(page, live_server, problems, shot):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector(".opblock-summary-path")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert {"/api/v1/handbooks/", "/api/v1/handbooks/{id}/", "/api/v1/handbooks/{id}/cpsv/", "/api/v1/laws/"} <= {
        p.replace("\u200b", "") for p in paths
    }
    assert page.get_by_role("heading", name="API ข้อมูลเปิด คู่มือสำหรับประชาชน Open data API").is_visible()
    # Thai and English descriptions reach the page
    page.locator(".opblock-summary-path", has_text="/api/v1/handbooks/").first.click()
    page.get_by_text("หมวดหมู่ของงานบริการ — category code").first.wait_for()
    # Everything came from the portal itself (vendored Swagger UI, no CDN)
    assert requested and all(url.startswith(live_server.url) for url in requested), requested
    shot(page, "api-docs")
