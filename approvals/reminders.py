"""Reminders by e-mail (`manage.py send_reminders`, run daily by docker-compose's scheduler service).

Three kinds, each sent as one e-mail per official listing everything of that kind due for them:

- **pending** (คำขออนุมัติที่รอพิจารณาเกิน 7 วัน): a request waiting more than `WAIT_DAYS` days at its stage, to whoever
  may decide it there (`Handbook.may_decide_stage`, so never its submitter, its last editor or who already decided
  it at stage 1). Stage 1: the active approvers of the handbook's agency or an agency above it. ก.พ.ร.'s central
  approvers may decide stage 1 everywhere too, but they are not reminded of it: their stage is 2, and one message
  listing every late stage-1 request of the country is the reports' job, not an e-mail's. Stage 2: the active
  central approvers. A stage-1 request of an agency with no approver of its own reaches nobody: the summary counts
  it (`unreached`). The wait counts from the request's arrival at its stage: `submitted_at` at stage 1,
  `endorsed_at` at stage 2.
- **flagged** (ตรวจสอบหลังเผยแพร่): a handbook ก.พ.ร. flagged for correction more than `WAIT_DAYS` days ago and still
  flagged, to `notifications.agency_authors` (its author and the authors of its agency). The flag itself was
  e-mailed when it was made (`notify_flagged`); this is the reminder that it is still there. A flagged handbook
  whose corrected version is waiting for approval is left alone: its authors have acted, its approvers are
  reminded of the request.
- **law_overdue** (กฎหมายที่เลยกำหนดทบทวน, section 6 of the Act): a law whose next review date has passed
  (`Law.objects.overdue`), to the active authors of each agency that owns a procedure citing it, with those
  procedures.

Idempotent: each (official, subject, occasion) is sent once and recorded as an `approvals.Reminder` row, written in
the same transaction as the sending (a failed send records nothing, so the next run tries again; a second run at
the same time meets the unique constraint and skips). What counts as a new occasion:

- pending and flagged repeat **weekly** while they last: the occasion is the moment the wait began plus the week of
  waiting, `week = (days waiting - 1) // 7`, due from week 1. Days waiting are counted in Thailand's dates, so a
  request submitted on the 1st is reminded on the 9th (8 days: more than 7), the 16th, the 23rd … — one reminder
  per week; if the command did not run for a while it sends the current week's reminder, not the missed ones. A new
  request (submitted again after a return or a withdrawal), a new stage (stage 2 after stage 1) or a new flag
  starts again from week 1.
- laws are reminded **once per review date**: the occasion is the law's `next_review_on`. Reviewing the law
  ("ปรับปรุงข้อมูล") moves the date five years on; when that date passes too, the law is reminded of again.

An official without an e-mail address is skipped (counted, not recorded: once they have an address the next run
sends it). Queries do not grow with the number of requests, flags or laws: each kind reads its subjects, their
possible recipients and the reminders already sent in a few queries, then writes one transaction per e-mail.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from handbooks.models import Handbook
from handbooks.workflow import Status

from .models import Reminder
from .notifications import _send, absolute, agency_authors_of, authors_of_agencies, central_approvers, handbook_path

# A request or a flag is reminded of once it has waited more than this many days, then every this many days.
WAIT_DAYS = 7

Kind = Reminder.Kind


@dataclass
class Line:
    """One thing an e-mail reminds of: a handbook (pending, flagged) or a law (law_overdue), on its occasion."""

    kind: str
    occasion: datetime.datetime
    handbook: Handbook | None = None
    law: object | None = None
    stage: int = 0
    week: int = 0
    days: int = 0  # days waiting, or days overdue
    link: str = ""
    procedures: list = field(default_factory=list)  # law_overdue: the recipient agency's procedures citing it

    def key(self, recipient_id: int) -> tuple:
        if self.law is not None:
            return (recipient_id, "law", self.law.pk, self.occasion)
        return (recipient_id, self.kind, self.handbook.pk, self.stage, self.occasion, self.week)

    def record(self, recipient) -> Reminder:
        return Reminder(
            kind=self.kind,
            recipient=recipient,
            email=recipient.email,
            handbook=self.handbook,
            law=self.law,
            stage=self.stage,
            occasion=self.occasion,
            week=self.week,
        )


@dataclass
class Outcome:
    """What one kind did (or, in a dry run, would do)."""

    emails: int = 0  # e-mails sent (would be sent)
    items: int = 0  # reminders they carry: one Reminder row each
    no_email: int = 0  # officials due a reminder who have no e-mail address
    failed: int = 0  # e-mails the mail server did not take (nothing recorded: the next run tries again)
    unreached: int = 0  # subjects due a reminder that nobody may be reminded of


@dataclass
class Report:
    today: datetime.date
    dry_run: bool
    outcomes: dict[str, Outcome] = field(default_factory=lambda: {kind: Outcome() for kind in KINDS})
    # (address, subject, lines) of every e-mail sent (would be sent), for the command's listing
    emails: list[tuple[str, str, list[Line]]] = field(default_factory=list)


def send_reminders(today: datetime.date | None = None, dry_run: bool = False) -> Report:
    """Send every reminder due on `today` (Thailand's date; None: today) that was not sent before, and record each.
    `dry_run`: send nothing and record nothing, but report what would be sent."""
    today = today or timezone.localdate()
    report = Report(today=today, dry_run=dry_run)
    for kind, (collect, compose) in KINDS.items():
        due = collect(today, report.outcomes[kind])
        _deliver(kind, due, compose, report)
    return report


# ----- each kind: who is due which lines today -----


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in Thailand, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _waiting(since: datetime.datetime, today: datetime.date) -> tuple[int, int]:
    """(days waited, week of waiting) of something that began at `since`; due when the week is 1 or more."""
    days = (today - timezone.localdate(since)).days
    return days, (days - 1) // WAIT_DAYS


HANDBOOK_FIELDS = (
    "status",
    "reference_name",
    "author",
    "agency__name",
    "agency__tree_id",
    "agency__lft",
    "agency__rght",
    "procedure__name",
)


def _pending_due(today: datetime.date, outcome: Outcome) -> dict:
    """{official: [Line]}: the requests waiting more than WAIT_DAYS days for a decision the official may take."""
    cutoff = _start_of(today - datetime.timedelta(days=WAIT_DAYS))
    requests = list(
        Handbook.objects.filter(
            Q(status=Status.PENDING, submitted_at__lt=cutoff) | Q(status=Status.PENDING_CENTRAL, endorsed_at__lt=cutoff)
        )
        .select_related("agency", "procedure", "submitted_by")
        .only(
            *HANDBOOK_FIELDS,
            "submitted_at",
            "updated_by",
            "endorsed_by",
            "endorsed_at",
            "submitted_by__first_name",
            "submitted_by__last_name",
            "submitted_by__username",
        )
        .order_by("submitted_at", "pk")
    )
    # Stage 1: the approvers in the requests' agency trees, matched below with the tree columns (one query for all).
    trees = {h.agency.tree_id for h in requests if h.status == Status.PENDING}
    line_approvers = defaultdict(list)
    if trees:
        users = get_user_model().objects.filter(is_active=True, is_approver=True, agency__tree_id__in=trees)
        for user in users.select_related("agency").order_by("pk"):
            line_approvers[user.agency.tree_id].append(user)
    central = list(central_approvers().order_by("pk")) if any(h.stage == 2 for h in requests) else []

    due = defaultdict(list)
    for handbook in requests:
        since = handbook.endorsed_at if handbook.stage == 2 else handbook.submitted_at
        days, week = _waiting(since, today)
        if handbook.stage == 2:
            candidates = central
        else:
            candidates = [u for u in line_approvers[handbook.agency.tree_id] if u.agency.contains(handbook.agency)]
        recipients = [user for user in candidates if handbook.may_decide_stage(user)]
        if not recipients:
            outcome.unreached += 1
        link = absolute(reverse("approvals:review", kwargs={"pk": handbook.pk}))
        for user in recipients:
            due[user].append(
                Line(Kind.PENDING, since, handbook=handbook, stage=handbook.stage, week=week, days=days, link=link)
            )
    return due


def _flagged_due(today: datetime.date, outcome: Outcome) -> dict:
    """{official: [Line]}: handbooks flagged for correction more than WAIT_DAYS days ago, still flagged and not
    waiting for the approval of a correction."""
    cutoff = _start_of(today - datetime.timedelta(days=WAIT_DAYS))
    flagged = list(
        Handbook.objects.flagged()
        .filter(flagged_at__lt=cutoff)
        .exclude(status__in=(Status.PENDING, Status.PENDING_CENTRAL))
        .select_related("agency", "procedure", "flagged_by")
        .only(
            *HANDBOOK_FIELDS,
            "flagged_at",
            "flag_reason",
            "flagged_by__first_name",
            "flagged_by__last_name",
            "flagged_by__username",
        )
        .order_by("flagged_at", "pk")
    )
    authors = agency_authors_of(flagged)
    due = defaultdict(list)
    for handbook in flagged:
        days, week = _waiting(handbook.flagged_at, today)
        recipients = [user for user in authors[handbook.pk] if user.pk != handbook.flagged_by_id]
        if not recipients:
            outcome.unreached += 1
        link = absolute(handbook_path(handbook))
        for user in recipients:
            due[user].append(
                Line(Kind.FLAGGED, handbook.flagged_at, handbook=handbook, week=week, days=days, link=link)
            )
    return due


def _laws_due(today: datetime.date, outcome: Outcome) -> dict:
    """{official: [Line]}: the laws overdue for review that procedures of the official's agency cite, each with
    those procedures."""
    from laws.models import Law
    from procedures.models import ProcedureLaw

    links = (
        ProcedureLaw.objects.filter(law__in=Law.objects.overdue(today))
        .select_related("law", "procedure")
        .only("law__title", "law__reviewed_on", "law__next_review_on", "procedure__name", "procedure__agency")
        .order_by("law__next_review_on", "law__title", "law_id", "procedure__name", "procedure_id")
    )
    # agency → law → (law, [procedures]), in the order above: most overdue first
    cited: dict[int, dict[int, tuple]] = defaultdict(dict)
    for link in links:
        law, procedure = link.law, link.procedure
        procedure.link = absolute(procedure.get_absolute_url())
        cited[procedure.agency_id].setdefault(law.pk, (law, []))[1].append(procedure)
    authors = authors_of_agencies(cited)
    due = defaultdict(list)
    for agency_id, laws in cited.items():
        recipients = authors.get(agency_id, [])
        if not recipients:
            outcome.unreached += len(laws)
        for law, procedures in laws.values():
            line = Line(
                Kind.LAW_OVERDUE,
                _start_of(law.next_review_on),
                law=law,
                days=-law.days_to_review(today),
                link=absolute(law.get_absolute_url()),
                procedures=procedures,
            )
            for user in recipients:
                due[user].append(line)
    return due


# ----- each kind's e-mail -----


def _pending_mail(lines: list[Line]) -> tuple[str, str, dict]:
    subject = f"[แจ้งเตือน] คำขออนุมัติเผยแพร่รอท่านพิจารณาเกิน {WAIT_DAYS} วัน ({len(lines)} รายการ)"
    queues = {line.stage for line in lines}
    context = {
        "wait_days": WAIT_DAYS,
        "queue_link": absolute(reverse("approvals:queue")) if 1 in queues else "",
        "central_queue_link": absolute(reverse("approvals:central_queue")) if 2 in queues else "",
    }
    return subject, "approvals/email/reminder_pending.txt", context


def _flagged_mail(lines: list[Line]) -> tuple[str, str, dict]:
    subject = f"[แจ้งเตือน] คู่มือที่สำนักงาน ก.พ.ร. แจ้งให้แก้ไขยังไม่ได้แก้ไข ({len(lines)} รายการ)"
    return subject, "approvals/email/reminder_flagged.txt", {"wait_days": WAIT_DAYS}


def _laws_mail(lines: list[Line]) -> tuple[str, str, dict]:
    subject = f"[แจ้งเตือน] กฎหมายที่กระบวนงานของหน่วยงานท่านอ้างถึงเลยกำหนดทบทวน ({len(lines)} ฉบับ)"
    return subject, "approvals/email/reminder_laws.txt", {"review_link": absolute(reverse("laws:review"))}


KINDS = {
    Kind.PENDING: (_pending_due, _pending_mail),
    Kind.FLAGGED: (_flagged_due, _flagged_mail),
    Kind.LAW_OVERDUE: (_laws_due, _laws_mail),
}


# ----- sending and recording -----


def _already_sent(kind: str, due: dict) -> set[tuple]:
    """The keys of the reminders among `due` that were sent before (one query)."""
    lines = [line for lines in due.values() for line in lines]
    if not lines:
        return set()
    if kind == Kind.LAW_OVERDUE:
        rows = Reminder.objects.filter(law_id__in={line.law.pk for line in lines}).values_list(
            "recipient_id", "law_id", "occasion"
        )
        return {(recipient, "law", law, occasion) for recipient, law, occasion in rows}
    rows = Reminder.objects.filter(kind=kind, handbook_id__in={line.handbook.pk for line in lines}).values_list(
        "recipient_id", "kind", "handbook_id", "stage", "occasion", "week"
    )
    return set(rows)


class _NotSent(Exception):
    """The mail server did not take the message: undo its records."""


def _deliver(kind: str, due: dict, compose, report: Report) -> None:
    outcome = report.outcomes[kind]
    sent_before = _already_sent(kind, due)
    for recipient in sorted(due, key=lambda user: user.pk):
        lines = [line for line in due[recipient] if line.key(recipient.pk) not in sent_before]
        if not lines:
            continue
        if not recipient.email:
            outcome.no_email += 1
            continue
        subject, template, context = compose(lines)
        context.update({"recipient": recipient, "lines": lines, "today": report.today})
        if not report.dry_run:
            try:
                with transaction.atomic():
                    # Recorded first, in the same transaction: a run at the same moment that got here first makes
                    # this insert fail (unique constraint) instead of sending the e-mail twice.
                    Reminder.objects.bulk_create([line.record(recipient) for line in lines])
                    if _send([recipient], subject, template, context) != 1:
                        raise _NotSent
            except IntegrityError:
                continue
            except _NotSent:
                outcome.failed += 1
                continue
        outcome.emails += 1
        outcome.items += len(lines)
        report.emails.append((recipient.email, subject, lines))
