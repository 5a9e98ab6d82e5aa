"""Issue 13: a configurable approval chain (one stage, or the agency's approver then ก.พ.ร.), separation of duties
at each stage, who decided each stage, and ตรวจสอบหลังเผยแพร่ (a flag for correction on a published handbook)."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from handbooks.models import ApprovalChain, Decision, Handbook, HandbookVersion, Status
from handbooks.workflow import ActorNotAllowed, TransitionNotAllowed, stages_for
from portal.models import AuditEntry
from tests.approvals.helpers import central_pending, flagged, pending, published, start_revision, two_stages
from tests.e2e.conftest import service_areas  # noqa: F401 - the seed areas, gone after a transactional test's flush
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def central2(opdc):
    return UserFactory(username="central2", agency=opdc, is_approver=True, is_central_approver=True)


# ----- the setting -----


def test_without_any_setting_one_stage_publishes(author, approver):
    handbook = pending(author)
    assert stages_for(handbook.agency) == 1
    version = handbook.approve(approver)
    handbook.refresh_from_db()
    assert handbook.status == Status.PUBLISHED and handbook.live_version == version


def test_a_ministrys_setting_overrides_the_national_one(agency_a, agency_b, opdc, ministry):
    ApprovalChain.objects.create(ministry=None, stages=2)
    assert stages_for(agency_a) == stages_for(opdc) == 2
    ApprovalChain.objects.create(ministry=ministry, stages=1)
    assert stages_for(agency_a) == stages_for(agency_b) == 1  # every agency of กระทรวงพาณิชย์
    assert stages_for(opdc) == 2  # another ministry keeps the national setting


def test_only_one_national_setting_and_one_per_ministry(ministry):
    from django.core.exceptions import ValidationError

    ApprovalChain.objects.create(ministry=None, stages=1)
    with pytest.raises(ValidationError) as info:
        ApprovalChain(ministry=None, stages=2).validate_constraints()
    assert "มีสายการอนุมัติของขอบเขตนี้อยู่แล้ว" in str(info.value)
    ApprovalChain.objects.create(ministry=ministry, stages=2)
    with pytest.raises(ValidationError):
        ApprovalChain(ministry=ministry, stages=1).validate_unique()


def test_the_administrator_sets_two_stages_for_a_ministry_in_the_admin(login, admin_user, ministry, author, approver):
    client = login(admin_user)
    response = client.post(reverse("admin:handbooks_approvalchain_add"), {"ministry": ministry.pk, "stages": 2})
    assert response.status_code == 302
    assert ApprovalChain.objects.get(ministry=ministry).stages == 2
    assert AuditEntry.objects.filter(action="handbooks.approvalchain.changed", actor=admin_user).exists()
    handbook = pending(author)
    assert handbook.approve(approver) is None
    handbook.refresh_from_db()
    assert handbook.status == Status.PENDING_CENTRAL
    # A second national row is refused with a Thai message, the form keeps what was chosen.
    client.post(reverse("admin:handbooks_approvalchain_add"), {"ministry": "", "stages": 1})
    response = client.post(reverse("admin:handbooks_approvalchain_add"), {"ministry": "", "stages": 2})
    assert response.status_code == 200 and "มีสายการอนุมัติของขอบเขตนี้อยู่แล้ว" in response.content.decode()
    assert ApprovalChain.objects.filter(ministry=None).count() == 1


def test_the_admin_offers_only_ministries(login, admin_user, agency_a):
    url = reverse("admin:handbooks_approvalchain_add")
    response = login(admin_user).post(url, {"ministry": agency_a.pk, "stages": 2})
    assert response.status_code == 200 and not ApprovalChain.objects.exists()


# ----- two stages end to end (models) -----


def test_two_stages_each_decision_is_recorded_and_the_version_names_both_approvers(author, approver, central):
    handbook = central_pending(author, approver)
    assert (handbook.endorsed_by, handbook.stage, handbook.live_version_id) == (approver, 2, None)
    version = handbook.approve(central, comment="ถูกต้องตามแนวทาง")
    handbook.refresh_from_db()
    assert handbook.status == Status.PUBLISHED and handbook.live_version == version
    assert (version.endorsed_by, version.approved_by) == (approver, central)
    decisions = list(Decision.objects.filter(handbook=handbook).values_list("stage", "outcome", "decided_by", "note"))
    assert decisions == [
        (1, Decision.Outcome.FORWARDED, approver.pk, "เห็นชอบ"),
        (2, Decision.Outcome.APPROVED, central.pk, "ถูกต้องตามแนวทาง"),
    ]
    actions = list(AuditEntry.objects.for_object(handbook).order_by("pk").values_list("action", "data__stage"))
    assert actions == [
        ("approvals.handbook.submitted", None),
        ("approvals.handbook.forwarded", 1),
        ("approvals.handbook.approved", 2),
    ]


def test_nobody_decides_twice_on_one_request(author, central, central2):
    """A central approver may act at stage 1 (their scope is every agency); then another must decide stage 2."""
    two_stages(author.agency)
    handbook = pending(author)
    assert handbook.approve(central) is None
    handbook.refresh_from_db()
    for attempt in (lambda: handbook.approve(central), lambda: handbook.return_for_changes(central, "ขอแก้")):
        with pytest.raises(ActorNotAllowed) as info:
            attempt()
        assert info.value.code == "decided_before"
    assert not handbook.permissions_for(central)["decide"] and handbook.permissions_for(central)["decided_before"]
    handbook.approve(central2)
    handbook.refresh_from_db()
    assert handbook.status == Status.PUBLISHED


def test_nobody_decides_at_stage_2_on_what_they_submitted_or_last_edited(author, approver, central, central2, opdc):
    both = UserFactory(username="both", agency=opdc, is_author=True, is_approver=True, is_central_approver=True)
    two_stages(author.agency)
    handbook = pending(author)
    Handbook.objects.filter(pk=handbook.pk).update(updated_by=central)
    handbook.refresh_from_db()
    handbook.approve(approver)
    handbook.refresh_from_db()
    with pytest.raises(ActorNotAllowed) as info:
        handbook.approve(central)
    assert info.value.code == "own_request"
    handbook.return_for_changes(central2, "แก้ไขระยะเวลา")
    # A central approver who also writes: their own request never reaches their own decision.
    handbook = pending(both, agency=author.agency)
    handbook.approve(approver)
    handbook.refresh_from_db()
    with pytest.raises(ActorNotAllowed):
        handbook.approve(both)


def test_a_return_at_stage_2_goes_back_to_the_author_and_tells_the_stage_1_approver(
    author, approver, central, django_capture_on_commit_callbacks
):
    for user, address in ((author, "author@example.go.th"), (approver, "approver@example.go.th")):
        user.email = address
        user.save(update_fields=["email"])
    handbook = central_pending(author, approver)
    mail.outbox.clear()
    with pytest.raises(Exception) as info:
        handbook.return_for_changes(central, "  ")
    assert "เหตุผล" in info.value.message
    with django_capture_on_commit_callbacks(execute=True):
        handbook.return_for_changes(central, "ขั้นตอนที่ 2 ระยะเวลาไม่ตรงกับประกาศ")
    handbook.refresh_from_db()
    assert handbook.status == Status.RETURNED and handbook.live_version_id is None
    assert sorted(m.to[0] for m in mail.outbox) == ["approver@example.go.th", "author@example.go.th"]
    body = mail.outbox[0].body
    assert "ขั้นตอนที่ 2 ระยะเวลาไม่ตรงกับประกาศ" in body and "ขั้นที่ 1 เห็นชอบโดย" in body
    # Resubmitted, the request starts at stage 1 again, with no stage-1 decision carried over.
    handbook.submit(author)
    handbook.refresh_from_db()
    assert (handbook.status, handbook.endorsed_by, handbook.endorsed_at) == (Status.PENDING, None, None)


def test_forwarding_tells_the_central_approvers(
    author, approver, central, central2, django_capture_on_commit_callbacks
):
    type(central).objects.filter(pk__in=[central.pk, central2.pk]).update(email="opdc@example.go.th")
    two_stages(author.agency)
    handbook = pending(author)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        handbook.approve(approver)
    assert [m.subject for m in mail.outbox] == [f"[รอสำนักงาน ก.พ.ร. อนุมัติ] {handbook.procedure.name}"] * 2
    assert reverse("approvals:review", args=[handbook.pk]) in mail.outbox[0].body


def test_a_stage_2_request_is_read_only_for_its_authors_and_may_be_withdrawn(author, approver):
    handbook = central_pending(author, approver)
    assert not handbook.accepts_edits and not handbook.permissions_for(author)["edit"]
    with pytest.raises(TransitionNotAllowed):
        handbook.revise(author)
    handbook.withdraw(author)
    handbook.refresh_from_db()
    assert handbook.status == Status.DRAFT


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("service_areas")
def test_two_central_approvers_deciding_at_once_leave_exactly_one_winner(tree):
    """The row lock: one decides, the other finds the request already decided (no second version, one audit row).
    SQLite has no row lock: its in-memory test database refuses the second writer outright ("database table is
    locked"), which leaves one winner too."""
    agency = tree["14004000"]
    author = UserFactory(username="a1", agency=agency, is_author=True)
    approver = UserFactory(username="p1", agency=agency, is_approver=True)
    deciders = [
        UserFactory(username=f"c{i}", agency=tree["01015000"], is_approver=True, is_central_approver=True)
        for i in (1, 2)
    ]
    handbook = central_pending(author, approver)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(user, act):
        try:
            start.wait()
            mine = Handbook.objects.select_related("agency").get(pk=handbook.pk)
            act(mine, user)
            outcomes.append("won")
        except TransitionNotAllowed:
            outcomes.append("refused")
        except Exception as error:  # noqa: BLE001 - any other failure is the test's finding
            outcomes.append(repr(error))
        finally:
            connection.close()

    acts = [lambda h, u: h.approve(u), lambda h, u: h.return_for_changes(u, "ขอแก้ไข")]
    threads = [threading.Thread(target=decide, args=(user, act)) for user, act in zip(deciders, acts, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    loser = [o for o in outcomes if o != "won"]
    assert outcomes.count("won") == 1 and len(loser) == 1
    if connection.vendor == "postgresql":
        assert loser == ["refused"]
    else:
        assert loser[0] == "refused" or "locked" in loser[0]
    handbook.refresh_from_db()
    assert handbook.status in (Status.PUBLISHED, Status.RETURNED)
    assert HandbookVersion.objects.filter(handbook=handbook).count() == (handbook.status == Status.PUBLISHED)
    stage_two = AuditEntry.objects.filter(action__in=["approvals.handbook.approved", "approvals.handbook.returned"])
    assert stage_two.count() == 1 and Decision.objects.filter(handbook=handbook, stage=2).count() == 1


# ----- pages -----


def test_stage_1_of_two_shows_agree_and_forward_and_stage_2_has_its_own_queue(login, author, approver, central):
    two_stages(author.agency)
    handbook = pending(author)
    html = login(approver).get(reverse("approvals:review", args=[handbook.pk])).content.decode()
    assert "เห็นชอบและส่งต่อ" in html and "อนุมัติเผยแพร่</button>" not in html
    response = login(approver).post(reverse("approvals:approve", args=[handbook.pk]), {"comment": ""}, follow=True)
    assert "ส่งต่อไปยังสำนักงาน ก.พ.ร." in response.content.decode()
    # The agency's approver has no stage-2 queue; ก.พ.ร. sees the request there, with who agreed at stage 1.
    assert login(approver).get(reverse("approvals:central_queue")).status_code == 403
    client = login(central)
    queue = client.get(reverse("approvals:central_queue"))
    assert [h.pk for h in queue.context["object_list"]] == [handbook.pk]
    assert "ขั้นที่ 1 เห็นชอบโดย" in queue.content.decode()
    assert handbook.pk not in [h.pk for h in client.get(reverse("approvals:queue")).context["object_list"]]
    csv = b"".join(client.get(reverse("approvals:central_queue_csv")).streaming_content).decode("utf-8-sig")
    assert handbook.reference_name in csv
    # The handbook shows its stage and who decided stage 1, with a Buddhist-Era date.
    page = login(author).get(reverse("handbooks:detail", args=[handbook.pk])).content.decode()
    assert "รอสำนักงาน ก.พ.ร. อนุมัติ" in page and "ขั้นที่ 1 ผู้อนุมัติของหน่วยงาน" in page
    assert f"เห็นชอบโดย {approver.display_name}" in page and "25" in page.split("เห็นชอบโดย", 1)[1][:80]
    review = client.get(reverse("approvals:review", args=[handbook.pk])).content.decode()
    assert "อนุมัติเผยแพร่ (ขั้นที่ 2 สำนักงาน ก.พ.ร.)" in review
    client.post(reverse("approvals:approve", args=[handbook.pk]), {"comment": ""})
    handbook.refresh_from_db()
    assert handbook.status == Status.PUBLISHED and handbook.live_version.endorsed_by == approver
    versions = login(author).get(reverse("approvals:versions", args=[handbook.pk])).content.decode()
    assert f"ขั้นที่ 1 เห็นชอบโดย {approver.display_name}" in versions


def test_the_nav_badge_counts_both_stages_for_ก_พ_ร(login, author, approver, central, agency_b):
    two_stages(author.agency)
    pending(author)
    central_pending(author, approver)
    html = login(central).get(reverse("approvals:queue")).content.decode()
    assert 'data-badge="approvals">2<' in html
    assert login(approver).get(reverse("approvals:queue")).context["paginator"].count == 1


# ----- ตรวจสอบหลังเผยแพร่ -----


def test_a_flag_notifies_the_agencys_authors_keeps_the_page_public_and_goes_with_the_corrected_version(
    client, login, author, child_author, outsider, approver, central, django_capture_on_commit_callbacks
):
    type(author).objects.filter(pk__in=[author.pk, outsider.pk]).update(email="x@example.go.th")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        handbook = flagged(author, approver, central, reason="ค่าธรรมเนียมไม่ตรงกับกฎกระทรวง")
    assert [m.to for m in mail.outbox if "แจ้งให้แก้ไข" in m.subject] == [["x@example.go.th"]]  # not outsider
    public = client.get(reverse("public:handbook", args=[handbook.pk]))
    assert public.status_code == 200 and "ค่าธรรมเนียมไม่ตรงกับกฎกระทรวง" not in public.content.decode()
    author_client = login(author)
    for url in (reverse("handbooks:detail", args=[handbook.pk]), reverse("portal:dashboard")):
        assert "ค่าธรรมเนียมไม่ตรงกับกฎกระทรวง" in author_client.get(url).content.decode(), url
    # A corrected version approved: the flag goes.
    start_revision(handbook, author)
    handbook.submit(author)
    handbook.approve(approver)
    handbook.refresh_from_db()
    assert handbook.flagged_at is None and handbook.flag_reason == ""
    page = author_client.get(reverse("handbooks:detail", args=[handbook.pk])).content.decode()
    assert "ค่าธรรมเนียมไม่ตรงกับกฎกระทรวง" not in page


def test_only_ก_พ_ร_flags_and_a_reason_is_required(login, author, approver, central):
    handbook = published(author, approver)
    url = reverse("approvals:flag", args=[handbook.pk])
    assert login(approver).post(url, {"reason": "แก้ไข"}).status_code == 403
    response = login(central).post(url, {"reason": "   "})
    assert response.status_code == 200 and "กรุณาระบุสิ่งที่ต้องแก้ไข" in response.content.decode()
    handbook.refresh_from_db()
    assert handbook.flagged_at is None
    assert login(central).post(url, {"reason": "เอกสารไม่ครบ"}).status_code == 302
    handbook.refresh_from_db()
    assert handbook.flag_reason == "เอกสารไม่ครบ" and handbook.flagged_by == central
    assert login(central).post(reverse("approvals:unflag", args=[handbook.pk])).status_code == 302
    handbook.refresh_from_db()
    assert handbook.flagged_at is None
