"""The workflow over HTTP: POST-only transitions, refusals with Thai messages, the review page and its diff."""

import pytest
from django.urls import reverse

from handbooks.models import Document, Fee
from handbooks.workflow import Status
from portal.models import AuditEntry
from tests.approvals.helpers import make_handbook, pending, published, start_revision
from tests.factories import UserFactory

TRANSITIONS = ["submit", "withdraw", "approve", "return", "unpublish"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", TRANSITIONS)
@pytest.mark.parametrize("who", ["author", "approver", "admin_user"])
def test_GET_on_a_transition_url_is_405_and_changes_nothing(request, login, author, approver, name, who):
    handbook = pending(author)
    response = login(request.getfixturevalue(who)).get(reverse(f"approvals:{name}", kwargs={"pk": handbook.pk}))
    assert response.status_code == 405
    handbook.refresh_from_db()
    assert handbook.status == Status.PENDING


@pytest.mark.django_db
def test_H10_submit_over_http_moves_to_pending_and_redirects_to_the_handbook(login, author):
    handbook = make_handbook(author)
    url = reverse("approvals:submit", kwargs={"pk": handbook.pk})
    response = login(author).post(url, {"change_note": "ฉบับแรกของหน่วยงาน"})
    assert response.status_code == 302
    assert response["Location"] == reverse("handbooks:detail", kwargs={"pk": handbook.pk})
    handbook.refresh_from_db()
    assert (handbook.status, handbook.submitted_by, handbook.change_note) == (
        Status.PENDING,
        author,
        "ฉบับแรกของหน่วยงาน",
    )
    assert AuditEntry.objects.filter(action="approvals.handbook.submitted", actor=author).count() == 1


@pytest.mark.django_db
def test_H10_submit_is_refused_with_the_list_of_unmet_rules(login, author):
    handbook = make_handbook(author, rows=0, criteria="")
    from handbooks.checks import unmet_rules

    expected = unmet_rules(handbook)
    assert len(expected) >= 2
    response = login(author).post(
        reverse("approvals:submit", kwargs={"pk": handbook.pk}), {"change_note": "ข้อความที่พิมพ์ไว้"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "ยังขออนุมัติเผยแพร่ไม่ได้" in html
    for rule in expected:
        # In the form's own words, never the rule's id (tests/test_no_rule_codes.py).
        assert rule.message in html and f'<span class="unmet-where fw-semibold">{rule.where}</span>' in html
        assert f"<strong>{rule.rule}</strong>" not in html
    assert 'value="ข้อความที่พิมพ์ไว้"' in html  # keeps what the user typed
    assert reverse("handbooks:update", kwargs={"pk": handbook.pk}) in html
    handbook.refresh_from_db()
    assert handbook.status == Status.DRAFT
    assert not AuditEntry.objects.filter(action__startswith="approvals.").exists()


@pytest.mark.django_db
def test_submitting_a_pending_handbook_again_gives_a_thai_message_not_an_error(login, author):
    handbook = pending(author)
    response = login(author).post(reverse("approvals:submit", kwargs={"pk": handbook.pk}), follow=True)
    assert response.status_code == 200
    assert "ขออนุมัติเผยแพร่ได้เฉพาะคู่มือที่เป็นร่าง" in response.content.decode()


@pytest.mark.django_db
def test_self_approval_over_http_is_403(login, agency_a):
    both = UserFactory(username="both", agency=agency_a, is_author=True, is_approver=True)
    handbook = pending(both)
    response = login(both).post(reverse("approvals:approve", kwargs={"pk": handbook.pk}))
    assert response.status_code == 403
    handbook.refresh_from_db()
    assert handbook.status == Status.PENDING
    review = login(both).get(reverse("approvals:review", kwargs={"pk": handbook.pk}))
    assert "แบ่งแยกหน้าที่" in review.content.decode()
    assert reverse("approvals:approve", kwargs={"pk": handbook.pk}) not in review.content.decode()


@pytest.mark.django_db
def test_approve_over_http_publishes_and_returns_to_the_queue(login, author, approver):
    handbook = pending(author)
    response = login(approver).post(reverse("approvals:approve", kwargs={"pk": handbook.pk}), {"comment": "ดีมาก"})
    assert response.status_code == 302 and response["Location"] == reverse("approvals:queue")
    handbook.refresh_from_db()
    assert handbook.status == Status.PUBLISHED
    assert handbook.live_version.number == 1 and handbook.live_version.approve_comment == "ดีมาก"


@pytest.mark.django_db
def test_return_without_reason_shows_a_thai_error_and_keeps_the_comment_form(login, author, approver):
    handbook = pending(author)
    response = login(approver).post(reverse("approvals:return", kwargs={"pk": handbook.pk}), {"reason": "  "})
    assert response.status_code == 200
    assert "กรุณาระบุเหตุผลที่ส่งกลับแก้ไข" in response.content.decode()
    handbook.refresh_from_db()
    assert handbook.status == Status.PENDING


@pytest.mark.django_db
def test_author_sees_the_return_reason_on_the_handbook_and_the_dashboard(login, author, approver):
    handbook = pending(author)
    response = login(approver).post(
        reverse("approvals:return", kwargs={"pk": handbook.pk}), {"reason": "ค่าธรรมเนียมไม่ตรงกับกฎกระทรวง"}
    )
    assert response.status_code == 302
    handbook.refresh_from_db()
    assert handbook.status == Status.RETURNED and handbook.decided_by == approver
    client = login(author)
    detail = client.get(reverse("handbooks:detail", kwargs={"pk": handbook.pk})).content.decode()
    assert "ค่าธรรมเนียมไม่ตรงกับกฎกระทรวง" in detail and "ส่งกลับแก้ไข" in detail
    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    assert "ค่าธรรมเนียมไม่ตรงกับกฎกระทรวง" in dashboard


@pytest.mark.django_db
def test_withdraw_over_http(login, author):
    handbook = pending(author)
    response = login(author).post(reverse("approvals:withdraw", kwargs={"pk": handbook.pk}))
    assert response.status_code == 302
    handbook.refresh_from_db()
    assert handbook.status == Status.DRAFT
    assert AuditEntry.objects.filter(action="approvals.handbook.withdrawn").count() == 1


@pytest.mark.django_db
def test_unpublish_over_http_needs_a_reason(login, author, approver):
    handbook = published(author, approver)
    url = reverse("approvals:unpublish", kwargs={"pk": handbook.pk})
    response = login(approver).post(url, {"reason": ""})
    assert response.status_code == 200 and "กรุณาระบุเหตุผลที่ยกเลิกการเผยแพร่" in response.content.decode()
    handbook.refresh_from_db()
    assert handbook.live_version_id is not None
    response = login(approver).post(url, {"reason": "ยกเลิกตามคำสั่งศาล"})
    assert response.status_code == 302
    handbook.refresh_from_db()
    assert handbook.live_version_id is None


@pytest.mark.django_db
def test_workflow_panel_shows_the_buttons_each_user_may_press(login, author, approver):
    handbook = make_handbook(author)
    detail = reverse("handbooks:detail", kwargs={"pk": handbook.pk})
    html = login(author).get(detail).content.decode()
    assert "ขออนุมัติเผยแพร่" in html and reverse("approvals:submit", kwargs={"pk": handbook.pk}) in html
    handbook.submit(author)
    html = login(author).get(detail).content.decode()
    assert reverse("approvals:withdraw", kwargs={"pk": handbook.pk}) in html
    assert reverse("approvals:submit", kwargs={"pk": handbook.pk}) not in html
    html = login(approver).get(detail).content.decode()
    assert reverse("approvals:review", kwargs={"pk": handbook.pk}) in html
    assert reverse("approvals:withdraw", kwargs={"pk": handbook.pk}) not in html


@pytest.mark.django_db
def test_review_page_shows_the_handbook_and_the_diff_against_the_live_version(login, author, approver, central):
    handbook = published(author, approver)
    start_revision(handbook, author, criteria="หลักเกณฑ์ใหม่ทั้งหมด")
    Document.objects.create(handbook=handbook, position=5, group="other", name="สำเนาทะเบียนบ้าน", copies=1)
    Fee.objects.filter(handbook=handbook).update(amount=50)
    handbook.documents.filter(name="เอกสารประกอบ 0").delete()
    handbook.submit(author, change_note="ปรับเอกสารและค่าธรรมเนียม")
    response = login(central).get(reverse("approvals:review", kwargs={"pk": handbook.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "หลักเกณฑ์ใหม่ทั้งหมด" in html  # the handbook as it will be published
    assert "เปรียบเทียบกับฉบับที่เผยแพร่อยู่ (ฉบับที่ 1)" in html
    diff = response.context["diff"]
    docs = next(s for s in diff.sections if s.key == "documents")
    assert [(r.kind, r.summary) for r in docs.rows] == [("removed", "เอกสารประกอบ 0"), ("added", "สำเนาทะเบียนบ้าน")]
    fees = next(s for s in diff.sections if s.key == "fees")
    assert [(r.kind, [(f.old, f.new) for f in r.fields]) for r in fees.rows] == [("changed", [("5.00", "50.00")])]
    for label in ("เพิ่ม", "ลบ", "แก้ไข"):
        assert f">{label}</span>" in html
    assert "อนุมัติเผยแพร่" in html and "ส่งกลับแก้ไข" in html


@pytest.mark.django_db
def test_review_of_a_first_publication_says_so(login, author, approver):
    handbook = pending(author)
    html = login(approver).get(reverse("approvals:review", kwargs={"pk": handbook.pk})).content.decode()
    assert "การอนุมัติครั้งนี้จะเป็นฉบับแรก" in html


@pytest.mark.django_db
def test_versions_pages_list_and_render_old_versions_for_officials(login, author, approver, central):
    handbook = published(author, approver)
    start_revision(handbook, author, criteria="หลักเกณฑ์ฉบับที่สอง")
    handbook.submit(author, change_note="ฉบับที่สอง")
    handbook.approve(central)
    handbook.unpublish(central, "ทดสอบการยกเลิก")
    client = login(author)
    listing = client.get(reverse("approvals:versions", kwargs={"pk": handbook.pk}))
    assert listing.status_code == 200
    assert [v.number for v in listing.context["versions"]] == [2, 1]
    old = client.get(reverse("approvals:version", kwargs={"pk": handbook.pk, "number": 1}))
    assert old.status_code == 200
    assert "ผู้ขอต้องมีสัญชาติไทย" in old.content.decode()
    assert "หลักเกณฑ์ฉบับที่สอง" not in old.content.decode()
    missing = client.get(reverse("approvals:version", kwargs={"pk": handbook.pk, "number": 9}))
    assert missing.status_code == 404


@pytest.mark.django_db
def test_nav_badge_counts_the_queue_for_approvers_only(login, author, approver):
    pending(author)
    pending(author)
    html = login(approver).get(reverse("portal:dashboard")).content.decode()
    assert 'data-badge="approvals">2<' in html and "รายการรออนุมัติ" in html
    html = login(author).get(reverse("portal:dashboard")).content.decode()
    assert 'data-badge="approvals"' not in html and reverse("approvals:queue") not in html


@pytest.mark.django_db
def test_dashboard_panel_shows_the_approver_pending_count(login, author, approver, approver_b):
    pending(author)
    html = login(approver).get(reverse("portal:dashboard")).content.decode()
    assert "คำขออนุมัติที่รอการพิจารณาในความรับผิดชอบของท่าน: 1 รายการ" in html
    html = login(approver_b).get(reverse("portal:dashboard")).content.decode()
    assert "คำขออนุมัติที่รอการพิจารณาในความรับผิดชอบของท่าน: 0 รายการ" in html
