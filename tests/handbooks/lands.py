"""The real-size Department of Lands handbook of the demo (`handbooks.demo.LANDS`: 22 documents in both groups,
6 steps, 5 fees with ร้อยละ 2 and its note, 4 forms without links, 3 complaint channels) as test data: for the
printed layout, the PDF and the browser's print — long enough to run over several A4 pages.
"""

from __future__ import annotations

from handbooks.demo import LANDS, create_from_spec
from handbooks.models import Handbook
from laws.models import Law
from procedures.models import Procedure
from tests.factories import LawFactory, ProcedureFactory

PROCEDURE = LANDS["procedure"]
LAWS = ["ประมวลกฎหมายที่ดิน พ.ศ. 2497", "พระราชบัญญัติให้ใช้ประมวลกฎหมายที่ดิน พ.ศ. 2497"]
CRITERIA = LANDS["criteria"]
# (group, name, issued by, originals, copies, unit, note)
DOCUMENTS = [
    (
        d["group"],
        d["name"],
        d.get("issued_by", ""),
        d["originals"],
        d["copies"],
        d.get("unit", "copy"),
        d.get("note", ""),
    )
    for d in LANDS["documents"]
]
STEPS = [(kind, detail, minutes) for kind, detail, minutes, _point in LANDS["steps"]]  # (kind, detail, minutes)
FEES = LANDS["fees"]  # (description, amount, unit, is_range, note)
COMPLAINTS = [(c["channel"], c.get("note", "")) for c in LANDS["complaints"]]
FORMS = [name for name, _url, _note in LANDS["forms"]]


def lands_handbook(author, *, criteria: str = CRITERIA, laws: list[str] = LAWS, name: str = PROCEDURE) -> Handbook:
    """A draft of `author`'s agency that meets every rule, last edited by its author (published_lands_handbook
    submits and approves it). Handbooks of the same `name` share one procedure, as offices of one agency do."""
    procedure = Procedure.objects.filter(agency=author.agency, name=name).first() or ProcedureFactory(
        agency=author.agency,
        name=name,
        category="register",
        laws=[Law.objects.filter(title=title).first() or LawFactory(title=title) for title in laws],
    )
    return create_from_spec(
        LANDS,
        procedure,
        author.agency,
        author,
        ministry=author.agency.ministry(),
        criteria=criteria,
        note="ผู้ขอควรตรวจสอบราคาประเมินทุนทรัพย์ล่วงหน้าที่เว็บไซต์กรมธนารักษ์",
    )


def published_lands_handbook(author, approver, **kwargs) -> Handbook:
    handbook = lands_handbook(author, **kwargs)
    handbook.submit(author, change_note="ฉบับแรก")
    handbook.approve(approver, comment="เรียบร้อย")
    handbook.refresh_from_db()
    return handbook
