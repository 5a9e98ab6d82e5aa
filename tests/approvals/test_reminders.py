"""Issue 13: `manage.py send_reminders` — requests pending more than 7 days (to whoever may decide them at their
stage), handbooks ก.พ.ร. flagged for correction (to their agency's authors), laws overdue for review (to the authors
of the agencies whose procedures cite them); one e-mail per official and kind; idempotent, weekly for what waits.

Mail goes to Django's locmem backend (pytest-django's test environment); `today` is moved instead of the clock."""

from __future__ import annotations

import datetime
import io
import socket
import threading
import time
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from approvals.models import Reminder
from approvals.notifications import agency_authors, agency_authors_of, approvers_for
from approvals.reminders import WAIT_DAYS, send_reminders
from handbooks.models import Handbook, Status
from tests.approvals.helpers import central_pending, flagged, make_handbook, pending, seed_service_areas, two_stages
from tests.factories import AgencyFactory, LawFactory, ProcedureFactory, UserFactory

pytestmark = pytest.mark.django_db

SITE = "https://handbook.example.go.th"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def moc(ministry):
    """An approver of the whole ministry (its scope holds agency A, its child and agency B)."""
    return UserFactory(username="approver_moc", agency=ministry, is_approver=True)


@pytest.fixture
def central2(opdc):
    return UserFactory(username="central2", agency=opdc, is_approver=True, is_central_approver=True)


@pytest.fixture
def people(author, child_author, outsider, approver, approver_b, central, central2, admin_user, moc, opdc):
    """Everyone has an address; plus an inactive approver of agency A and an approver of another ministry."""
    inactive = UserFactory(username="inactive", agency=author.agency, is_approver=True, is_active=False)
    other_ministry = UserFactory(username="approver_pm", agency=opdc.get_root(), is_approver=True)
    coauthor = UserFactory(username="coauthor", agency=author.agency, is_author=True)
    users = (author, child_author, outsider, approver, approver_b, central, central2, admin_user, moc, inactive)
    for user in (*users, other_ministry, coauthor):
        user.email = f"{user.username}@example.go.th"
        user.save(update_fields=["email"])
    return {"inactive": inactive, "other_ministry": other_ministry, "coauthor": coauthor}


def days_after(moment: datetime.datetime, days: int) -> datetime.date:
    """The date in Thailand `days` days after `moment`."""
    return timezone.localdate(moment) + datetime.timedelta(days=days)


def inbox() -> dict[str, list[str]]:
    """address → subjects received."""
    found: dict[str, list[str]] = {}
    for message in mail.outbox:
        assert len(message.to) == 1 and not message.cc and not message.bcc  # addresses are never shared
        found.setdefault(message.to[0], []).append(message.subject)
    return found


def body_for(address: str) -> str:
    [message] = [m for m in mail.outbox if m.to == [address]]
    return message.body


def total(report) -> int:
    return sum(outcome.emails for outcome in report.outcomes.values())


# ----- requests pending more than 7 days -----


def test_a_request_pending_over_7_days_reminds_the_approvers_whose_scope_holds_its_agency(author, people):
    handbook = pending(author)
    report = send_reminders(today=days_after(handbook.submitted_at, WAIT_DAYS + 1))
    # agency A's approver and the ministry's; not agency B's, not another ministry's, not the inactive one, not
    # ก.พ.ร. (stage 2 is theirs), not the author
    assert sorted(inbox()) == ["approver@example.go.th", "approver_moc@example.go.th"]
    expected = approvers_for(handbook.agency).filter(is_central_approver=False).exclude(pk=author.pk)
    assert sorted(inbox()) == sorted(expected.values_list("email", flat=True))  # the same rule, asked of the DB
    assert report.outcomes["pending"].emails == 2 and report.outcomes["pending"].items == 2
    body = body_for("approver@example.go.th")
    assert mail.outbox[0].subject == "[แจ้งเตือน] คำขออนุมัติเผยแพร่รอท่านพิจารณาเกิน 7 วัน (1 รายการ)"
    assert "เรียน สมหญิง รักงาน" in body
    assert handbook.procedure.name in body and handbook.reference_name in body
    assert f"{SITE}{reverse('approvals:review', kwargs={'pk': handbook.pk})}" in body
    assert f"{SITE}{reverse('approvals:queue')}" in body
    assert "รอมาแล้ว 8 วัน" in body
    be_year = str(timezone.localdate(handbook.submitted_at).year + 543)
    assert "ขออนุมัติเมื่อ: " in body and be_year in body.split("ขออนุมัติเมื่อ: ")[1].split("\n")[0]
    assert {(r.recipient.username, r.handbook_id, r.stage, r.week) for r in Reminder.objects.all()} == {
        ("approver", handbook.pk, 1, 1),
        ("approver_moc", handbook.pk, 1, 1),
    }


