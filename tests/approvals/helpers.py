"""Helpers shared by the approval and public-site tests: handbooks in each workflow state."""

from __future__ import annotations

import uuid

from django.core.files.base import ContentFile

from handbooks.models import FormSample, Handbook
from tests.factories import HandbookFactory


def make_handbook(author, rows: int = 1, **kwargs) -> Handbook:
    """A draft handbook of `author`'s agency that meets every rule, last edited by its author."""
    kwargs.setdefault("agency", author.agency)
    return HandbookFactory(author=author, updated_by=author, rows=rows, **kwargs)


def pending(author, **kwargs) -> Handbook:
    handbook = make_handbook(author, **kwargs)
    handbook.submit(author, change_note="ฉบับแรก")
    return handbook


def published(author, approver, **kwargs) -> Handbook:
    handbook = pending(author, **kwargs)
    handbook.approve(approver, comment="เรียบร้อย")
    return handbook


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def attach_form_file(handbook: Handbook, content: bytes = PDF, position: int = 9) -> FormSample:
    """A form sample row with an uploaded file, stored under a fresh name as the authoring form does."""
    sample = FormSample.objects.create(handbook=handbook, name=f"แบบคำขอที่อัปโหลด {position}", position=position)
    sample.file.save(f"form-{uuid.uuid4().hex[:12]}.pdf", ContentFile(content), save=True)
    return sample


def published_with_form_file(author, approver, content: bytes = PDF, **kwargs) -> tuple[Handbook, FormSample]:
    """A published handbook (version 1) whose form samples include an uploaded file. Set MEDIA_ROOT first."""
    handbook = make_handbook(author, **kwargs)
    sample = attach_form_file(handbook, content)
    handbook.submit(author, change_note="ฉบับแรก")
    handbook.approve(approver, comment="เรียบร้อย")
    return handbook, sample


def returned(author, approver, **kwargs) -> Handbook:
    handbook = pending(author, **kwargs)
    handbook.return_for_changes(approver, "กรุณาแก้ไขค่าธรรมเนียม")
    return handbook


def start_revision(handbook: Handbook, editor, **changes) -> Handbook:
    """What the authoring form does when a published handbook is edited: the "revise" transition to a draft
    revision (the live version stays), and the edit itself."""
    handbook.revise(editor)
    Handbook.objects.filter(pk=handbook.pk).update(updated_by=editor, **changes)
    handbook.refresh_from_db()
    return handbook


def two_stages(agency, stages: int = 2):
    """Publication for `agency`'s ministry needs `stages` stages (the ApprovalChain row an administrator keeps)."""
    from handbooks.models import ApprovalChain

    ApprovalChain.objects.update_or_create(ministry=agency.get_root(), defaults={"stages": stages})


def central_pending(author, approver, **kwargs) -> Handbook:
    """Two-stage chain for the author's ministry; the agency's approver agreed at stage 1: waiting for ก.พ.ร."""
    two_stages(author.agency)
    handbook = pending(author, **kwargs)
    assert handbook.approve(approver, comment="เห็นชอบ") is None
    return handbook


def flagged(author, approver, central, reason: str = "ค่าธรรมเนียมไม่ตรงกับกฎกระทรวงฉบับปัจจุบัน") -> Handbook:
    handbook = published(author, approver)
    handbook.flag(central, reason)
    return handbook


def in_state(state: str, author, approver) -> Handbook:
    """A handbook in one of: draft, pending, returned, published, revision (draft with a live version),
    revision_pending, revision_returned; two_stage_pending (stage 1 of a two-stage chain), central_pending (stage
    2), flagged (published, flagged by ก.พ.ร.)."""
    if state == "two_stage_pending":
        two_stages(author.agency)
        return pending(author)
    if state == "central_pending":
        return central_pending(author, approver)
    if state == "flagged":
        from tests.factories import UserFactory

        flagger = UserFactory(username="flagger", is_approver=True, is_central_approver=True)
        return flagged(author, approver, flagger)
    if state == "draft":
        return make_handbook(author)
    if state == "pending":
        return pending(author)
    if state == "returned":
        return returned(author, approver)
    if state == "published":
        return published(author, approver)
    if state == "revision":
        return start_revision(published(author, approver), author)
    if state == "revision_pending":
        handbook = start_revision(published(author, approver), author)
        handbook.submit(author)
        return handbook
    if state == "revision_returned":
        handbook = in_state("revision_pending", author, approver)
        handbook.return_for_changes(approver, "กรุณาแก้ไขค่าธรรมเนียม")
        return handbook
    raise ValueError(state)


def seed_service_areas() -> None:
    """Put back the service areas a data migration seeds (P8): an earlier transactional test's flush deleted them,
    and a handbook cannot be submitted without its procedure's area. For tests with `transaction=True`."""
    from importlib import import_module

    from django.apps import apps

    import_module("procedures.migrations.0002_seed_service_areas").seed(apps, None)
