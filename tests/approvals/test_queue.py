"""The approver queue: scope, filters (agency subtree, type, category, submitter, BE dates, text), CSV, queries."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from handbooks.models import Handbook
from procedures.models import Procedure
from tests.approvals.helpers import pending, published


def _at(y, m, d):
    return timezone.make_aware(datetime.datetime(y, m, d, 10, 0))


@pytest.fixture
def queue(author, child_author, outsider, approver, agency_a):
    a = pending(author, procedure__name="การจดทะเบียนพาณิชย์ [N]", procedure__category="register")
    child = pending(
        child_author, procedure__name="การขอรับใบอนุญาตประกอบกิจการโรงงาน [N]", procedure__agency=agency_a
    )  # P1: the procedure is owned at department level, the handbook by the division
    b = pending(outsider, procedure__name="การขออนุญาตค้าข้าว [N]", procedure__linkage="multi")
    old = published(author, approver)  # not pending: never in the queue
    Handbook.objects.filter(pk=a.pk).update(submitted_at=_at(2026, 11, 20))
    Handbook.objects.filter(pk=child.pk).update(submitted_at=_at(2026, 11, 10))
    Handbook.objects.filter(pk=b.pk).update(submitted_at=_at(2026, 11, 25))
    return {"a": a, "child": child, "b": b, "published": old}


def _pks(response):
    return [h.pk for h in response.context["object_list"]]


@pytest.mark.django_db
def test_queue_is_oldest_first_within_the_approver_scope(login, queue, approver):
    response = login(approver).get(reverse("approvals:queue"))
    assert response.status_code == 200
    assert _pks(response) == [queue["child"].pk, queue["a"].pk]


@pytest.mark.django_db
def test_approver_b_does_not_see_agency_A_requests(login, queue, approver_b):
    assert _pks(login(approver_b).get(reverse("approvals:queue"))) == [queue["b"].pk]


@pytest.mark.django_db
def test_central_approver_sees_every_agency(login, queue, central):
    assert _pks(login(central).get(reverse("approvals:queue"))) == [queue["child"].pk, queue["a"].pk, queue["b"].pk]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"agency": "A"}, ["child", "a"]),  # the department and its subtree
        ({"agency": "ministry"}, ["child", "a", "b"]),
        ({"agency": "B"}, ["b"]),
        ({"linkage": "multi"}, ["b"]),
        ({"category": "register"}, ["a"]),
        ({"submitter": "outsider"}, ["b"]),
        ({"submitter": "สมชาย"}, ["a"]),
        ({"q": "ใบอนุญาต"}, ["child"]),
        ({"q": "ค้าข้าว"}, ["b"]),
        ({"submitted_from": "15/11/2569"}, ["a", "b"]),  # Buddhist Era year typed
        ({"submitted_to": "2026-11-20"}, ["child", "a"]),
        ({"submitted_from": "15/11/2569", "submitted_to": "21/11/2569"}, ["a"]),
    ],
)
def test_queue_filters(login, queue, central, agency_a, agency_b, ministry, params, expected):
    ids = {"A": agency_a.pk, "B": agency_b.pk, "ministry": ministry.pk}
    params = {k: ids.get(v, v) if k == "agency" else v for k, v in params.items()}
    response = login(central).get(reverse("approvals:queue"), params)
    assert response.status_code == 200
    assert _pks(response) == [queue[k].pk for k in expected]


@pytest.mark.django_db
def test_bad_date_gives_a_thai_message_and_keeps_what_was_typed(login, queue, central):
    response = login(central).get(reverse("approvals:queue"), {"submitted_from": "31/02/2569"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "กรุณากรอกวันที่ในรูปแบบ วว/ดด/ปปปป" in html
    assert 'value="31/02/2569"' in html


@pytest.mark.django_db
def test_agency_filter_offers_only_ministries_and_departments(login, queue, central, agency_a_child):
    response = login(central).get(reverse("approvals:queue"))
    choices = {str(c[1]) for c in response.context["filter"].form.fields["agency"].choices}
    assert agency_a_child.name not in " ".join(choices)
    assert "— กรมพัฒนาธุรกิจการค้า" in choices and "กระทรวงพาณิชย์" in choices


@pytest.mark.django_db
def test_queue_csv_is_utf8_with_bom_and_follows_the_filters(login, queue, central):
    response = login(central).get(reverse("approvals:queue_csv"), {"q": "ใบอนุญาต"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:3] == ["ลำดับ", "กระบวนงาน", "ชื่ออ้างอิงของคู่มือประชาชน"]
    assert [r[1] for r in rows[1:]] == ["การขอรับใบอนุญาตประกอบกิจการโรงงาน [N]"]
    assert rows[1][5] == "10/11/2569 10:00 น."


@pytest.mark.django_db
def test_queue_csv_neutralises_formulas(login, author, approver):
    handbook = pending(author)
    Handbook.objects.filter(pk=handbook.pk).update(change_note='=HYPERLINK("x")')
    body = b"".join(login(approver).get(reverse("approvals:queue_csv")).streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in body


@pytest.mark.django_db
def test_queue_csv_scope_approver_b(login, queue, approver_b):
    body = b"".join(login(approver_b).get(reverse("approvals:queue_csv")).streaming_content).decode("utf-8-sig")
    assert "ค้าข้าว" in body and "โรงงาน" not in body


@pytest.mark.django_db
def test_queue_costs_the_same_queries_with_1_and_20_pending(login, author, approver):
    client = login(approver)
    pending(author)
    url = reverse("approvals:queue")
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(19):
        pending(author)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["object_list"]) == 20
    assert len(many) == len(few)


@pytest.mark.django_db
def test_queue_pages_are_25_rows(login, author, approver):
    for _ in range(26):
        pending(author)
    response = login(approver).get(reverse("approvals:queue"), {"page": 2})
    assert response.status_code == 200 and len(response.context["object_list"]) == 1
    assert Procedure.objects.count() >= 26


def _counts(queries) -> int:
    """COUNT queries: the paginator's plain one and the badge's per-stage grouped one."""
    return sum(" COUNT(" in q["sql"].upper() or q["sql"].lstrip().upper().startswith("SELECT COUNT(") for q in queries)


def _measure(client, url, data=None):
    client.get(url, data)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, data)
    assert response.status_code == 200
    return response, ctx


@pytest.mark.django_db
def test_queue_counts_the_pending_requests_once_for_the_list_and_the_nav_badge(login, author, approver, monkeypatch):
    from approvals import panels, views

    client = login(approver)
    for _ in range(3):
        pending(author)
    url = reverse("approvals:queue")
    response, after = _measure(client, url)
    assert response.context["paginator"].count == 3
    assert 'data-badge="approvals">3<' in response.content.decode()
    assert _counts(after) == 1

    # Without sharing: the paginator, the stage tabs' figures and the badge would each count the same rows.
    def uncached(request):
        return panels.pending_counts(request.user)

    monkeypatch.setattr(views, "request_pending_counts", uncached)
    monkeypatch.setattr(panels, "request_pending_counts", uncached)
    _, before = _measure(client, url)
    assert _counts(before) == 3
    assert len(before) - len(after) == 2


@pytest.mark.django_db
def test_a_filtered_queue_counts_its_rows_and_the_badge_still_counts_all_pending(login, queue, approver):
    client = login(approver)
    response, ctx = _measure(client, reverse("approvals:queue"), {"q": "โรงงาน", "page": "1"})
    assert _pks(response) == [queue["child"].pk] and response.context["paginator"].count == 1
    assert 'data-badge="approvals">2<' in response.content.decode()  # a and child: the whole queue in scope
    assert _counts(ctx) == 2
    # Only the page number, no filter: the whole queue again, counted once.
    response, ctx = _measure(client, reverse("approvals:queue"), {"page": "1", "q": ""})
    assert response.context["paginator"].count == 2 and _counts(ctx) == 1


@pytest.mark.django_db
def test_dashboard_counts_the_pending_requests_once_for_the_panel_and_the_nav_badge(login, author, approver):
    pending(author)
    response, ctx = _measure(login(approver), reverse("portal:dashboard"))
    html = response.content.decode()
    assert "คำขออนุมัติที่รอการพิจารณาในความรับผิดชอบของท่าน: 1 รายการ" in html
    assert 'data-badge="approvals">1<' in html
    assert _counts(ctx) == 1