def test_nothing_for_a_request_pending_7_days_or_less(author, people):
    handbook = pending(author)
    for days in range(WAIT_DAYS + 1):
        report = send_reminders(today=days_after(handbook.submitted_at, days))
        assert total(report) == 0
    assert mail.outbox == [] and not Reminder.objects.exists()
    send_reminders(today=days_after(handbook.submitted_at, WAIT_DAYS + 1))
    assert len(mail.outbox) == 2


def test_stage_2_reminds_the_central_approvers_only_counting_from_the_forward(author, approver, central, people):
    handbook = central_pending(author, approver)
    Handbook.objects.filter(pk=handbook.pk).update(submitted_at=handbook.submitted_at - datetime.timedelta(days=30))
    assert total(send_reminders(today=days_after(handbook.endorsed_at, WAIT_DAYS))) == 0  # 30 days since submit
    send_reminders(today=days_after(handbook.endorsed_at, WAIT_DAYS + 1))
    assert sorted(inbox()) == ["central2@example.go.th", "central@example.go.th"]
    body = body_for("central@example.go.th")
    assert "ขั้นที่ 2 (สำนักงาน ก.พ.ร.)" in body and f"{SITE}{reverse('approvals:central_queue')}" in body
    assert set(Reminder.objects.values_list("stage", flat=True)) == {2}


def test_who_forwarded_at_stage_1_is_not_reminded_of_stage_2(author, central, central2, people):
    """Separation of duties: a central approver may decide stage 1 too, but then never stage 2 of that request."""
    two_stages(author.agency)
    handbook = pending(author)
    handbook.approve(central2, comment="เห็นชอบ")
    handbook.refresh_from_db()
    assert handbook.status == Status.PENDING_CENTRAL
    send_reminders(today=days_after(handbook.endorsed_at, WAIT_DAYS + 1))
    assert sorted(inbox()) == ["central@example.go.th"]


def test_an_approver_is_not_reminded_of_a_request_they_submitted(agency_a, approver, moc, people):
    both = UserFactory(username="both", agency=agency_a, is_author=True, is_approver=True, email="both@example.go.th")
    handbook = pending(both)
    send_reminders(today=days_after(handbook.submitted_at, WAIT_DAYS + 1))
    assert sorted(inbox()) == ["approver@example.go.th", "approver_moc@example.go.th"]


def test_one_email_per_approver_lists_all_their_requests(author, outsider, child_author, people):
    mine = [pending(author), pending(author), pending(child_author, procedure__agency=author.agency)]
    other = pending(outsider)
    today = days_after(other.submitted_at, WAIT_DAYS + 1)
    report = send_reminders(today=today)
    assert {address: len(subjects) for address, subjects in inbox().items()} == {
        "approver@example.go.th": 1,
        "approver_moc@example.go.th": 1,
        "approver_b@example.go.th": 1,
    }
    assert inbox()["approver@example.go.th"] == ["[แจ้งเตือน] คำขออนุมัติเผยแพร่รอท่านพิจารณาเกิน 7 วัน (3 รายการ)"]
    assert inbox()["approver_moc@example.go.th"][0].endswith("(4 รายการ)")
    body = body_for("approver@example.go.th")
    assert all(h.reference_name in body for h in mine) and other.reference_name not in body
    assert report.outcomes["pending"].items == 3 + 4 + 1 == Reminder.objects.count()


def test_running_twice_sends_nothing_new_and_records_nothing_new(author, outsider, people):
    first = pending(author)
    pending(outsider)
    today = days_after(first.submitted_at, WAIT_DAYS + 1)
    assert total(send_reminders(today=today)) == 3
    records = list(Reminder.objects.values_list("pk", flat=True))
    mail.outbox.clear()
    report = send_reminders(today=today)
    assert total(report) == 0 and mail.outbox == []
    assert list(Reminder.objects.values_list("pk", flat=True)) == records
    # the rest of the week too: still the same week of waiting
    for later in range(1, WAIT_DAYS):
        assert total(send_reminders(today=today + datetime.timedelta(days=later))) == 0
    assert mail.outbox == []


