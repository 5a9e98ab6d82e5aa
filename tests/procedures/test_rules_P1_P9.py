"""One test (at least) per manual rule P1–P9 on the procedure form, plus the form keeping typed input."""

import re

import pytest
from django.urls import reverse

from procedures.models import Procedure, ProcedureLaw, ServiceArea
from tests.factories import LawFactory, ProcedureFactory
from tests.procedures.helpers import form_data

pytestmark = pytest.mark.django_db
CREATE = reverse("procedures:create")


@pytest.fixture
def law(db):
    return LawFactory(title="พระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. 2499", year_be=2499)


@pytest.fixture
def client_a(login, author):
    return login(author)


def errors(response) -> str:
    form = response.context["form"]
    return " ".join(str(e) for field_errors in form.errors.values() for e in field_errors)


def test_valid_procedure_is_created_with_audit_row(client_a, author, agency_a, law):
    from portal.models import AuditEntry

    response = client_a.post(CREATE, form_data(agency_a, [law]))
    procedure = Procedure.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("procedures:detail", args=[procedure.pk])
    assert procedure.agency == agency_a and procedure.created_by == author and procedure.legal_time_value == 0
    assert list(procedure.laws.all()) == [law]
    entry = AuditEntry.objects.for_object(procedure).get()
    assert entry.action == "procedures.procedure.created" and entry.actor == author


def test_P1_owner_below_department_level_is_refused(client_a, agency_a_child, law):
    response = client_a.post(CREATE, form_data(agency_a_child, [law]))
    assert response.status_code == 200
    assert "ระดับ “กระทรวง” หรือ “กรม” เท่านั้น" in errors(response)
    assert not Procedure.objects.exists()


def test_P1_owner_outside_the_officials_scope_is_refused(client_a, agency_b, law):
    response = client_a.post(CREATE, form_data(agency_b, [law]))
    assert response.status_code == 200
    assert "ไม่มีสิทธิ์สร้างกระบวนงานให้หน่วยงานนี้" in errors(response)
    assert not Procedure.objects.exists()


def test_P1_missing_or_unknown_owner_is_refused(client_a, agency_a, law):
    response = client_a.post(CREATE, form_data(agency_a, [law], agency="999999", agency_search="กรมที่ไม่มีจริง"))
    assert "กรุณาเลือกหน่วยงานเจ้าของกระบวนงาน" in errors(response)
    response = client_a.post(CREATE, form_data(agency_a, [law], agency="abc"))
    # The typed name still matches exactly one department in scope, so the form recovers it.
    assert response.status_code == 302


def test_P1_agency_search_offers_only_ministries_and_departments_in_scope(login, author, central, tree):
    response = login(author).get(reverse("procedures:agency_search"), {"q": "กรม"})
    names = [a.name for a in response.context["agencies"]]
    assert names == ["กรมพัฒนาธุรกิจการค้า"]  # not its division, not the sibling department
    response = login(central).get(reverse("procedures:agency_search"), {"q": "กอง"})
    assert response.context["agencies"] == []  # a division never owns a procedure
    assert "ไม่พบหน่วยงาน" in response.content.decode()


def test_P2_the_list_has_the_button_sang_leading_to_the_create_form(client_a):
    response = client_a.get(reverse("procedures:list"))
    html = response.content.decode()
    assert f'<a class="btn btn-primary" href="{CREATE}">สร้าง</a>' in html
    assert client_a.get(CREATE).status_code == 200


def test_P2_the_button_sang_is_not_shown_to_an_approver(login, approver):
    html = login(approver).get(reverse("procedures:list")).content.decode()
    assert f'href="{CREATE}">สร้าง</a>' not in html


def test_P3_name_without_N_suffix_is_refused(client_a, agency_a, law):
    response = client_a.post(CREATE, form_data(agency_a, [law], name="การขออนุญาตจำหน่ายสินค้าควบคุม"))
    assert response.status_code == 200
    assert "ชื่อกระบวนงานต้องลงท้ายด้วย [N]" in errors(response)
    assert not Procedure.objects.exists()


