"""Bad input on every form and filter: escaped payloads, 100,000 characters, NUL bytes, emoji and Thai combining
marks, negative and huge numbers, Buddhist-Era years, malformed dates, forged hidden fields. Each gives a Thai
validation message or a 4xx — never a 500 — and never writes outside the official's scope (asserted in the DB)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from handbooks.models import Document, Fee, Handbook, ServiceChannel
from handbooks.workflow import Status
from laws.models import Law
from portal.models import Agency, AuditEntry
from procedures.models import Procedure
from tests.approvals.helpers import make_handbook, pending, published
from tests.factories import LawFactory, ProcedureFactory
from tests.handbooks.helpers import add_row, form_data
from tests.procedures.helpers import form_data as procedure_data

SCRIPT = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
LONG = "ก" * 100_000
NUL = "ชื่อ\x00ทดสอบ"
EMOJI = "การขออนุญาต 🏛️👩‍💼 ที่มีอีโมจิ"
COMBINING = "กำ่้๊๋ ็ ิ ี ึ ื ุ ู ั ั้ ่่่่ ๆ ฯ"  # stacked and orphan Thai marks
HUGE = str(2**64)
PAYLOADS = {"script": SCRIPT, "long": LONG, "nul": NUL, "emoji": EMOJI, "combining": COMBINING, "huge": HUGE}
NUMBERS = ["-1", "-2147483649", str(2**31), str(2**63), HUGE, "1e400", "NaN", "Infinity", "๑๒๓", "1.5", "0x10", ""]
DATES = ["31/02/2569", "99/99/9999", "2569-13-45", "0/0/0", "25/11/2569", "25/11/0001", "2026-11-25", "๒๕/๑๑/๒๕๖๙"]


def _fits(value, internal_type: str = "PositiveIntegerField") -> bool:
    """Within the column's range on this database (SQLite stores 64-bit integers, PostgreSQL 32/16-bit)."""
    low, high = connection.ops.integer_field_range(internal_type)
    return value is None or (0 <= value and (high is None or value <= high))


def _ok(response) -> str:
    assert response.status_code < 500, response.status_code
    assert response.status_code in (200, 302, 400, 404, 409), response.status_code
    html = response.content.decode(errors="replace")
    assert "<script>alert" not in html and "<img src=x onerror" not in html  # reflected payloads are escaped
    return html


# ----- search and filter parameters (GET) -----

FILTERS = {
    "laws:list": ["q", "kind", "page"],
    "laws:search": ["q"],
    "procedures:list": ["q", "agency", "scope", "linkage", "category", "area", "law", "law_title", "page"],
    "procedures:agency_search": ["q", "agency_search", "agency_name"],
    "handbooks:list": ["q", "status", "page"],
    "approvals:queue": ["q", "agency", "linkage", "scope", "category", "submitter", "submitted_from", "submitted_to"],
    "approvals:queue_csv": ["q", "agency", "submitted_from", "submitted_to"],
    "public:home": ["q", "agency", "category", "area", "page"],
    "public:agencies": ["q"],
    "reports:index": ["ministry"],
    "reports:pending": ["ministry", "stage", "page"],
    "reports:returns": ["ministry", "date_from", "date_to"],
    "reports:stale": ["ministry", "years", "page"],
    "reports:laws": ["ministry", "page"],
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(FILTERS))
def test_filters_never_fail_on_bad_parameters(login, central, author, approver, name):
    published(author, approver, criteria=SCRIPT)
    client = login(None if name.startswith("public:") else central)
    for payload in [*PAYLOADS.values(), *NUMBERS, *DATES]:
        for param in FILTERS[name]:
            response = client.get(reverse(name), {param: payload})
            if name == "approvals:queue_csv":
                assert response.status_code == 200
                b"".join(response.streaming_content)
                continue
            _ok(response)