def test_a_request_still_pending_is_reminded_again_each_further_week(author, people):
    handbook = pending(author)
    sent_on = []
    for days in range(0, 30):
        mail.outbox.clear()
        send_reminders(today=days_after(handbook.submitted_at, days))
        if "approver@example.go.th" in inbox():
            sent_on.append(days)
    assert sent_on == [8, 15, 22, 29]  # more than 7 days, then once a week
    weeks = Reminder.objects.filter(recipient__username="approver").values_list("week", flat=True)
    assert sorted(weeks) == [1, 2, 3, 4]


def test_after_a_pause_only_the_current_weeks_reminder_is_sent(author, people):
    handbook = pending(author)
    send_reminders(today=days_after(handbook.submitted_at, 40))  # the command never ran in the first five weeks
    assert len(inbox()["approver@example.go.th"]) == 1
    assert list(Reminder.objects.filter(recipient__username="approver").values_list("week", flat=True)) == [5]


def test_a_new_request_reminds_again(author, approver, people):
    handbook = pending(author)
    today = days_after(handbook.submitted_at, WAIT_DAYS + 1)
    send_reminders(today=today)
    assert len(mail.outbox) == 2
    handbook.return_for_changes(approver, "กรุณาแก้ไขค่าธรรมเนียม")
    handbook.submit(author, change_note="แก้ไขแล้ว")
    Handbook.objects.filter(pk=handbook.pk).update(submitted_at=handbook.submitted_at - datetime.timedelta(days=9))
    mail.outbox.clear()
    assert total(send_reminders(today=timezone.localdate())) == 2
    assert sorted(inbox()) == ["approver@example.go.th", "approver_moc@example.go.th"]
    assert Reminder.objects.filter(handbook=handbook).count() == 4


def test_a_request_decided_is_not_reminded_of(author, approver, people):
    handbook = pending(author)
    handbook.approve(approver)
    assert total(send_reminders(today=days_after(handbook.submitted_at, WAIT_DAYS + 1))) == 0


def test_a_request_of_an_agency_without_approver_is_counted_as_unreached(opdc, people):
    lonely = AgencyFactory(code="01016000", name="หน่วยงานที่ไม่มีผู้อนุมัติ", parent=opdc.get_root())
    writer = UserFactory(username="writer", agency=lonely, is_author=True, email="writer@example.go.th")
    handbook = pending(writer)
    # only ก.พ.ร.'s central approvers and the ministry's are in the tree; the ministry has approver_pm
    type(writer).objects.filter(username="approver_pm").update(is_approver=False)
    report = send_reminders(today=days_after(handbook.submitted_at, WAIT_DAYS + 1))
    assert mail.outbox == [] and report.outcomes["pending"].unreached == 1


# ----- handbooks flagged for correction -----


def test_a_flag_older_than_7_days_reminds_the_author_and_the_authors_of_the_agency(author, approver, central, people):
    handbook = flagged(author, approver, central)
    assert total(send_reminders(today=days_after(handbook.flagged_at, WAIT_DAYS))) == 0
    report = send_reminders(today=days_after(handbook.flagged_at, WAIT_DAYS + 1))
    # the agency's authors: not the child agency's, not agency B's, not ก.พ.ร. who flagged it, no approver
    assert sorted(inbox()) == ["author@example.go.th", "coauthor@example.go.th"]
    assert sorted(inbox()) == sorted(agency_authors(handbook).values_list("email", flat=True))
    assert report.outcomes["flagged"].emails == 2
    body = body_for("author@example.go.th")
    assert mail.outbox[0].subject.startswith("[แจ้งเตือน] คู่มือที่สำนักงาน ก.พ.ร. แจ้งให้แก้ไข")
    assert "ค่าธรรมเนียมไม่ตรงกับกฎกระทรวงฉบับปัจจุบัน" in body
    assert f"{SITE}{reverse('handbooks:detail', kwargs={'pk': handbook.pk})}" in body


def test_a_flagged_handbooks_author_of_another_agency_is_reminded_too(author, approver, central, outsider, people):
    handbook = flagged(author, approver, central)
    Handbook.objects.filter(pk=handbook.pk).update(author=outsider)  # written by someone since moved to agency B
    send_reminders(today=days_after(handbook.flagged_at, WAIT_DAYS + 1))
    assert sorted(inbox()) == ["author@example.go.th", "coauthor@example.go.th", "outsider@example.go.th"]


