"""Operations that touch a handbook and all its rows at once: create, save under optimistic locking, copy, delete."""

from __future__ import annotations

import datetime
import uuid

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.templatetags.thai import circled, format_thai_date

from .models import FormSample, Handbook, HandbookVersion, form_sample_path
from .rules import COPY_PREFIX
from .sections import ROWS
from .snapshot import rows_from_snapshot
from .workflow import PENDING_STATES, STATE_ERRORS, TRANSITIONS, Status

STALE_MESSAGE = _(
    "มีผู้บันทึกคู่มือนี้หลังจากที่ท่านเปิดหน้าแก้ไข ระบบจึงไม่บันทึกข้อมูลของท่านเพื่อไม่ให้ทับข้อมูลของผู้อื่น "
    "ข้อมูลที่ท่านกรอกยังแสดงอยู่ด้านล่าง กรุณาเปิดคู่มือฉบับล่าสุดในแท็บใหม่ ตรวจสอบ แล้วกรอกการแก้ไขอีกครั้ง"
)
PENDING_MESSAGE = STATE_ERRORS["revise"]  # a pending request is read-only: the same words as the refused transition


class StaleHandbook(Exception):
    """Someone saved the handbook after the form was opened: nothing was written."""


class HandbookPending(Exception):
    """The handbook waits for an approver's decision and is read-only for authors."""


class AlreadyCreated(Exception):
    """The new-handbook form was posted again: `handbook` is the one its first post created."""

    def __init__(self, handbook: Handbook):
        super().__init__(handbook.pk)
        self.handbook = handbook


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


def create_handbook(form, formsets, user, request=None, token: uuid.UUID | None = None) -> Handbook:
    """Create a handbook and its rows from a valid form and formsets; generates the reference name (H2).

    `token` is the new-handbook form's one-time token: posted a second time (a double click, a resent request),
    the form raises AlreadyCreated with the handbook the first post created, and nothing more is written."""
    try:
        with transaction.atomic():
            handbook = form.save(commit=False)
            handbook.author = user
            handbook.updated_by = user
            handbook.reference_name = reference_name(handbook.procedure, user)
            handbook.status = Status.DRAFT
            handbook.create_token = token
            handbook.save()
            _save_formsets(handbook, formsets)
            audit.record("handbooks.handbook.created", obj=handbook, request=request, actor=user)
            return handbook
    except IntegrityError:
        first = Handbook.objects.filter(create_token=token).first() if token is not None else None
        if first is None:
            raise
        raise AlreadyCreated(first) from None