@pytest.mark.django_db
@pytest.mark.parametrize("date", DATES)
def test_queue_date_filter_gives_a_thai_message_for_malformed_dates(login, central, date):
    response = login(central).get(reverse("approvals:queue"), {"submitted_from": date})
    html = _ok(response)
    if date in ("31/02/2569", "99/99/9999", "2569-13-45", "0/0/0"):
        assert "กรุณากรอกวันที่ในรูปแบบ วว/ดด/ปปปป" in html


@pytest.mark.django_db
@pytest.mark.parametrize("pk", ["0", "9" * 30])
def test_public_pages_with_out_of_range_ids_are_404(client, pk):
    for path in (f"/handbook/{pk}/", f"/handbook/{pk}/v/{pk}/", f"/agencies/{pk}/"):
        assert client.get(path).status_code == 404


# ----- sign-in -----


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_sign_in_with_bad_input_gives_a_thai_message(client, author, payload):
    response = client.post(reverse("login"), {"username": payload, "password": payload})
    html = _ok(response)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert any(m in html for m in ("ชื่อผู้ใช้งานหรือรหัสผ่านไม่ถูกต้อง", "ยาวได้ไม่เกิน", "อักขระที่ใช้ไม่ได้"))


# ----- the procedure form -----


@pytest.fixture
def law(db):
    return LawFactory(title="พระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. 2499")


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["name", "agency_search", "legal_time_law", "legal_time", "stat_avg", "stat_max"])
@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_procedure_form_bad_text_never_fails(login, author, agency_a, law, field, payload):
    value = payload + " [N]" if field == "name" else payload
    data = procedure_data(agency_a, [law], **{field: value})
    response = login(author).post(reverse("procedures:create"), data)
    html = _ok(response)
    if response.status_code == 302:
        procedure = Procedure.objects.get()
        assert procedure.agency == agency_a
        page = login(author).get(reverse("procedures:detail", kwargs={"pk": procedure.pk})).content.decode()
        assert "<script>alert" not in page
    else:
        assert "is-invalid" in html or "alert-danger" in html  # a message next to the field
        assert not Procedure.objects.exists()


@pytest.mark.django_db
def test_procedure_name_with_script_is_stored_as_text_and_shown_escaped(login, author, agency_a, law):
    response = login(author).post(reverse("procedures:create"), procedure_data(agency_a, [law], name=SCRIPT + " [N]"))
    assert response.status_code == 302
    procedure = Procedure.objects.get()
    assert procedure.name == SCRIPT + " [N]"
    for url in (reverse("procedures:detail", kwargs={"pk": procedure.pk}), reverse("procedures:list")):
        html = login(author).get(url).content.decode()
        assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in html
        assert "<script>alert" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("value", NUMBERS)
@pytest.mark.parametrize("field", ["legal_time", "stat_avg", "stat_max", "stat_min"])
def test_procedure_numbers_out_of_range_give_a_thai_message(login, author, agency_a, law, field, value):
    data = procedure_data(agency_a, [law], legal_time_law="กฎกระทรวง พ.ศ. 2560", **{field: value})
    if field != "legal_time":
        data.update(stat_min="0", stat_avg=data["stat_avg"], stat_max=value if field == "stat_max" else HUGE)
    response = login(author).post(reverse("procedures:create"), data)
    _ok(response)
    for procedure in Procedure.objects.all():  # whatever was accepted fits the columns
        assert _fits(procedure.legal_time_value) and _fits(procedure.stat_avg) and _fits(procedure.stat_max)


@pytest.mark.django_db
@pytest.mark.parametrize("forged", ["agency_b", "child", "999999", HUGE, "-1", "abc", "1 OR 1=1"])
def test_P1_forged_owner_agency_id_is_refused(login, author, agency_b, agency_a_child, law, forged):
    value = {"agency_b": agency_b.pk, "child": agency_a_child.pk}.get(forged, forged)
    response = login(author).post(reverse("procedures:create"), procedure_data(None, [law], agency=str(value)))
    html = _ok(response)
    assert response.status_code == 200
    assert any(m in html for m in ("ท่านไม่มีสิทธิ์สร้างกระบวนงานให้หน่วยงานนี้", "ระดับ “กระทรวง” หรือ “กรม”", "กรุณาเลือก"))
    assert not Procedure.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("laws", [[HUGE], ["-1"], ["abc"], ["1", "1", "1"]])