def test_P3_trailing_spaces_are_trimmed_and_name_alone_N_is_refused(client_a, agency_a, law):
    response = client_a.post(CREATE, form_data(agency_a, [law], name="  การขออนุญาต   ทดสอบ [N]   "))
    assert response.status_code == 302
    assert Procedure.objects.get().name == "การขออนุญาต ทดสอบ [N]"
    response = client_a.post(CREATE, form_data(agency_a, [law], name=" [N] "))
    assert "กรุณากรอกชื่อกระบวนงานก่อน [N]" in errors(response)


def test_P3_same_name_in_the_same_agency_is_refused(client_a, agency_a, law):
    ProcedureFactory(agency=agency_a, name="การขออนุญาตจำหน่ายสินค้าควบคุม [N]")
    response = client_a.post(CREATE, form_data(agency_a, [law]))
    assert response.status_code == 200
    assert "หน่วยงานนี้มีกระบวนงานชื่อนี้อยู่แล้ว" in errors(response)
    assert Procedure.objects.count() == 1


def test_P4_the_form_shows_the_manuals_heading_and_its_two_parts_in_the_slides_words(client_a):
    """The slide's diagram: "ประเภทของงานบริการ" over "ส่วนกลาง", "ส่วนภูมิภาค" and "เบ็ดเสร็จในหน่วยเดียว",
    "เชื่อมโยงหลายหน่วยงาน", "ต่อเนื่องจากหน่วยงานอื่น"."""
    html = client_a.get(CREATE).content.decode()
    assert re.search(r"<legend[^>]*>ประเภทของงานบริการ<span", html)
    fieldset = html[html.index('id="div_id_scope"') : html.index("</fieldset>", html.index('id="div_id_scope"'))]
    labels = re.findall(r'<label class="form-check-label" for="id_(?:scope|linkage)_\d">([^<]+)</label>', fieldset)
    assert labels == ["ส่วนกลาง", "ส่วนภูมิภาค", "เบ็ดเสร็จในหน่วยเดียว", "เชื่อมโยงหลายหน่วยงาน", "ต่อเนื่องจากหน่วยงานอื่น"]
    assert "ขอบเขตการให้บริการ" not in html and "ลักษณะการเชื่อมโยง" not in html


def test_P4_type_needs_both_parts_and_is_printed_as_the_real_thai_strings(client_a, agency_a, law):
    response = client_a.post(CREATE, form_data(agency_a, [law], scope=None, linkage="bogus"))
    assert response.status_code == 200
    assert "ประเภทของงานบริการให้ครบ" in errors(response)
    response = client_a.post(CREATE, form_data(agency_a, [law], scope="regional_local", linkage="single"))
    procedure = Procedure.objects.get()
    detail = client_a.get(response["Location"]).content.decode()
    expected = "กระบวนงานบริการที่ให้บริการในส่วนภูมิภาคและส่วนท้องถิ่น (กระบวนงานบริการที่เบ็ดเสร็จในหน่วยเดียว)"
    assert procedure.type_display == expected and expected in detail


def test_P5_procedure_without_a_law_is_refused(client_a, agency_a):
    response = client_a.post(CREATE, form_data(agency_a, []))
    assert response.status_code == 200
    assert "กรุณาเลือกกฎหมายที่ให้อำนาจการอนุญาต" in " ".join(response.context["form"].non_field_errors())
    assert not Procedure.objects.exists()


def test_P5_laws_are_kept_in_the_order_chosen(client_a, agency_a):
    first, second, third = LawFactory(), LawFactory(), LawFactory()
    response = client_a.post(CREATE, form_data(agency_a, [third, first, second, first]))
    assert response.status_code == 302
    procedure = Procedure.objects.get()
    links = list(ProcedureLaw.objects.filter(procedure=procedure))
    assert [link.law for link in links] == [third, first, second]
    assert [link.position for link in links] == [0, 1, 2]