def test_a_flag_is_reminded_weekly_and_a_new_flag_reminds_again(author, approver, central, people):
    handbook = flagged(author, approver, central)
    today = days_after(handbook.flagged_at, WAIT_DAYS + 1)
    send_reminders(today=today)
    mail.outbox.clear()
    assert total(send_reminders(today=today)) == 0
    assert total(send_reminders(today=today + datetime.timedelta(days=WAIT_DAYS))) == 2  # still flagged a week on
    handbook.unflag(central)
    handbook.refresh_from_db()
    assert total(send_reminders(today=today + datetime.timedelta(days=30))) == 0  # lifted
    handbook.flag(central, "ที่อยู่สถานที่ให้บริการไม่ถูกต้อง")
    handbook.refresh_from_db()
    mail.outbox.clear()
    assert total(send_reminders(today=days_after(handbook.flagged_at, WAIT_DAYS + 1))) == 2
    assert "ที่อยู่สถานที่ให้บริการไม่ถูกต้อง" in body_for("author@example.go.th")


def test_a_flagged_handbook_whose_correction_waits_for_approval_is_not_reminded_of(author, approver, central, people):
    handbook = flagged(author, approver, central)
    handbook.revise(author)
    handbook.submit(author, change_note="แก้ไขตามที่ ก.พ.ร. แจ้ง")
    handbook.refresh_from_db()
    assert handbook.flagged_at is not None
    report = send_reminders(today=days_after(handbook.flagged_at, WAIT_DAYS + 1))
    assert report.outcomes["flagged"].emails == 0
    assert not Reminder.objects.filter(kind="flagged").exists()


def test_flag_authors_in_bulk_agree_with_the_one_handbook_rule(author, approver, central, outsider, approver_b, people):
    handbooks = [flagged(author, approver, central), make_handbook(outsider), make_handbook(author)]
    Handbook.objects.filter(pk=handbooks[2].pk).update(author=outsider)
    for handbook in handbooks:
        handbook.refresh_from_db()
    bulk = agency_authors_of(handbooks)
    for handbook in handbooks:
        assert [u.pk for u in bulk[handbook.pk]] == list(
            agency_authors(handbook).order_by("pk").values_list("pk", flat=True)
        )


# ----- laws overdue for review -----

D = datetime.date


@pytest.fixture
def laws(agency_a, agency_b, people):
    """Two laws overdue on 1 March 2026 (one since 2025), one due that day, and the procedures that cite them."""
    act = LawFactory(title="พระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. 2499", reviewed_on=D(2020, 1, 10), next_review_on=D(2025, 1, 10))
    rule = LawFactory(
        title="กฎกระทรวงกำหนดค่าธรรมเนียม พ.ศ. 2563", reviewed_on=D(2021, 2, 1), next_review_on=D(2026, 2, 1)
    )
    current = LawFactory(title="ประกาศกรมที่ยังไม่ถึงกำหนด", reviewed_on=D(2021, 3, 1), next_review_on=D(2026, 3, 1))
    return {
        "act": act,
        "rule": rule,
        "current": current,
        "a1": ProcedureFactory(agency=agency_a, name="การจดทะเบียนพาณิชย์ [N]", laws=[act, current]),
        "a2": ProcedureFactory(agency=agency_a, name="การขอแก้ไขรายการทะเบียนพาณิชย์ [N]", laws=[act, rule]),
        "b1": ProcedureFactory(agency=agency_b, name="การขออนุญาตค้าข้าว [N]", laws=[act]),
        "today": D(2026, 3, 1),
    }