def test_P5_forged_law_ids_are_refused(login, author, agency_a, laws):
    data = procedure_data(agency_a, [], laws=laws)
    response = login(author).post(reverse("procedures:create"), data)
    _ok(response)
    assert response.status_code == 200
    assert not Procedure.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("version", ["0", "-1", HUGE, "abc", ""])
def test_procedure_stale_or_forged_lock_version_is_refused(login, author, agency_a, law, version):
    procedure = ProcedureFactory(agency=agency_a, laws=[law])
    data = procedure_data(agency_a, [law], name="ชื่อใหม่ [N]", lock_version=version)
    response = login(author).post(reverse("procedures:update", kwargs={"pk": procedure.pk}), data)
    html = _ok(response)
    assert response.status_code == 200
    assert "มีผู้อื่นแก้ไขกระบวนงานนี้" in html or "กรุณากรอก" in html or "จำนวนเต็ม" in html
    procedure.refresh_from_db()
    assert procedure.name != "ชื่อใหม่ [N]" and procedure.lock_version == 1


@pytest.mark.django_db
def test_procedure_of_another_agency_cannot_be_moved_into_it_by_a_forged_owner(login, outsider, agency_a, law):
    """An author of B edits B's procedure and forges A's id as the owner: refused, nothing moves to A."""
    procedure = ProcedureFactory(agency=outsider.agency, laws=[law])
    data = procedure_data(agency_a, [law], lock_version="1")
    response = login(outsider).post(reverse("procedures:update", kwargs={"pk": procedure.pk}), data)
    assert response.status_code == 200
    assert "ท่านไม่มีสิทธิ์สร้างกระบวนงานให้หน่วยงานนี้" in response.content.decode()
    procedure.refresh_from_db()
    assert procedure.agency == outsider.agency


# ----- the law form -----


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
@pytest.mark.parametrize("url_name", ["laws:create", "laws:create_inline"])
def test_law_form_bad_title_never_fails(login, author, payload, url_name):
    prefix = "law-" if url_name == "laws:create_inline" else ""
    data = {f"{prefix}title": payload, f"{prefix}kind": "act", f"{prefix}year_be": "2560"}
    response = login(author).post(reverse(url_name), data)
    _ok(response)
    for law in Law.objects.all():
        assert "\x00" not in law.title and len(law.title) <= 500


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("year", "accepted"),
    [("2499", 2499), ("๒๔๙๙", 2499), ("1956", None), ("-1", None), (HUGE, None), ("25.5", None), ("99999", None)],
)
def test_law_year_is_a_buddhist_era_year_or_a_thai_message(login, author, year, accepted):
    data = {"title": "พระราชบัญญัติทะเบียนพาณิชย์", "kind": "act", "year_be": year}
    response = login(author).post(reverse("laws:create"), data)
    html = _ok(response)
    if accepted:
        assert response.status_code == 302 and Law.objects.get().year_be == accepted
    else:
        assert response.status_code == 200 and not Law.objects.exists()
        assert "ปี พ.ศ." in html or "พุทธศักราช" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "http://" + "a" * 600]
)
def test_law_link_must_be_a_web_address(login, author, url):
    data = {"title": "พระราชบัญญัติทดสอบ พ.ศ. 2560", "kind": "act", "url": url}
    response = login(author).post(reverse("laws:create"), data)
    html = _ok(response)
    assert response.status_code == 200 and not Law.objects.exists()
    assert "ลิงก์ไม่ถูกต้อง" in html or "ไม่เกิน" in html


