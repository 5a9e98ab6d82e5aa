"""The handbook list's filters, cursor paging while handbooks are being published, and no COUNT of a list."""

from __future__ import annotations

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from handbooks.models import Handbook, HandbookVersion
from procedures.models import ServiceArea
from tests.approvals.helpers import make_handbook, published, start_revision
from tests.factories import ProcedureFactory, UserFactory
from tests.opendata.helpers import get, walk

pytestmark = pytest.mark.django_db


def ids(client, query: dict) -> set[int]:
    return {row["id"] for row in get(client, "api:handbooks", query)["results"]}


def test_filters_read_what_the_live_versions_published(
    client, author, approver, agency_a, agency_a_child, agency_b, ministry
):
    child_author = UserFactory(username="c_author", agency=agency_a_child, is_author=True)
    child_approver = UserFactory(username="c_approver", agency=agency_a_child, is_approver=True)
    b_author = UserFactory(username="b_author", agency=agency_b, is_author=True)
    b_approver = UserFactory(username="b_approver", agency=agency_b, is_approver=True)
    north = ServiceArea.objects.create(code="north", name="ภาคเหนือทดสอบ", position=50)
    permit = published(author, approver, procedure=ProcedureFactory(agency=agency_a, name="การขออนุญาตตั้งโรงสีข้าว [N]"))
    register = published(
        child_author,
        child_approver,
        procedure=ProcedureFactory(agency=agency_a, name="การจดทะเบียนร้านค้าออนไลน์ [N]", category="register"),
    )
    central_area = ServiceArea.objects.get(code="central")
    northern = published(
        b_author,
        b_approver,
        procedure=ProcedureFactory(agency=agency_b, areas=[central_area, north], name="การแจ้งย้ายโรงงาน [N]"),
    )
    # Unapproved edits change nothing the filters see.
    start_revision(permit, author, agency=agency_b)
    permit.procedure.areas.add(north)
    permit.procedure.__class__.objects.filter(pk=permit.procedure_id).update(category="notify")

    assert ids(client, {}) == {permit.pk, register.pk, northern.pk}
    assert ids(client, {"agency": agency_a.pk}) == {permit.pk, register.pk}  # the subtree: A and its division
    assert ids(client, {"agency": agency_a_child.pk}) == {register.pk}
    assert ids(client, {"agency": ministry.pk}) == {permit.pk, register.pk, northern.pk}
    assert ids(client, {"category": "permit"}) == {permit.pk, northern.pk}
    assert ids(client, {"category": "register"}) == {register.pk}
    assert ids(client, {"category": "notify"}) == set()
    assert ids(client, {"area": "north"}) == {northern.pk}
    assert ids(client, {"area": "central"}) == {permit.pk, register.pk, northern.pk}
    # Thai text search: segmented words, every word must occur (handbooks.search)
    assert ids(client, {"q": "โรงสีข้าว"}) == {permit.pk}
    assert ids(client, {"q": "ร้านค้า ออนไลน์"}) == {register.pk}
    assert ids(client, {"q": "โรงงาน"}) == {northern.pk}
    assert ids(client, {"q": "โรงสีข้าว ออนไลน์"}) == set()
    assert ids(client, {"agency": agency_a.pk, "q": "ร้านค้า"}) == {register.pk}


