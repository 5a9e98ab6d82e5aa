"""Every page a citizen or an official uses, on the demo data set (`manage.py load_demo`), for the accessibility
tests: who opens it (None: a citizen, not signed in; else a demo username) and how to reach it.

`prepare()` adds what the demo lacks: a revision of the published Department of Lands handbook waiting for the
approver, so the review page shows its diff.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from handbooks.demo import LANDS
from handbooks.models import Handbook
from laws.models import Law
from portal.models import Agency
from procedures.models import Procedure

PASSWORD = "Demo-Portal-2569"  # the demo accounts' password (README)


@dataclass(frozen=True)
class Page:
    name: str
    user: str | None
    path: Callable[[], str]
    public: bool = False
    # Run in the page after it loads: e.g. submit a form to show its errors.
    then: Callable | None = None
    # A CSS selector to wait for when the page builds itself after loading (Swagger UI reads the schema).
    ready: str = ""
    # axe rules this page may fail, each with its reason in a comment where the page is listed (third-party widgets).
    skip_rules: tuple[str, ...] = field(default=())


def lands() -> Handbook:
    return Handbook.objects.get(procedure__name=LANDS["procedure"])


def revision() -> Handbook:
    """The Lands handbook's revision, waiting for the approver (prepare())."""
    return lands()


def prepare() -> None:
    """The Department of Lands' author revises the published handbook and submits it: a diff to review."""
    handbook = lands()
    author = handbook.author
    handbook.revise(author)
    handbook.refresh_from_db()
    handbook.criteria += "\nผู้ขอต้องนำโฉนดที่ดินฉบับจริงมาแสดงต่อเจ้าหน้าที่ทุกครั้ง"
    handbook.save()
    handbook.submit(author, change_note="เพิ่มหลักเกณฑ์เรื่องโฉนดที่ดิน")


def _show_errors(page) -> None:
    """Empty the criteria (a required field) and save: the form comes back with its errors."""
    page.locator("#id_criteria").fill("")
    page.locator("#id_agency_search").fill("")
    page.get_by_role("button", name="บันทึกข้อมูลคู่มือประชาชน").click()
    page.wait_for_load_state()


def _url(name: str, **kwargs) -> Callable[[], str]:
    return lambda: reverse(name, kwargs=kwargs or None)


def _published() -> Handbook:
    return Handbook.objects.filter(status="published").exclude(pk=lands().pk).order_by("pk").first()


def _own_handbook() -> Handbook:
    return Handbook.objects.filter(author__username="author").order_by("pk").first()


def _own_procedure() -> Procedure:
    return Procedure.objects.filter(agency__officials__username="author").order_by("pk").first()


PAGES = [
    Page("หน้าแรก", None, _url("public:home"), public=True),
    Page("ผลการค้นหา", None, lambda: reverse("public:home") + "?q=ที่ดิน", public=True),
    Page("คู่มือ (กรมที่ดิน 22 เอกสาร)", None, lambda: reverse("public:handbook", kwargs={"pk": lands().pk}), public=True),
    Page("คู่มือ", None, lambda: reverse("public:handbook", kwargs={"pk": _published().pk}), public=True),
    Page("ค้นหาตามหน่วยงาน", None, _url("public:agencies"), public=True),
    Page(
        "คู่มือของหน่วยงาน",
        None,
        lambda: reverse("public:agency", kwargs={"pk": Agency.objects.get(name="กรมที่ดิน").pk}),
        public=True,
    ),
    Page("ข้อมูลเปิด", None, _url("opendata:downloads"), public=True),
    # Swagger UI (drf-spectacular-sidecar) puts a "copy path" button inside each operation's expanding button.
    Page("เอกสาร API", None, _url("api:docs"), public=True, ready=".opblock", skip_rules=("nested-interactive",)),
    Page("เข้าสู่ระบบ", None, _url("login")),
    Page("หน้าหลักเจ้าหน้าที่", "author", _url("portal:dashboard")),
    Page("รายการกระบวนงาน", "author", _url("procedures:list")),
    Page("สร้างกระบวนงาน", "author", _url("procedures:create")),
    Page("กระบวนงาน", "author", lambda: reverse("procedures:detail", kwargs={"pk": _own_procedure().pk})),
    Page("แก้ไขกระบวนงาน", "author", lambda: reverse("procedures:update", kwargs={"pk": _own_procedure().pk})),
    Page("รายการคู่มือ", "author", _url("handbooks:list")),
    Page("คู่มือ (เจ้าหน้าที่)", "author", lambda: reverse("handbooks:detail", kwargs={"pk": _own_handbook().pk})),
    Page("สร้างคู่มือ", "author", lambda: reverse("handbooks:create", kwargs={"procedure_pk": _own_procedure().pk})),
    Page(
        "สร้างคู่มือ (แสดงข้อผิดพลาด)",
        "author",
        lambda: reverse("handbooks:create", kwargs={"procedure_pk": _own_procedure().pk}),
        then=_show_errors,
    ),
    Page("ทะเบียนกฎหมาย", "author", _url("laws:list")),
    Page("กฎหมาย", "author", lambda: reverse("laws:detail", kwargs={"pk": Law.objects.order_by("pk").first().pk})),
    Page("กฎหมายที่ถึงรอบทบทวน", "author", _url("laws:review")),
    Page("รายการรออนุมัติ", "approver_moi", _url("approvals:queue")),
    Page("ตรวจคู่มือ (เทียบฉบับเผยแพร่)", "approver_moi", lambda: reverse("approvals:review", kwargs={"pk": revision().pk})),
    Page("ประวัติฉบับที่เผยแพร่", "approver_moi", lambda: reverse("approvals:versions", kwargs={"pk": lands().pk})),
    Page("รายงาน", "approver_moi", _url("reports:index")),
    Page("รายการรออนุมัติขั้นที่ 2", "central", _url("approvals:central_queue")),
]