@pytest.mark.django_db
def test_law_refresh_note_bad_input_never_fails(login, author):
    law = LawFactory()
    for note in PAYLOADS.values():
        response = login(author).post(reverse("laws:refresh", kwargs={"pk": law.pk}), {"note": note})
        assert response.status_code == 302
    assert all("\x00" not in r.note and len(r.note) <= 500 for r in law.refreshes.all())


# ----- the handbook form with its formsets -----


def _post_handbook(login, user, handbook, data):
    return login(user).post(reverse("handbooks:update", kwargs={"pk": handbook.pk}), data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field", ["criteria", "note", "channels-0-place", "channels-0-note", "steps-0-detail", "documents-0-name"]
)
@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_handbook_text_fields_never_fail(login, author, field, payload):
    handbook = make_handbook(author)
    data = form_data(handbook, author)
    data[field] = payload
    response = _post_handbook(login, author, handbook, data)
    html = _ok(response)
    handbook.refresh_from_db()
    if response.status_code == 302:
        assert handbook.lock_version == 2
        page = login(author).get(reverse("handbooks:print", kwargs={"pk": handbook.pk})).content.decode()
        assert "<script>alert" not in page
    else:
        assert response.status_code == 200 and "ยังบันทึกไม่ได้" in html
        assert handbook.lock_version == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field",
    [
        "total_time_value",
        "steps-0-duration_value",
        "documents-0-originals",
        "documents-0-copies",
        "fees-0-amount",
        "channels-0-day_from",
        "channels-0-position",
        "steps-0-position",
        "fees-0-position",
        "steps-0-responsible_ministry",
        "channels-TOTAL_FORMS",
        "channels-INITIAL_FORMS",
    ],
)
def test_handbook_numbers_out_of_range_give_a_thai_message_or_4xx(login, author, field):
    handbook = make_handbook(author)
    for value in NUMBERS:
        data = form_data(handbook, author)
        data[field] = value
        response = _post_handbook(login, author, handbook, data)
        _ok(response)
    for handbook in Handbook.objects.all():
        assert _fits(handbook.total_time_value)
    for row in Document.objects.all():
        assert all(_fits(getattr(row, f), "PositiveSmallIntegerField") for f in ("originals", "copies", "position"))
    for row in Fee.objects.all():
        assert 0 <= row.amount < 10**12


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["25:99", "8.30", "๐๘:๓๐", "-1:00", "99999", "\x00"])
def test_handbook_malformed_times_give_a_thai_message(login, author, value):
    handbook = make_handbook(author)
    data = form_data(handbook, author)
    data["channels-0-open_time"] = value
    response = _post_handbook(login, author, handbook, data)
    html = _ok(response)
    if response.status_code == 200:
        assert "ยังบันทึกไม่ได้" in html


@pytest.mark.django_db
def test_H9_forged_handbook_agency_of_another_department_is_refused(login, author, agency_b):
    handbook = make_handbook(author)
    data = form_data(handbook, author)
    data["agency"] = str(agency_b.pk)
    response = _post_handbook(login, author, handbook, data)
    assert response.status_code == 200
    handbook.refresh_from_db()
    assert handbook.agency == author.agency and handbook.lock_version == 1


@pytest.mark.django_db
def test_H9_forged_agency_on_a_new_handbook_is_refused(login, author, agency_b):
    procedure = ProcedureFactory(agency=author.agency)
    new = Handbook(procedure=procedure, agency=author.agency)
    data = form_data(new, author)
    data["agency"] = str(agency_b.pk)
    response = login(author).post(reverse("handbooks:create", kwargs={"procedure_pk": procedure.pk}), data)
    assert response.status_code == 200
    assert not Handbook.objects.filter(agency=agency_b).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("version", ["0", "-1", HUGE, "abc", ""])