@transaction.atomic
def save_handbook(form, formsets, sent_version: int, user, request=None) -> Handbook:
    """Save the handbook and all its rows in one transaction, only if nobody saved it since `sent_version`.

    The conditional UPDATE runs first and holds the row until commit, so two concurrent saves cannot both pass.
    Raises StaleHandbook (nothing written) or HandbookPending. Editing a published or returned handbook starts a
    revision (the "revise" transition: back to draft); the live version (`live_version`) is not touched.
    """
    handbook = form.instance
    current = Handbook.objects.select_for_update().filter(pk=handbook.pk).values("status").first()
    if current is None:
        raise StaleHandbook
    if current["status"] in PENDING_STATES:
        raise HandbookPending
    updated = Handbook.objects.filter(pk=handbook.pk, lock_version=sent_version).update(
        lock_version=F("lock_version") + 1
    )
    if updated != 1:
        raise StaleHandbook
    previous_status = current["status"]
    if previous_status in TRANSITIONS["revise"]:
        handbook.revise(user, request=request)
    handbook = form.save(commit=False)
    handbook.lock_version = sent_version + 1
    handbook.updated_by = user
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

    An official in the source's scope copies its working copy; any other official copies only what was published
    (the live version), exactly as the public reads it. The copy's reference name starts with
    "[สำเนาคู่มือประชาชน]"; workflow fields start fresh.
    """
    if source.is_in_scope_of(user):
        fields = {name: getattr(source, name) for name in COPIED_FIELDS}
        rows = {r.key: [_row_copy(row) for row in getattr(source, r.key).order_by("position", "id")] for r in ROWS}
        copied_version = None
    else:
        snapshot = source.live_version.snapshot
        part = snapshot.get("handbook") or {}
        fields = {name: part[name] for name in COPIED_FIELDS if name in part}
        rows = rows_from_snapshot(snapshot)
        copied_version = source.live_version.number
    copy = Handbook.objects.create(
        procedure=source.procedure,
        agency=user.agency,
        author=user,
        updated_by=user,
        reference_name=reference_name(source.procedure, user, copy=True),
        copied_from=source,
        status=Status.DRAFT,
        **fields,
    )
    for r in ROWS:
        for row in rows[r.key]:
            row.handbook = copy
        r.model.objects.bulk_create(rows[r.key])
    audit.record(
        "handbooks.handbook.copied",
        obj=copy,
        request=request,
        actor=user,
        data={"source": source.pk, "version": copied_version},
    )
    return copy


# The handbook-level fields a copy takes over (sections 12–14 and 19); the rest is the copier's own.
COPIED_FIELDS = ("criteria", "total_time_value", "total_time_unit", "reduced", "note")


def _row_copy(row):
    """An unsaved copy of a row (without its id and handbook), keeping its position."""
    model = type(row)
    names = [f.attname for f in model._meta.concrete_fields if f.name not in {"id", "handbook"}]
    return model(**{name: getattr(row, name) for name in names})


def new_create_token() -> uuid.UUID:
    return uuid.uuid4()


NOT_DELETABLE = {
    "pending": _("คู่มือนี้อยู่ระหว่างรออนุมัติ จึงลบไม่ได้ หากต้องการลบ กรุณาถอนคำขออนุมัติก่อน"),
    "published": _(
        "คู่มือนี้เคยเผยแพร่แล้ว จึงลบไม่ได้ ฉบับที่เผยแพร่เป็นหลักฐานของสิ่งที่แจ้งต่อประชาชน "
        "หากไม่ต้องการให้ประชาชนเห็นอีก กรุณาแจ้งผู้อนุมัติให้ยกเลิกการเผยแพร่"
    ),
    "actor": _("ท่านไม่มีสิทธิ์ลบคู่มือนี้"),
}


class NotDeletable(Exception):
    """The handbook may not be deleted (now): `message` is Thai and shown to the official as it is."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.message = str(NOT_DELETABLE[reason])


@transaction.atomic
def delete_draft(handbook: Handbook, user, request=None) -> None:
    """Delete a never-published draft with all its rows (`Handbook.is_deletable_by`), writing one audit row
    (`handbooks.handbook.deleted`); after the commit its uploaded form files that nothing else names are removed.

    The rule is checked again on the locked row, so a submission or an approval cannot slip in between. Raises
    NotDeletable (nothing written). Copies made from it stay (their `copied_from` is cleared)."""
    locked = Handbook.objects.select_for_update(of=("self",)).select_related("agency").get(pk=handbook.pk)
    if not locked.is_deletable_by(user):
        if not locked.is_editable_by(user):
            raise NotDeletable("actor")
        raise NotDeletable("pending" if locked.status in PENDING_STATES else "published")
    pk, procedure_id = locked.pk, locked.procedure_id
    audit.record(
        "handbooks.handbook.deleted",
        obj=locked,
        request=request,
        actor=user,
        data={
            "reference_name": locked.reference_name,
            "procedure": procedure_id,
            "agency": locked.agency_id,
            "status": locked.status,
        },
    )
    locked.delete()
    # Files are not part of the transaction: removed only once the deletion is committed (a rollback keeps them).
    # robust: a file that cannot be removed is logged, never a 500 after the handbook is already gone.
    transaction.on_commit(lambda: remove_unused_uploads(pk, procedure_id), robust=True)


def remove_unused_uploads(handbook_id: int, procedure_id: int) -> list[str]:
    """Remove the form files uploaded to a deleted handbook (its upload folder) that no row and no published
    version names any more; returns the names removed.

    A never-published handbook's files are in no version of its own, but a copy of it carries the same file names
    (copies share the stored files), and a copy is always of the same procedure: those rows and versions keep
    their files."""
    storage = FormSample._meta.get_field("file").storage
    folder = form_sample_path(FormSample(handbook_id=handbook_id), "").rstrip("/")
    try:
        _folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = {f"{folder}/{name}" for name in files}
    of_procedure = {"handbook__procedure_id": procedure_id}
    used = set(FormSample.objects.filter(file__in=names, **of_procedure).values_list("file", flat=True))
    for forms in HandbookVersion.objects.filter(**of_procedure).values_list("snapshot__forms", flat=True):
        used.update(entry.get("file") for entry in forms or [] if isinstance(entry, dict))
    removed = sorted(names - used)
    for name in removed:
        storage.delete(name)
    return removed