def test_overdue_laws_are_mailed_to_the_authors_of_the_agencies_whose_procedures_cite_them(laws, people):
    report = send_reminders(today=laws["today"])
    # agency A's authors and agency B's; not the child agency's author, no approver
    assert sorted(inbox()) == ["author@example.go.th", "coauthor@example.go.th", "outsider@example.go.th"]
    assert inbox()["author@example.go.th"] == ["[แจ้งเตือน] กฎหมายที่กระบวนงานของหน่วยงานท่านอ้างถึงเลยกำหนดทบทวน (2 ฉบับ)"]
    assert inbox()["outsider@example.go.th"][0].endswith("(1 ฉบับ)")
    body = body_for("author@example.go.th")
    # most overdue first, with the agency's own procedures only, dates in the Buddhist Era
    assert body.index("พระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. 2499") < body.index("กฎกระทรวงกำหนดค่าธรรมเนียม พ.ศ. 2563")
    assert "ครบกำหนดทบทวนเมื่อ: 10 มกราคม 2568 (เลยกำหนดมาแล้ว 415 วัน)" in body
    assert "ครบกำหนดทบทวนเมื่อ: 1 กุมภาพันธ์ 2569 (เลยกำหนดมาแล้ว 28 วัน)" in body
    assert "ทบทวนล่าสุดเมื่อ: 10 มกราคม 2563" in body
    assert "ประกาศกรมที่ยังไม่ถึงกำหนด" not in body  # due today: not overdue yet
    assert f"{SITE}{reverse('laws:detail', args=[laws['act'].pk])}" in body
    assert f"- การจดทะเบียนพาณิชย์ [N]: {SITE}{reverse('procedures:detail', kwargs={'pk': laws['a1'].pk})}" in body
    assert body.count("การขอแก้ไขรายการทะเบียนพาณิชย์ [N]") == 2  # under both laws it cites
    assert "การขออนุญาตค้าข้าว" not in body
    assert "การขออนุญาตค้าข้าว [N]" in body_for("outsider@example.go.th")
    assert f"{SITE}{reverse('laws:review')}" in body
    outcome = report.outcomes["law_overdue"]
    assert (outcome.emails, outcome.items) == (3, 2 + 2 + 1)
    act, rule = laws["act"].pk, laws["rule"].pk
    rows = {(r.recipient.username, r.law_id, timezone.localdate(r.occasion)) for r in Reminder.objects.all()}
    assert rows == {
        ("author", act, D(2025, 1, 10)),
        ("author", rule, D(2026, 2, 1)),
        ("coauthor", act, D(2025, 1, 10)),
        ("coauthor", rule, D(2026, 2, 1)),
        ("outsider", act, D(2025, 1, 10)),
    }


def test_a_law_is_overdue_the_day_after_its_review_date(laws, people):
    assert total(send_reminders(today=D(2026, 1, 10) - datetime.timedelta(days=400))) == 0  # nothing overdue yet
    send_reminders(today=D(2025, 1, 10))  # its review date: still on time
    assert mail.outbox == []
    send_reminders(today=D(2025, 1, 11))
    assert sorted(inbox()) == ["author@example.go.th", "coauthor@example.go.th", "outsider@example.go.th"]


def test_a_law_is_reminded_once_per_review_date_and_again_once_reviewed_and_overdue_again(laws, author, people):
    send_reminders(today=laws["today"])
    mail.outbox.clear()
    reminded = Reminder.objects.filter(law__in=[laws["act"], laws["rule"]])
    count = reminded.count()
    assert total(send_reminders(today=laws["today"])) == 0 and mail.outbox == []
    for later in (7, 30, 365):  # not weekly: once per review date (the third law becomes overdue meanwhile)
        send_reminders(today=laws["today"] + datetime.timedelta(days=later))
        assert reminded.count() == count
    assert {m.subject for m in mail.outbox} == {"[แจ้งเตือน] กฎหมายที่กระบวนงานของหน่วยงานท่านอ้างถึงเลยกำหนดทบทวน (1 ฉบับ)"}
    assert all("ประกาศกรมที่ยังไม่ถึงกำหนด" in m.body and "ทะเบียนพาณิชย์ พ.ศ. 2499" not in m.body for m in mail.outbox)
    mail.outbox.clear()
    act = laws["act"]
    act.refresh(author, note="ตรวจสอบแล้วยังเป็นฉบับปัจจุบัน")  # ปรับปรุงข้อมูล: the review
    act.refresh_from_db()
    assert act.next_review_on > timezone.localdate()
    assert total(send_reminders(today=act.next_review_on)) == 0  # reviewed: not overdue until its new date passes
    send_reminders(today=act.next_review_on + datetime.timedelta(days=1))
    assert sorted(inbox()) == ["author@example.go.th", "coauthor@example.go.th", "outsider@example.go.th"]
    assert "เลยกำหนดมาแล้ว 1 วัน" in body_for("outsider@example.go.th")
    assert Reminder.objects.filter(law=act, recipient=author).count() == 2


def test_dry_run_lists_the_overdue_laws_it_would_send(laws, people):
    out = io.StringIO()
    call_command("send_reminders", "--dry-run", "--today", "2569-03-01", stdout=out)
    text = out.getvalue()
    assert mail.outbox == [] and not Reminder.objects.exists()
    assert "→ outsider@example.go.th: [แจ้งเตือน] กฎหมายที่กระบวนงานของหน่วยงานท่านอ้างถึงเลยกำหนดทบทวน (1 ฉบับ)" in text
    assert "- พระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. 2499 (เลยกำหนด 415 วัน / 415 days overdue)" in text
    assert "กฎหมายที่เลยกำหนดทบทวน / laws overdue for review: จะส่ง / would send 3 อีเมล / e-mails, 5 รายการ" in text