def test_handbook_stale_or_forged_lock_version_is_refused_and_keeps_the_input(login, author, version):
    handbook = make_handbook(author)
    data = form_data(handbook, author)
    data["lock_version"] = version
    data["criteria"] = "ข้อความที่ผู้จัดทำพิมพ์ไว้"
    response = _post_handbook(login, author, handbook, data)
    html = _ok(response)
    assert response.status_code in (200, 409)
    assert "ข้อความที่ผู้จัดทำพิมพ์ไว้" in html
    handbook.refresh_from_db()
    assert handbook.lock_version == 1 and handbook.criteria != "ข้อความที่ผู้จัดทำพิมพ์ไว้"


@pytest.mark.django_db
def test_formset_row_id_of_another_handbook_is_refused_and_that_row_is_untouched(login, author, outsider):
    mine = make_handbook(author)
    theirs = make_handbook(outsider)
    foreign = theirs.documents.get()
    data = form_data(mine, author)
    data["documents-0-id"] = str(foreign.pk)
    data["documents-0-name"] = "เอกสารที่ถูกแก้ข้ามหน่วยงาน"
    response = _post_handbook(login, author, mine, data)
    assert response.status_code == 200
    assert "ข้อมูลแถวนี้ไม่ใช่ของคู่มือนี้" in response.content.decode()
    foreign.refresh_from_db()
    assert foreign.handbook == theirs and foreign.name != "เอกสารที่ถูกแก้ข้ามหน่วยงาน"
    # and deleting it through a forged row is refused too
    data["documents-0-DELETE"] = "on"
    assert _post_handbook(login, author, mine, data).status_code == 200
    assert Document.objects.filter(pk=foreign.pk).exists()


@pytest.mark.django_db
def test_new_row_with_a_forged_handbook_foreign_key_lands_on_this_handbook_only(login, author, outsider):
    """The parent key of a row comes from the URL's handbook, never from the posted hidden field."""
    mine = make_handbook(author)
    theirs = make_handbook(outsider)
    data = form_data(mine, author)
    index = add_row(data, "complaints", channel="ช่องทางใหม่", position=3)
    data[f"complaints-{index}-handbook"] = str(theirs.pk)
    response = _post_handbook(login, author, mine, data)
    assert response.status_code in (200, 302)
    assert not theirs.complaints.filter(channel="ช่องทางใหม่").exists()
    theirs.refresh_from_db()
    assert theirs.lock_version == 1


@pytest.mark.django_db
def test_a_pending_handbook_cannot_be_saved_even_with_the_right_version(login, author):
    handbook = pending(author)
    data = form_data(handbook, author)
    data["criteria"] = "แก้ระหว่างรออนุมัติ"
    response = _post_handbook(login, author, handbook, data)
    assert response.status_code == 409
    handbook.refresh_from_db()
    assert handbook.status == Status.PENDING and handbook.criteria != "แก้ระหว่างรออนุมัติ"


@pytest.mark.django_db
def test_H1_channel_kind_outside_the_choices_is_refused(login, author):
    handbook = make_handbook(author)
    data = form_data(handbook, author)
    data["channels-0-kind"] = SCRIPT
    response = _post_handbook(login, author, handbook, data)
    assert response.status_code == 200
    assert set(ServiceChannel.objects.values_list("kind", flat=True)) == {"in_person"}


