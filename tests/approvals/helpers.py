"""Helpers shared by the approval and public-site tests: handbooks in each workflow state."""

from __future__ import annotations

from approvals.models import Status
from handbooks.models import Handbook
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


def returned(author, approver, **kwargs) -> Handbook:
    handbook = pending(author, **kwargs)
    handbook.return_for_changes(approver, "กรุณาแก้ไขค่าธรรมเนียม")
    return handbook


def start_revision(handbook: Handbook, editor, **changes) -> Handbook:
    """What the authoring form does when a published handbook is edited: a draft revision; the live version stays."""
    Handbook.objects.filter(pk=handbook.pk).update(status=Status.DRAFT, updated_by=editor, **changes)
    handbook.refresh_from_db()
    return handbook


def in_state(state: str, author, approver) -> Handbook:
    """A handbook in one of: draft, pending, returned, published, revision (draft with a live version)."""
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
    raise ValueError(state)