def test_updated_since_lists_the_versions_approved_since(client, author, approver):
    old, new = published(author, approver), published(author, approver)
    HandbookVersion.objects.filter(pk=old.live_version_id).update(
        approved_at=timezone.make_aware(datetime.datetime(2026, 1, 10, 9, 0))
    )
    HandbookVersion.objects.filter(pk=new.live_version_id).update(
        approved_at=timezone.make_aware(datetime.datetime(2026, 3, 5, 9, 0))
    )
    assert ids(client, {"updated_since": "2026-01-01"}) == {old.pk, new.pk}
    assert ids(client, {"updated_since": "2026-02-01"}) == {new.pk}
    assert ids(client, {"updated_since": "2026-03-05T09:00:00+07:00"}) == {new.pk}
    assert ids(client, {"updated_since": "2026-03-05T02:00:01Z"}) == set()
    # A new approval of the old one moves it into the window.
    start_revision(old, author)
    old.submit(author)
    old.approve(approver)
    assert ids(client, {"updated_since": "2026-02-01"}) == {old.pk, new.pk}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"updated_since": "เมื่อวาน"}, "updated_since"),
        ({"updated_since": "2026-13-45"}, "updated_since"),
        ({"agency": "abc"}, "agency"),
        ({"agency": "99999999"}, "agency"),
        ({"category": "ไม่มี"}, "category"),
        ({"area": "nowhere"}, "area"),
        ({"law": "1x"}, "law"),
        ({"order": "sideways"}, "order"),
    ],
)
def test_a_bad_filter_is_a_400_in_thai_and_english(client, tree, query, field):
    body = get(client, "api:handbooks", query, status=400)
    assert body["detail"] == "คำขอไม่ถูกต้อง" and body["detail_en"] == "Bad request." and body["status"] == 400
    (message,) = body["errors"][field]
    thai, english = message.split(" — ")
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in thai) and english.isascii()


def test_a_forged_cursor_and_a_huge_page_size_are_handled(client, author, approver):
    for _ in range(3):
        published(author, approver)
    assert get(client, "api:handbooks", {"cursor": "not-a-cursor"}, status=404)["detail_en"]
    assert len(get(client, "api:handbooks", {"page_size": 10**9})["results"]) == 3
    assert len(get(client, "api:handbooks", {"page_size": "x"})["results"]) == 3


def test_cursor_pages_stay_stable_while_handbooks_are_published_and_unpublished(client, author, approver, central):
    first = [published(author, approver) for _ in range(12)]
    url = reverse("api:handbooks") + "?page_size=5"
    page1 = json.loads(client.get(url).content)
    assert [row["id"] for row in page1["results"]] == [h.pk for h in first[:5]]
    # Between two requests: new publications, a re-approval of an already seen one, an unpublication of one not
    # seen yet. The walk neither repeats nor skips a handbook that stayed published.
    added = [published(author, approver) for _ in range(3)]
    start_revision(first[1], author)
    first[1].submit(author)
    first[1].approve(approver)
    first[8].unpublish(approver, "ยกเลิก")
    rest = walk(client, page1["next"])
    seen = [row["id"] for row in page1["results"]] + [row["id"] for row in rest]
    assert len(seen) == len(set(seen)) + 1  # only the re-approved handbook comes again, at its new place
    assert seen[-1] == first[1].pk
    expected = [h.pk for h in first if h.pk != first[8].pk] + [h.pk for h in added]
    assert [pk for pk in dict.fromkeys(seen) if pk != first[1].pk] == [pk for pk in expected if pk != first[1].pk]
    # newest first, and backwards with the previous links
    newest = walk(client, reverse("api:handbooks") + "?order=newest&page_size=4")
    live = Handbook.objects.published().order_by("-live_version_id").values_list("pk", flat=True)
    assert [row["id"] for row in newest] == list(live)
    page2 = json.loads(client.get(page1["next"]).content)
    back = json.loads(client.get(page2["previous"]).content)
    # (the re-approved handbook has moved to the end since page 1 was read)
    assert [row["id"] for row in back["results"]] == [row["id"] for row in page1["results"] if row["id"] != first[1].pk]


def test_no_list_of_the_api_counts_its_rows(client, author, approver):
    for _ in range(3):
        published(author, approver)
    make_handbook(author)
    for name in ("api:handbooks", "api:agencies", "api:laws"):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse(name))
        assert response.status_code == 200
        assert not [
            q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper() and "children" not in q["sql"]
        ]
