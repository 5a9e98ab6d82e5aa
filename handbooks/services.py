"""Operations that touch a handbook and all its rows at once: create, save under optimistic locking, copy."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from approvals.models import Status
from portal import audit
from portal.templatetags.thai import circled, format_thai_date

from .models import ComplaintChannel, Document, Fee, FormSample, Handbook, ServiceChannel, Step
from .rules import COPY_PREFIX

ROW_MODELS = (ServiceChannel, Step, Document, Fee, ComplaintChannel, FormSample)
STALE_MESSAGE = _(
    "มีผู้บันทึกคู่มือนี้หลังจากที่ท่านเปิดหน้าแก้ไข ระบบจึงไม่บันทึกข้อมูลของท่านเพื่อไม่ให้ทับข้อมูลของผู้อื่น "
    "ข้อมูลที่ท่านกรอกยังแสดงอยู่ด้านล่าง กรุณาเปิดคู่มือฉบับล่าสุดในแท็บใหม่ ตรวจสอบ แล้วกรอกการแก้ไขอีกครั้ง"
)
PENDING_MESSAGE = _("คู่มือนี้อยู่ระหว่างรออนุมัติ จึงแก้ไขไม่ได้ หากต้องการแก้ไข กรุณาขอถอนคำขออนุมัติก่อน")


class StaleHandbook(Exception):
    """Someone saved the handbook after the form was opened: nothing was written."""


class HandbookPending(Exception):
    """The handbook waits for an approver's decision and is read-only for authors."""


def reference_name(procedure, author, when: datetime.datetime | None = None, copy: bool = False) -> str:
    """H2: `<procedure name [N]> <circled number> <author> <author's agency> <dd/mm/BE> <HH:MM>` (Asia/Bangkok)."""
    when = timezone.localtime(when or timezone.now())
    parts = [
        procedure.name,
        circled(procedure.running_number),
        author.display_name,
        author.agency.name if author.agency_id else "",
        format_thai_date(when, "short"),
        f"{when:%H:%M}",
    ]
    name = " ".join(p for p in parts if p)
    return f"{COPY_PREFIX} {name}" if copy else name


@transaction.atomic
def create_handbook(form, formsets, user, request=None) -> Handbook:
    """Create a handbook and its rows from a valid form and formsets; generates the reference name (H2)."""
    handbook = form.save(commit=False)
    handbook.author = user
    handbook.updated_by = user
    handbook.reference_name = reference_name(handbook.procedure, user)
    handbook.status = Status.DRAFT
    handbook.save()
    _save_formsets(handbook, formsets)
    audit.record("handbooks.handbook.created", obj=handbook, request=request, actor=user)
    return handbook


@transaction.atomic
def save_handbook(form, formsets, sent_version: int, user, request=None) -> Handbook:
    """Save the handbook and all its rows in one transaction, only if nobody saved it since `sent_version`.

    The conditional UPDATE runs first and holds the row until commit, so two concurrent saves cannot both pass.
    Raises StaleHandbook (nothing written) or HandbookPending. Editing a published or returned handbook puts it back
    to draft; the live published version (`live_version`) is a separate snapshot and is not touched.
    """
    handbook = form.instance
    current = Handbook.objects.select_for_update().filter(pk=handbook.pk).values("status").first()
    if current is None:
        raise StaleHandbook
    if current["status"] == Status.PENDING:
        raise HandbookPending
    updated = Handbook.objects.filter(pk=handbook.pk, lock_version=sent_version).update(
        lock_version=F("lock_version") + 1
    )
    if updated != 1:
        raise StaleHandbook
    handbook = form.save(commit=False)
    handbook.lock_version = sent_version + 1
    handbook.updated_by = user
    previous_status = current["status"]
    if previous_status in (Status.PUBLISHED, Status.RETURNED):
        handbook.status = Status.DRAFT
    handbook.save()
    _save_formsets(handbook, formsets)
    audit.record(
        "handbooks.handbook.updated",
        obj=handbook,
        request=request,
        actor=user,
        data={"lock_version": handbook.lock_version, "status_before": previous_status, "status": handbook.status},
    )
    return handbook


def _save_formsets(handbook: Handbook, formsets) -> None:
    for formset in formsets:
        formset.instance = handbook
        formset.save()


@transaction.atomic
def copy_handbook(source: Handbook, user, request=None) -> Handbook:
    """ "Copy to my agency": a draft copy of `source` with all its rows, for the user's own agency.

    The copy's reference name starts with "[สำเนาคู่มือประชาชน]"; workflow fields start fresh.
    """
    copy = Handbook.objects.create(
        procedure=source.procedure,
        agency=user.agency,
        author=user,
        updated_by=user,
        reference_name=reference_name(source.procedure, user, copy=True),
        copied_from=source,
        criteria=source.criteria,
        total_time_value=source.total_time_value,
        total_time_unit=source.total_time_unit,
        reduced=source.reduced,
        note=source.note,
        status=Status.DRAFT,
    )
    skip = {"id", "handbook"}
    for model in ROW_MODELS:
        fields = [f.attname for f in model._meta.concrete_fields if f.name not in skip]
        rows = model.objects.filter(handbook=source).order_by("position", "id")
        model.objects.bulk_create(
            [model(handbook=copy, **{name: getattr(row, name) for name in fields}) for row in rows]
        )
    audit.record("handbooks.handbook.copied", obj=copy, request=request, actor=user, data={"source": source.pk})
    return copy