def test_a_law_cited_only_by_an_agency_without_authors_is_counted_as_unreached(laws, outsider, people):
    type(outsider).objects.filter(pk=outsider.pk).update(is_author=False)
    report = send_reminders(today=laws["today"])
    assert "outsider@example.go.th" not in inbox()
    assert report.outcomes["law_overdue"].unreached == 1


# ----- recipients, failures, dry run, the command -----


def test_an_official_without_email_is_skipped_and_reminded_once_they_have_one(author, approver, people):
    handbook = pending(author)
    type(approver).objects.filter(pk=approver.pk).update(email="")
    today = days_after(handbook.submitted_at, WAIT_DAYS + 1)
    report = send_reminders(today=today)
    assert sorted(inbox()) == ["approver_moc@example.go.th"]
    assert report.outcomes["pending"].no_email == 1
    assert not Reminder.objects.filter(recipient=approver).exists()
    type(approver).objects.filter(pk=approver.pk).update(email="approver@example.go.th")
    mail.outbox.clear()
    send_reminders(today=today)
    assert sorted(inbox()) == ["approver@example.go.th"]


def test_a_mail_server_that_is_down_records_nothing_and_the_next_run_sends(author, people, settings):
    handbook = pending(author)
    today = days_after(handbook.submitted_at, WAIT_DAYS + 1)
    with socket.socket() as free:  # a port nothing listens on: the connection is refused
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    report = send_reminders(today=today)
    assert report.outcomes["pending"].failed == 2 and report.outcomes["pending"].emails == 0
    assert not Reminder.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert total(send_reminders(today=today)) == 2 and Reminder.objects.count() == 2


def test_dry_run_sends_nothing_records_nothing_and_lists_what_it_would_send(author, approver, central, people):
    handbook = pending(author)
    today = days_after(handbook.submitted_at, WAIT_DAYS + 1)
    out = io.StringIO()
    call_command("send_reminders", "--dry-run", "--today", today.isoformat(), stdout=out)
    assert mail.outbox == [] and not Reminder.objects.exists()
    text = out.getvalue()
    assert "ทดลองเท่านั้น: ไม่ได้ส่งอีเมลและไม่ได้บันทึก / dry run: nothing sent, nothing recorded" in text
    assert "→ approver@example.go.th: [แจ้งเตือน] คำขออนุมัติเผยแพร่รอท่านพิจารณาเกิน 7 วัน (1 รายการ)" in text
    assert handbook.reference_name in text
    assert "คำขออนุมัติที่รอพิจารณาเกิน 7 วัน / requests pending over 7 days: จะส่ง / would send 2 อีเมล" in text
    call_command("send_reminders", "--today", today.isoformat(), stdout=io.StringIO())
    assert len(mail.outbox) == 2  # the dry run did not use them up


def test_the_command_prints_a_summary_per_kind(author, approver, central, people):
    handbook = pending(author)
    flag = flagged(author, approver, central)
    Handbook.objects.filter(pk=flag.pk).update(flagged_at=handbook.submitted_at)
    type(approver).objects.filter(pk=approver.pk).update(email="")
    today = days_after(handbook.submitted_at, WAIT_DAYS + 1)
    out = io.StringIO()
    call_command("send_reminders", "--today", today.isoformat(), stdout=out)
    text = out.getvalue()
    be = f"{today.day}"
    assert text.splitlines()[0].startswith(f"แจ้งเตือนประจำวันที่ {be} ")
    assert text.splitlines()[0].endswith(f"/ reminders for {today.isoformat()}")
    assert str(today.year + 543) in text.splitlines()[0]
    assert "- คำขออนุมัติที่รอพิจารณาเกิน 7 วัน / requests pending over 7 days: ส่งแล้ว / sent 1 อีเมล / e-mails, 1 รายการ" in text
    assert "ไม่มีอีเมล (ข้าม) / no e-mail address (skipped): 1 คน" in text
    assert "- คู่มือที่ถูกแจ้งให้แก้ไข / handbooks flagged for correction: ส่งแล้ว / sent 2 อีเมล / e-mails, 2 รายการ" in text
    assert "- กฎหมายที่เลยกำหนดทบทวน / laws overdue for review: ส่งแล้ว / sent 0 อีเมล / e-mails, 0 รายการ" in text
    out = io.StringIO()
    call_command("send_reminders", "--today", today.isoformat(), stdout=out)
    assert "ส่งแล้ว / sent 0 อีเมล" in out.getvalue()