# ----- approve / return / unpublish reasons and the submit note -----


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_return_reason_bad_input_never_fails_and_is_shown_escaped(login, author, approver, payload):
    handbook = pending(author)
    response = login(approver).post(reverse("approvals:return", kwargs={"pk": handbook.pk}), {"reason": payload})
    _ok(response)
    handbook.refresh_from_db()
    if response.status_code == 302:
        assert handbook.status == Status.RETURNED and "\x00" not in handbook.decision_note
        page = login(author).get(reverse("handbooks:detail", kwargs={"pk": handbook.pk})).content.decode()
        assert "<script>alert" not in page
    else:
        assert response.status_code == 200 and handbook.status == Status.PENDING


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_approve_comment_and_submit_note_bad_input_never_fail(login, author, approver, payload):
    handbook = make_handbook(author)
    response = login(author).post(reverse("approvals:submit", kwargs={"pk": handbook.pk}), {"change_note": payload})
    _ok(response)
    handbook.refresh_from_db()
    if handbook.status == Status.PENDING:
        response = login(approver).post(reverse("approvals:approve", kwargs={"pk": handbook.pk}), {"comment": payload})
        _ok(response)
        handbook.refresh_from_db()
        if handbook.live_version_id:
            public = login(None).get(reverse("public:handbook", kwargs={"pk": handbook.pk}))
            _ok(public)


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_unpublish_reason_bad_input_never_fails(login, author, approver, payload):
    handbook = published(author, approver)
    response = login(approver).post(reverse("approvals:unpublish", kwargs={"pk": handbook.pk}), {"reason": payload})
    _ok(response)


@pytest.mark.django_db
def test_ids_in_transition_urls_out_of_range_are_404(login, approver):
    for name in ("approvals:approve", "approvals:return", "approvals:unpublish"):
        assert login(approver).post(f"/approvals/{'9' * 30}/{name.split(':')[1]}/").status_code == 404


def _tree_shape() -> list[tuple]:
    return list(Agency.objects.order_by("pk").values_list("pk", "code", "parent_id", "tree_id", "lft", "rght", "level"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cut", "pasted_on", "position"),
    [
        ("9" * 30, "14000000", "last-child"),  # ids beyond any integer column
        ("14004001", "9" * 30, "last-child"),
        ("-1", "14000000", "last-child"),
        ("abc", "14000000", "last-child"),
        ("", "", "last-child"),
        (NUL, "14000000", "last-child"),
        ("14004001", "14003000", SCRIPT),  # a position mptt does not know
        ("14004001", "14003000", ""),
        ("14004000", "14004001", "last-child"),  # a department into its own division
        ("14004000", "14004000", "left"),  # next to itself
        ("14003000", "14004001", "left"),  # a department beside a division: its parent would be a department
        ("14003000", "14004001", "right"),
        ("14000000", "14004000", "right"),  # a ministry beside a department: under a ministry
    ],
)
def test_forged_drag_and_drop_moves_leave_the_agency_tree_untouched(login, admin_user, tree, cut, pasted_on, position):
    """The admin's tree posts two agency ids and a position: whatever is forged there, the tree stays as it was
    (every parent, code and mptt column), no move is audited, and the answer is a refusal, never a 500."""
    shape = _tree_shape()
    ids = {code: str(agency.pk) for code, agency in tree.items()}
    client = login(admin_user)
    response = client.post(
        reverse("admin:portal_agency_changelist"),
        {
            "cmd": "move_node",
            "cut_item": ids.get(cut, cut),
            "pasted_on": ids.get(pasted_on, pasted_on),
            "position": position,
        },
    )
    assert response.status_code == 200 and response.content.startswith(b"FAIL"), response.content[:200]
    assert _tree_shape() == shape
    assert not AuditEntry.objects.filter(action="portal.agency.moved").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/handbook/{n}/v/1/form/0/",
        "/handbook/{pk}/v/{n}/form/0/",
        "/handbook/{pk}/v/1/form/{n}/",
        "/approvals/{n}/versions/1/form/0/",
        "/approvals/{pk}/versions/{n}/form/0/",
        "/approvals/{pk}/versions/1/form/{n}/",
        "/handbooks/forms/{n}/file/",
    ],
)
def test_form_file_urls_with_numbers_out_of_range_are_404(login, author, approver, path):
    """Version numbers and form indexes come from the address: a forged 30-digit one is a 404, never a 500."""
    handbook = published(author, approver)
    for digits in (19, 30):  # 19 digits is already beyond a bigint
        url = path.format(n="9" * digits, pk=handbook.pk)
        assert login().get(url).status_code == 404
        assert login(author).get(url).status_code == 404