def test_P5_unknown_law_id_is_refused(client_a, agency_a, law):
    response = client_a.post(CREATE, form_data(agency_a, [law], laws=[str(law.pk), "99999"]))
    assert response.status_code == 200
    assert "ไม่มีในระบบแล้ว" in " ".join(response.context["form"].non_field_errors())


def test_P6_search_that_finds_nothing_offers_to_create_the_law(client_a):
    LawFactory(title="พระราชบัญญัติโรงงาน พ.ศ. 2535")
    response = client_a.get(reverse("laws:search"), {"q": "พระราชบัญญัติการสาธารณสุข"})
    html = response.content.decode()
    assert "ไม่พบกฎหมายจากการค้นหาในระบบ กรุณาสร้างกฎหมายที่เกี่ยวข้อง" in html
    assert reverse("laws:create_inline") in html and 'value="พระราชบัญญัติการสาธารณสุข"' in html
    found = client_a.get(reverse("laws:search"), {"q": "โรงงาน"}).content.decode()
    assert "พระราชบัญญัติโรงงาน พ.ศ. 2535" in found and "ไม่พบกฎหมาย" not in found


def test_P6_law_created_inside_the_procedure_form_joins_the_procedure(client_a, author, agency_a):
    """The whole flow: search finds nothing → inline create (htmx) → the new law is a list item → save."""
    from laws.models import Law
    from portal.models import AuditEntry

    client_a.get(reverse("laws:search"), {"q": "พระราชบัญญัติควบคุมอาคาร"})
    data = form_data(agency_a, [])  # the procedure form travels with the htmx POST; it must be ignored
    data.update({"law-title": "พระราชบัญญัติควบคุมอาคาร  พ.ศ.2522", "law-kind": "act", "law-year_be": "", "law-url": ""})
    response = client_a.post(reverse("laws:create_inline"), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    law = Law.objects.get()
    assert law.title == "พระราชบัญญัติควบคุมอาคาร พ.ศ.2522" and law.year_be == 2522 and law.created_by == author
    html = response.content.decode()
    assert f'<input type="hidden" name="laws" value="{law.pk}">' in html
    assert 'id="law-search-results" hx-swap-oob="innerHTML"' in html
    assert AuditEntry.objects.filter(action="laws.law.created", object_id=str(law.pk)).count() == 1
    assert not Procedure.objects.exists()  # the procedure form was not submitted by that request
    response = client_a.post(CREATE, form_data(agency_a, [law]))
    assert response.status_code == 302
    assert list(Procedure.objects.get().laws.all()) == [law]


def test_P6_inline_create_error_comes_back_in_the_search_results_with_the_typed_input(client_a):
    existing = LawFactory(title="พระราชบัญญัติโรงงาน พ.ศ. 2535")
    data = {"law-title": "พระราชบัญญัติโรงงาน พศ.2535", "law-kind": "act", "law-url": "ไม่ใช่ลิงก์"}
    response = client_a.post(reverse("laws:create_inline"), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#law-search-results" and response["HX-Reswap"] == "innerHTML"
    html = response.content.decode()
    assert "มีกฎหมายนี้ในระบบแล้ว" in html and "ลิงก์ไม่ถูกต้อง" in html
    assert 'value="ไม่ใช่ลิงก์"' in html
    assert f'data-law-add="{existing.pk}"' in html  # offers the existing law instead


# The slide: "หากไม่พบกฎหมายจากการค้นหาในระบบ “กรุณาสร้างกฎหมายที่เกี่ยวข้อง”" — so the search must find the law
# however an official writes its name, and creating it again must be refused with the law that is there.
SEED_P6 = "หากไม่พบกฎหมายจากการค้นหาในระบบ “กรุณาสร้างกฎหมายที่เกี่ยวข้อง”"


@pytest.mark.parametrize(
    "typed",
    ["พ.ร.บ.ทะเบียนพาณิชย์", "พรบ. ทะเบียนพาณิชย์", "พ. ร. บ. ทะเบียนพาณิชย์ พ.ศ.๒๔๙๙", "พระราชบัญญัติทะเบียนพาณิชย์  พศ. 2499"],
)
def test_P6_search_finds_the_law_however_officials_write_its_name(client_a, law, typed):
    other = LawFactory(title="พระราชบัญญัติโรงงาน พ.ศ. 2535")
    html = client_a.get(reverse("laws:search"), {"q": typed}).content.decode()
    assert f'data-law-add="{law.pk}"' in html and f'data-law-add="{other.pk}"' not in html
    assert "ไม่พบกฎหมาย" not in html
    listed = client_a.get(reverse("laws:list"), {"q": typed}).context["object_list"]
    assert [found.pk for found in listed] == [law.pk]


@pytest.mark.parametrize(
    "existing, typed",
    [
        ("พระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. 2499", "พ.ร.บ.ทะเบียนพาณิชย์ พ.ศ.2499"),
        ("พ.ร.ก. การบริหารราชการในสถานการณ์ฉุกเฉิน พ.ศ. 2548", "พระราชกำหนดการบริหารราชการในสถานการณ์ฉุกเฉิน พ.ศ.๒๕๔๘"),
        (
            "พระราชกฤษฎีกาว่าด้วยหลักเกณฑ์และวิธีการบริหารกิจการบ้านเมืองที่ดี พ.ศ. 2546",
            "พ.ร.ฎ.ว่าด้วยหลักเกณฑ์และวิธีการบริหารกิจการบ้านเมืองที่ดี พ.ศ. 2546",
        ),
        ("กฎกระทรวงกำหนดแบบคำขออนุญาตประกอบกิจการโรงงาน พ.ศ. 2563", "กฎ ก. กำหนดแบบคำขออนุญาตประกอบกิจการโรงงาน พ.ศ.2563"),
    ],
)
def test_P6_creating_a_law_under_another_spelling_is_refused_with_a_link_to_the_existing_law(client_a, existing, typed):
    from laws.models import Law

    law = LawFactory(title=existing)
    link = f'href="{reverse("laws:detail", args=[law.pk])}"'
    response = client_a.post(reverse("laws:create"), {"title": typed, "kind": "act"})
    assert response.status_code == 200
    assert "มีกฎหมายนี้ในระบบแล้ว" in errors(response) and link in response.content.decode()
    # The same inside the procedure form: the link opens a new tab (the form keeps what was typed), and the existing
    # law is offered to add instead.
    data = {"law-title": typed, "law-kind": "act", "law-year_be": "", "law-url": ""}
    response = client_a.post(reverse("laws:create_inline"), data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert f'{link} target="_blank" rel="noopener">“{law.title}”</a>' in html
    assert f'data-law-add="{law.pk}"' in html and "ไม่พบกฎหมายจากการค้นหาในระบบ" not in html
    assert list(Law.objects.values_list("pk", flat=True)) == [law.pk]


def test_P6_the_commissions_rules_are_not_ministerial_regulations(client_a):
    """ "กฎ ก." is กฎกระทรวง, but "กฎ ก.พ." is a rule of the Civil Service Commission: both may be in the registry."""
    LawFactory(title="กฎกระทรวง พ.ว่าด้วยการสอบสวน พ.ศ. 2556")
    response = client_a.post(reverse("laws:create"), {"title": "กฎ ก.พ. ว่าด้วยการสอบสวน พ.ศ. 2556", "kind": "other"})
    assert response.status_code == 302


def test_P7_refresh_button_is_on_the_law_page(client_a):
    law = LawFactory()
    html = client_a.get(reverse("laws:detail", args=[law.pk])).content.decode()
    assert "ปรับปรุงข้อมูล</button>" in html and reverse("laws:refresh", args=[law.pk]) in html


def test_P7_refresh_beside_each_linked_law_on_the_procedure_page_comes_back_to_it(client_a, author, agency_a, law):
    """The slide, among the procedure's screens: "กดปรับปรุงข้อมูล เพื่อแสดงถึงการ update ข้อมูลกฎหมาย"."""
    from laws.models import LawRefresh

    second = LawFactory(title="พระราชบัญญัติโรงงาน พ.ศ. 2535")
    procedure = ProcedureFactory(agency=agency_a, laws=[law, second])
    page = reverse("procedures:detail", args=[procedure.pk])
    html = client_a.get(page).content.decode()
    for cited in (law, second):
        assert f'action="{reverse("laws:refresh", args=[cited.pk])}"' in html
    assert html.count(f'name="next" value="{page}"') == 2
    response = client_a.post(reverse("laws:refresh", args=[second.pk]), {"next": page})
    assert response.status_code == 302 and response["Location"] == page
    second.refresh_from_db()
    assert second.refreshed_by == author and LawRefresh.objects.filter(law=second).count() == 1
    assert "บันทึกการปรับปรุงข้อมูลแล้ว" not in client_a.get(page).content.decode()  # the status is the date
    assert "ปรับปรุงข้อมูลล่าสุด" in client_a.get(page).content.decode()


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "http://testserver/procedures/",
        "javascript:alert(1)",
    ],
)
def test_P7_refresh_never_redirects_off_the_site(client_a, law, target):
    response = client_a.post(reverse("laws:refresh", args=[law.pk]), {"next": target})
    assert response.status_code == 302 and response["Location"] == reverse("laws:detail", args=[law.pk])


def test_P7_refresh_beside_each_chosen_law_on_the_procedure_form_keeps_the_form(client_a, author, agency_a, law):
    """On the form the button posts by htmx and answers with the law's new status in place: nothing typed is lost."""
    procedure = ProcedureFactory(agency=agency_a, laws=[law])
    html = client_a.get(reverse("procedures:update", args=[procedure.pk])).content.decode()
    assert f'hx-post="{reverse("laws:refresh", args=[law.pk])}" hx-target="previous .law-refreshed"' in html
    # Offered in the search results too, for a law the official adds (static/js/procedures.js builds the button).
    found = client_a.get(reverse("laws:search"), {"q": "ทะเบียนพาณิชย์"}).content.decode()
    assert f'data-law-refresh-url="{reverse("laws:refresh", args=[law.pk])}"' in found
    data = form_data(agency_a, [law], name="ชื่อที่ยังพิมพ์อยู่ [N]")  # the enclosing form travels with htmx
    response = client_a.post(reverse("laws:refresh", args=[law.pk]), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    fragment = response.content.decode()
    assert fragment.startswith('<span class="law-refreshed') and "บันทึกการปรับปรุงข้อมูลแล้ว" in fragment
    law.refresh_from_db()
    assert law.refreshed_by == author
    procedure.refresh_from_db()
    assert procedure.name != "ชื่อที่ยังพิมพ์อยู่ [N]"


def test_P8_areas_without_central_are_refused(client_a, agency_a, law):
    regional = ServiceArea.objects.get(code="regional")
    response = client_a.post(CREATE, form_data(agency_a, [law], areas=[str(regional.pk)]))
    assert response.status_code == 200
    assert "ต้องเลือก “ส่วนกลาง” ด้วยเสมอ" in errors(response)
    response = client_a.post(CREATE, form_data(agency_a, [law], areas=None))
    assert "ส่วนกลาง" in errors(response)
    assert not Procedure.objects.exists()


def test_P8_central_with_other_areas_is_accepted(client_a, agency_a, law):
    areas = ServiceArea.objects.filter(code__in=["central", "regional", "local"])
    response = client_a.post(CREATE, form_data(agency_a, [law], areas=[str(a.pk) for a in areas]))
    assert response.status_code == 302
    assert set(Procedure.objects.get().areas.values_list("code", flat=True)) == {"central", "regional", "local"}


# The slide: "2. หากไม่มีการกำหนด ให้ใส่คำว่า “ไม่มี” หรือ “ศูนย์ (0)”" ("ศูนย์" and "0" alone mean the same).
SEED_P9 = "หากไม่มีการกำหนด ให้ใส่คำว่า “ไม่มี” หรือ “ศูนย์ (0)”"


@pytest.mark.parametrize("typed", ["ไม่มี", "ศูนย์ (0)", "ศูนย์(0)", "ศูนย์", " ศูนย์ ( ๐ ) ", "0", "๐", " 0 "])
def test_P9_the_manuals_words_for_none_and_zero_mean_no_legal_time(client_a, agency_a, law, typed):
    response = client_a.post(CREATE, form_data(agency_a, [law], legal_time=typed))
    assert response.status_code == 302
    assert Procedure.objects.get().legal_time_value == 0


@pytest.mark.parametrize("typed, value", [("30", 30), ("๓๐", 30), ("1,000", 1000)])
def test_P9_whole_numbers_in_arabic_or_thai_digits_are_accepted(client_a, agency_a, law, typed, value):
    data = form_data(agency_a, [law], legal_time=typed, legal_time_unit="day", legal_time_law="พระราชบัญญัติโรงงาน")
    assert client_a.post(CREATE, data).status_code == 302
    procedure = Procedure.objects.get()
    assert procedure.legal_time_value == value and procedure.legal_time_display == f"{value} วัน"


@pytest.mark.parametrize("typed", ["1.5", "-3", "สามสิบ", "30 วัน", "1e3"])
def test_P9_non_integer_legal_time_is_refused_with_a_thai_message(client_a, agency_a, law, typed):
    response = client_a.post(CREATE, form_data(agency_a, [law], legal_time=typed, legal_time_law="กฎ"))
    assert response.status_code == 200
    assert "ให้ระบุเป็นเลขจำนวนเต็ม" in errors(response) and SEED_P9 in errors(response)
    assert not Procedure.objects.exists()


def test_P9_blank_is_refused_and_the_form_speaks_the_manuals_words(client_a, agency_a, law):
    html = client_a.get(CREATE).content.decode()
    assert "ระยะเวลาการดำเนินการ ภายใต้การกำหนดของกฎหมายหลัก" in html and SEED_P9 in html  # heading and help text
    response = client_a.post(CREATE, form_data(agency_a, [law], legal_time=""))
    assert SEED_P9 in errors(response)
    assert "“0”" not in response.content.decode()  # the slide's "ศูนย์ (0)", not a bare "0" of the portal's own
    assert not Procedure.objects.exists()


def test_P9_a_time_without_the_law_that_sets_it_is_saved_with_a_hint_not_refused(client_a, agency_a, law):
    """The slide asks for "ระยะเวลาการดำเนินการ ภายใต้การกำหนดของกฎหมายหลัก โดยให้ระบุเลขจำนวนเต็ม" and nothing
    more: naming the law that sets the time is the portal's advice."""
    from procedures.checks import unmet_rules

    response = client_a.post(
        CREATE, form_data(agency_a, [law], legal_time="30", legal_time_law="", legal_time_unit="day")
    )
    assert response.status_code == 302
    procedure = Procedure.objects.get()
    assert (procedure.legal_time_value, procedure.legal_time_law) == (30, "") and unmet_rules(procedure) == []
    hint = "ควรระบุกฎหมายข้อบังคับ/ข้อตกลงที่กำหนดระยะเวลา"
    detail = client_a.get(response["Location"]).content.decode()
    assert hint in detail and f"{reverse('procedures:update', args=[procedure.pk])}#id_legal_time_law" in detail
    assert hint in client_a.get(reverse("procedures:update", args=[procedure.pk])).content.decode()


def test_statistics_are_whole_numbers_in_order(client_a, agency_a, law):
    response = client_a.post(CREATE, form_data(agency_a, [law], stat_avg="-1"))
    assert "จำนวนเต็มตั้งแต่ 0 ขึ้นไป" in errors(response)
    response = client_a.post(CREATE, form_data(agency_a, [law], stat_min="10", stat_avg="5", stat_max="20"))
    assert "น้อยที่สุด ≤ เฉลี่ยต่อเดือน ≤ มากที่สุด" in errors(response)
    response = client_a.post(CREATE, form_data(agency_a, [law], stat_min="๒", stat_avg="5", stat_max="20"))
    assert response.status_code == 302
    procedure = Procedure.objects.get()
    assert (procedure.stat_min, procedure.stat_avg, procedure.stat_max) == (2, 5, 20)


def test_form_keeps_typed_input_chosen_agency_and_laws_after_an_error(client_a, agency_a):
    first, second = LawFactory(title="กฎหมายลำดับแรก"), LawFactory(title="กฎหมายลำดับสอง")
    regional = ServiceArea.objects.get(code="regional")
    data = form_data(
        agency_a,
        [second, first],
        name="ชื่อที่ยังไม่ลงท้าย",
        legal_time="สามสิบ",
        legal_time_law="กฎกระทรวงทดสอบ",
        areas=[str(regional.pk)],
        category="enlist",
        stat_max="17",
    )
    response = client_a.post(CREATE, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="ชื่อที่ยังไม่ลงท้าย"' in html
    assert 'value="สามสิบ"' in html and 'value="กฎกระทรวงทดสอบ"' in html and 'value="17"' in html
    # the picked agency shows its name and keeps its id
    assert f'name="agency" id="id_agency" value="{agency_a.pk}"' in html and 'value="กรมพัฒนาธุรกิจการค้า"' in html
    # laws stay chosen, in order
    assert html.index("กฎหมายลำดับสอง") < html.index("กฎหมายลำดับแรก")
    assert f'name="laws" value="{second.pk}"' in html and f'name="laws" value="{first.pk}"' in html
    assert re.search(rf'name="areas" value="{regional.pk}"[^>]*checked', html)
    assert not re.search(r'name="areas" value="\d+"[^>]*checked', html.replace(f'value="{regional.pk}"', ""))
    assert '<option value="enlist" selected>' in html


def test_P1_division_official_is_told_upfront_that_only_ministries_and_departments_own_procedures(
    login, child_author, author
):
    html = login(child_author).get(CREATE).content.decode()
    assert "หน่วยงานของท่านอยู่ต่ำกว่าระดับกรม" in html
    assert "หน่วยงานของท่านอยู่ต่ำกว่าระดับกรม" not in login(author).get(CREATE).content.decode()


@pytest.mark.django_db
def test_P1_owner_search_offers_ministries_and_departments_in_scope_20_at_a_time(login, central, ministry):
    from portal.models import Agency
    from tests.factories import AgencyFactory

    for i in range(21):
        AgencyFactory(code=f"1408{i:02d}00", name=f"กรมค้นหา {i}", level_kind=Agency.Level.DEPARTMENT, parent=ministry)
    AgencyFactory(code="14080099", name="กรมค้นหา กองย่อย", level_kind=Agency.Level.DIVISION, parent=ministry)
    client = login(central)
    html = client.get(reverse("procedures:agency_search"), {"q": "กรมค้นหา"}).content.decode()
    assert html.count("data-agency-choice=") == 20 and "กองย่อย" not in html
    assert "แสดงเฉพาะ 20 รายการแรก" in html
    empty = client.get(reverse("procedures:agency_search"), {"q": "ไม่มีหน่วยงานนี้"}).content.decode()
    assert "ไม่พบหน่วยงานระดับกระทรวงหรือกรมในสังกัดของท่านที่ตรงกับคำค้นหา" in empty