def test_today_may_be_given_in_the_buddhist_era_and_a_wrong_date_is_refused_in_thai(author, people):
    handbook = pending(author)
    today = days_after(handbook.submitted_at, WAIT_DAYS + 1)
    call_command("send_reminders", "--today", today.replace(year=today.year + 543).isoformat(), stdout=io.StringIO())
    assert len(mail.outbox) == 2
    with pytest.raises(CommandError, match="--today ต้องเป็นวันที่รูปแบบ YYYY-MM-DD"):
        call_command("send_reminders", "--today", "5/3/2569", stdout=io.StringIO())


def test_the_same_reminder_cannot_be_recorded_twice(author, approver, people):
    """What keeps two runs at the same moment from both sending: the database refuses the second row."""
    handbook = pending(author)
    row = {"kind": "pending", "recipient": approver, "email": "a@example.go.th", "handbook": handbook}
    Reminder.objects.create(**row, stage=1, occasion=handbook.submitted_at, week=1)
    Reminder.objects.create(**row, stage=1, occasion=handbook.submitted_at, week=2)  # another week: another reminder
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(**row, stage=1, occasion=handbook.submitted_at, week=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(
            kind="law_overdue",
            recipient=approver,
            email="a@example.go.th",
            handbook=handbook,
            occasion=handbook.submitted_at,
        )  # a law reminder must name a law, not a handbook


class SlowLocmemBackend(locmem.EmailBackend):
    """Django's locmem backend, taking a moment per message like a real mail server: long enough for a second run
    started at the same time to reach the same reminders while the first is still sending them."""

    def send_messages(self, messages):
        time.sleep(0.3)
        return super().send_messages(messages)


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_reminder_once(tree, settings):
    """The first run records its reminders before it sends, in the sending transaction: the second run's insert
    waits for that transaction and then meets the unique constraint, so it skips instead of sending again.
    (SQLite's in-memory test database may refuse the second writer outright: "database table is locked".)"""
    seed_service_areas()
    settings.EMAIL_BACKEND = "tests.approvals.test_reminders.SlowLocmemBackend"
    agency = tree["14004000"]
    author = UserFactory(username="a1", agency=agency, is_author=True)
    for name in ("p1", "p2", "p3"):
        UserFactory(username=name, agency=agency, is_approver=True, email=f"{name}@example.go.th")
    handbooks = [pending(author) for _ in range(2)]
    today = days_after(handbooks[0].submitted_at, WAIT_DAYS + 1)
    mail.outbox.clear()  # the e-mails of the submissions (committed: on_commit runs in this test)
    start = threading.Barrier(2)
    errors: list[str] = []

    def run():
        try:
            start.wait()
            send_reminders(today=today)
        except Exception as error:  # noqa: BLE001 - any failure is the test's finding
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(m.to[0] for m in mail.outbox) == ["p1@example.go.th", "p2@example.go.th", "p3@example.go.th"]
    assert Reminder.objects.count() == 3 * 2
    if connection.vendor == "postgresql":
        assert errors == []
    else:
        assert all("locked" in error for error in errors)


# ----- queries -----


def _queries(today, dry_run: bool) -> int:
    with CaptureQueriesContext(connection) as queries:
        send_reminders(today=today, dry_run=dry_run)
    return len(queries)


@pytest.mark.parametrize("dry_run", [True, False])
def test_the_queries_do_not_grow_with_the_number_of_requests(
    dry_run, author, child_author, outsider, approver, approver_b, central, people
):
    """Stage-1 requests in three agencies, stage-2 requests and flags: 3 of each kind, then 30 more."""

    def make(n: int) -> None:
        for i in range(n):
            who, decider = [(author, approver), (child_author, approver), (outsider, approver_b)][i % 3]
            two_stages(who.agency, 2 if i % 3 == 0 else 1)
            handbook = pending(who, procedure__agency=decider.agency)
            if i % 3 == 0:
                handbook.approve(decider, comment="เห็นชอบ")  # forwarded: stage 2
            two_stages(who.agency, 1)
            if i % 10 == 0:
                flagged(author, approver, central)

    today = timezone.localdate() + datetime.timedelta(days=WAIT_DAYS + 1)
    make(3)
    few = _queries(today, dry_run)
    sent_few = len(mail.outbox)
    Reminder.objects.all().delete()
    make(30)
    assert Handbook.objects.filter(status=Status.PENDING_CENTRAL).count() == 1 + 10
    assert Handbook.objects.filter(status=Status.PENDING).count() == 2 + 20
    mail.outbox.clear()
    many = _queries(today, dry_run)
    assert many == few
    if not dry_run:  # the same officials, each e-mailed once per kind, with longer lists
        assert sent_few == len(mail.outbox) == 3 + 2 + 2  # stage 1: approver, moc, approver_b
        assert Reminder.objects.count() > 60


def test_the_queries_do_not_grow_with_the_number_of_overdue_laws(agency_a, agency_b, people):
    def make(n: int) -> None:
        for i in range(n):
            law = LawFactory(reviewed_on=D(2019, 1, 1), next_review_on=D(2024, 1, 1) + datetime.timedelta(days=i))
            ProcedureFactory(agency=agency_a, laws=[law])
            ProcedureFactory(agency=(agency_a, agency_b)[i % 2], laws=[law])

    make(3)
    few = _queries(D(2026, 3, 1), dry_run=False)
    sent_few = len(mail.outbox)
    Reminder.objects.all().delete()
    mail.outbox.clear()
    make(30)
    assert _queries(D(2026, 3, 1), dry_run=False) == few
    assert sent_few == len(mail.outbox) == 3  # author, coauthor (agency A), outsider (agency B)
    assert "(33 ฉบับ)" in inbox()["author@example.go.th"][0]


# ----- the admin -----


def test_the_admin_lists_reminders_read_only_with_buddhist_era_dates(login, author, admin_user, people):
    handbook = pending(author)
    send_reminders(today=days_after(handbook.submitted_at, WAIT_DAYS + 1))
    client = login(admin_user)
    response = client.get(reverse("admin:approvals_reminder_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "การแจ้งเตือนทางอีเมล" in html and "คำขออนุมัติที่รอพิจารณาเกิน 7 วัน" in html
    assert "ขั้นที่ 1 รอพิจารณาตั้งแต่ " in html and "สัปดาห์ที่ 1" in html
    assert str(timezone.localdate().year + 543) in html
    reminder = Reminder.objects.first()
    assert client.get(reverse("admin:approvals_reminder_change", args=[reminder.pk])).status_code == 200
    assert client.get(reverse("admin:approvals_reminder_add")).status_code == 403
    assert (
        client.post(reverse("admin:approvals_reminder_delete", args=[reminder.pk]), {"post": "yes"}).status_code == 403
    )
    assert Reminder.objects.filter(pk=reminder.pk).exists()


def test_the_command_warns_when_site_url_is_not_set(settings, author, people):
    settings.SITE_URL = ""
    err = io.StringIO()
    call_command("send_reminders", stdout=io.StringIO(), stderr=err)
    assert "SITE_URL ไม่ได้ตั้งค่า" in err.getvalue()


# ----- the schedule -----


def test_compose_runs_the_reminders_daily_from_the_web_image():
    import yaml

    compose = Path(__file__).resolve().parents[2] / "docker-compose.yml"
    services = yaml.safe_load(compose.read_text(encoding="utf-8"))["services"]
    scheduler = services["scheduler"]
    assert scheduler["build"] == services["web"]["build"]  # no image of its own
    assert "python manage.py send_reminders" in scheduler["command"] and "sleep 86400" in scheduler["command"]
    assert scheduler["environment"]["DATABASE_URL"] == services["web"]["environment"]["DATABASE_URL"]
    assert scheduler["depends_on"]["migrate"]["condition"] == "service_completed_successfully"  # after migrations
    assert scheduler["restart"] == "unless-stopped"


def test_the_admin_names_a_law_reminders_review_date_in_the_buddhist_era(login, admin_user, laws, people):
    send_reminders(today=laws["today"])
    html = login(admin_user).get(reverse("admin:approvals_reminder_changelist") + "?kind=law_overdue").content.decode()
    assert "ครบกำหนดทบทวนเมื่อ 10 มกราคม 2568" in html and "ครบกำหนดทบทวนเมื่อ 1 กุมภาพันธ์ 2569" in html
    assert "พระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. 2499" in html


def test_the_reminder_admin_pages_are_in_thai(login, admin_user, author, laws, people):
    from tests.portal.pages import read
    from tests.portal.test_thai_everywhere import english_words

    handbook = pending(author)
    send_reminders(today=days_after(handbook.submitted_at, WAIT_DAYS + 1))
    send_reminders(today=laws["today"])
    client = login(admin_user)
    urls = [reverse("admin:approvals_reminder_changelist")]
    urls += [
        reverse("admin:approvals_reminder_change", args=[pk]) for pk in Reminder.objects.values_list("pk", flat=True)
    ]
    usernames = frozenset(type(author).objects.values_list("username", flat=True))
    english = set()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        for _tag, text in read(response.content.decode()).texts:
            english.update(english_words(text, usernames))
    assert english == set()
