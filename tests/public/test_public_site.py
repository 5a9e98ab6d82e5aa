"""The public site: Thai search, the live version stays public during a revision, old versions, 404s."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from handbooks.models import Document
from handbooks.search import segment
from handbooks.workflow import HandbookVersion, ImmutableVersion
from portal.choices import forget_kept_options
from tests.approvals.helpers import in_state, make_handbook, pending, published, start_revision

FACTORY = "การขอรับใบอนุญาตประกอบกิจการโรงงาน [N]"


@pytest.fixture
def factory_handbook(author, approver):
    return published(author, approver, procedure__name=FACTORY)


def _results(response):
    return [h.pk for h in response.context["object_list"]]


@pytest.mark.django_db
@pytest.mark.parametrize("word", ["ใบอนุญาต", "โรงงาน", "ประกอบกิจการ", "ใบอนุญาตโรงงาน", "กรมพัฒนาธุรกิจการค้า"])
def test_public_search_finds_a_word_in_the_middle_of_a_thai_title(client, factory_handbook, word):
    response = client.get(reverse("public:home"), {"q": word})
    assert response.status_code == 200
    assert _results(response) == [factory_handbook.pk]


@pytest.mark.django_db
def test_public_search_finds_the_ministry_of_the_agency(client, factory_handbook):
    assert _results(client.get(reverse("public:home"), {"q": "กระทรวงพาณิชย์"})) == [factory_handbook.pk]


@pytest.mark.django_db
def test_public_search_needs_every_word(client, factory_handbook):
    assert _results(client.get(reverse("public:home"), {"q": "โรงงาน ที่ดิน"})) == []
    assert "ไม่พบคู่มือที่ตรงกับการค้นหา" in client.get(reverse("public:home"), {"q": "ที่ดิน"}).content.decode()


def test_segment_splits_thai_words_and_drops_the_N_suffix():
    assert segment(FACTORY) == ["การ", "ขอรับ", "ใบอนุญาต", "ประกอบ", "กิจการ", "โรงงาน"]


@pytest.mark.django_db
def test_approval_stores_the_segmented_words(factory_handbook):
    factory_handbook.refresh_from_db()
    words = factory_handbook.public_search.split()
    assert {"ใบอนุญาต", "โรงงาน"} <= set(words)
    assert set(segment("กรมพัฒนาธุรกิจการค้า")) | set(segment("กระทรวงพาณิชย์")) <= set(words)


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["draft", "pending", "returned"])
def test_never_published_handbooks_are_404_and_not_found_by_search(client, author, approver, state):
    handbook = in_state(state, author, approver)
    assert client.get(reverse("public:handbook", kwargs={"pk": handbook.pk})).status_code == 404
    assert client.get(reverse("public:version", kwargs={"pk": handbook.pk, "number": 1})).status_code == 404
    assert _results(client.get(reverse("public:home"))) == []


@pytest.mark.django_db
def test_unpublished_handbook_is_404_everywhere_but_its_versions_stay_in_the_database(
    client, factory_handbook, approver
):
    factory_handbook.unpublish(approver, "ยกเลิกกระบวนงาน")
    factory_handbook.refresh_from_db()
    assert factory_handbook.public_row == {} and factory_handbook.public_approved_at is None
    assert client.get(reverse("public:handbook", kwargs={"pk": factory_handbook.pk})).status_code == 404
    assert client.get(reverse("public:version", kwargs={"pk": factory_handbook.pk, "number": 1})).status_code == 404
    assert _results(client.get(reverse("public:home"), {"q": "โรงงาน"})) == []
    assert HandbookVersion.objects.filter(handbook=factory_handbook).count() == 1


@pytest.mark.django_db
def test_handbook_page_shows_the_printed_layout_date_version_note_and_print_button(client, factory_handbook):
    response = client.get(reverse("public:handbook", kwargs={"pk": factory_handbook.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"คู่มือสำหรับประชาชน: {FACTORY}" in html
    assert "ปรับปรุงล่าสุด" in html and "ฉบับที่ 1" in html and "ฉบับแรก" in html
    assert "data-print" in html and "<script>" not in html
    from portal.templatetags.thai import format_thai_date

    assert format_thai_date(factory_handbook.live_version.approved_at) in html  # Buddhist Era date


@pytest.mark.django_db
def test_live_version_stays_public_while_a_revision_is_edited_and_pending(client, factory_handbook, author, central):
    url = reverse("public:handbook", kwargs={"pk": factory_handbook.pk})
    start_revision(factory_handbook, author, criteria="หลักเกณฑ์ที่กำลังแก้ไข")
    Document.objects.create(handbook=factory_handbook, group="other", name="หนังสือรับรองใหม่", originals=1)
    html = client.get(url).content.decode()
    assert "หลักเกณฑ์ที่กำลังแก้ไข" not in html and "หนังสือรับรองใหม่" not in html
    assert "ผู้ขอต้องมีสัญชาติไทย" in html
    factory_handbook.submit(author, change_note="เพิ่มหนังสือรับรอง")
    html = client.get(url).content.decode()
    assert "หนังสือรับรองใหม่" not in html and "ฉบับที่ 1" in html
    factory_handbook.approve(central)
    html = client.get(url).content.decode()
    assert "หนังสือรับรองใหม่" in html and "ฉบับที่ 2" in html and "เพิ่มหนังสือรับรอง" in html
    assert reverse("public:version", kwargs={"pk": factory_handbook.pk, "number": 1}) in html


@pytest.mark.django_db
def test_old_versions_stay_readable_and_never_change(client, factory_handbook, author, central):
    start_revision(factory_handbook, author, criteria="หลักเกณฑ์ฉบับที่สอง")
    factory_handbook.submit(author)
    factory_handbook.approve(central)
    # editing the working copy afterwards changes neither stored version
    start_revision(factory_handbook, author, criteria="หลักเกณฑ์ที่ยังไม่อนุมัติ")
    old = client.get(reverse("public:version", kwargs={"pk": factory_handbook.pk, "number": 1}))
    assert old.status_code == 200
    html = old.content.decode()
    assert "ผู้ขอต้องมีสัญชาติไทย" in html and "หลักเกณฑ์ฉบับที่สอง" not in html
    assert "ฉบับก่อนหน้า" in html
    current = client.get(reverse("public:version", kwargs={"pk": factory_handbook.pk, "number": 2})).content.decode()
    assert "หลักเกณฑ์ฉบับที่สอง" in current and "หลักเกณฑ์ที่ยังไม่อนุมัติ" not in current
    assert client.get(reverse("public:version", kwargs={"pk": factory_handbook.pk, "number": 3})).status_code == 404


@pytest.mark.django_db
def test_a_stored_version_cannot_be_saved_again(factory_handbook):
    version = factory_handbook.live_version
    version.snapshot["handbook"]["criteria"] = "แก้ไขเงียบ ๆ"
    with pytest.raises(ImmutableVersion):
        version.save()
    version.refresh_from_db()
    assert version.snapshot["handbook"]["criteria"] == "ผู้ขอต้องมีสัญชาติไทย"


@pytest.mark.django_db
def test_filters_by_agency_subtree_category_and_area(
    client, author, approver, outsider, approver_b, ministry, agency_b
):
    from procedures.models import ServiceArea

    a = published(author, approver, procedure__category="register")
    b = pending(outsider)
    regional = ServiceArea.objects.get_or_create(code="regional", defaults={"name": "ส่วนภูมิภาค"})[0]
    b.procedure.areas.add(regional)
    b.approve(approver_b)
    home = reverse("public:home")
    assert set(_results(client.get(home, {"agency": ministry.pk}))) == {a.pk, b.pk}
    assert _results(client.get(home, {"agency": agency_b.pk})) == [b.pk]
    assert _results(client.get(home, {"category": "register"})) == [a.pk]
    assert _results(client.get(home, {"area": regional.pk})) == [b.pk]
    bad = client.get(home, {"agency": "99999"})
    assert bad.status_code == 200 and "alert-danger" in bad.content.decode()


@pytest.mark.django_db
def test_results_are_paginated(client, author, approver):
    for _ in range(21):
        published(author, approver)
    first = client.get(reverse("public:home"))
    assert len(first.context["object_list"]) == 20
    assert len(client.get(reverse("public:home"), {"page": 2}).context["object_list"]) == 1


@pytest.mark.django_db
def test_public_search_costs_the_same_queries_with_1_and_20_results(client, author, approver):
    published(author, approver, procedure__name="การขอรับใบอนุญาตทดสอบที่หนึ่ง [N]")
    url = reverse("public:home")
    client.get(url, {"q": "ใบอนุญาต"})
    cache.clear()  # the capped count is cached for a minute: measure both pages with a cold count
    forget_kept_options()  # and the filter's options read afresh both times
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(url, {"q": "ใบอนุญาต"}).context["object_list"]) == 1
    for i in range(19):
        published(author, approver, procedure__name=f"การขอรับใบอนุญาตทดสอบลำดับ {i} [N]")
    cache.clear()
    forget_kept_options()
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(url, {"q": "ใบอนุญาต"}).context["object_list"]) == 20
    assert len(many) == len(few)


@pytest.mark.django_db
def test_browse_by_agency(client, factory_handbook, ministry, agency_a, agency_a_child):
    listing = client.get(reverse("public:agencies")).content.decode()
    assert ministry.name in listing and agency_a.name in listing
    assert agency_a_child.name not in listing  # ministries and departments only
    page = client.get(reverse("public:agency", kwargs={"pk": ministry.pk}))
    assert page.status_code == 200
    assert [h.pk for h in page.context["handbooks"]] == [factory_handbook.pk]
    assert agency_a.name in page.content.decode()
    assert client.get(reverse("public:agency", kwargs={"pk": 999999})).status_code == 404


@pytest.mark.django_db
def test_draft_handbooks_do_not_appear_in_browse_by_agency(client, author, agency_a):
    make_handbook(author)
    assert list(client.get(reverse("public:agency", kwargs={"pk": agency_a.pk})).context["handbooks"]) == []


def _heading(response) -> str:
    html = response.content.decode()
    start = html.index('<h2 class="h5">') + len('<h2 class="h5">')
    return html[start : html.index("</h2>", start)]


@pytest.mark.django_db
def test_a_handbook_published_after_a_search_was_cached_is_found_at_once(client, author, approver):
    """The search's result count is cached for a minute (portal.paging): a new publication must still show at once."""
    home = reverse("public:home")
    first = published(author, approver, procedure__name="การขอรับใบอนุญาตทดสอบที่หนึ่ง [N]")
    response = client.get(home, {"q": "ใบอนุญาต"})
    assert _results(response) == [first.pk] and _heading(response) == "พบ 1 คู่มือ"  # the count is now cached
    second = published(author, approver, procedure__name="การขอรับใบอนุญาตทดสอบที่สอง [N]")
    response = client.get(home, {"q": "ใบอนุญาต"})
    assert set(_results(response)) == {first.pk, second.pk}
    assert _heading(response) == "พบ 2 คู่มือ"
    second.unpublish(approver, "ยกเลิกกระบวนงาน")
    response = client.get(home, {"q": "ใบอนุญาต"})
    assert _results(response) == [first.pk] and _heading(response) == "พบ 1 คู่มือ"


@pytest.mark.django_db
def test_results_are_right_even_when_the_cached_count_was_not_told_of_a_publication(
    client, author, approver, monkeypatch
):
    """Another server process keeps its own cache and never sees this process's bump: the rows must still be right."""
    import handbooks.workflow

    monkeypatch.setattr(handbooks.workflow, "bump_generation", lambda: None)
    home = reverse("public:home")
    first = [published(author, approver) for _ in range(20)]
    response = client.get(home)
    assert len(_results(response)) == 20 and _heading(response) == "พบ 20 คู่มือ"  # one page, cached
    newest = published(author, approver)
    response = client.get(home)
    assert _results(response)[0] == newest.pk and len(_results(response)) == 20
    assert _heading(response) == "พบ 21 คู่มือ" and response.context["page_obj"].has_next()
    assert _results(client.get(home, {"page": 2})) == [first[0].pk]
    newest.unpublish(approver, "ยกเลิกกระบวนงาน")
    first[1].unpublish(approver, "ยกเลิกกระบวนงาน")
    response = client.get(home)
    assert len(_results(response)) == 19 and _heading(response) == "พบ 19 คู่มือ"
    assert client.get(home, {"page": 2}).status_code == 404


@pytest.mark.django_db
def test_result_rows_show_the_published_snapshot_not_the_working_copy(client, factory_handbook, author, agency_a):
    """The list's row texts are the live version's, copied at approval (`public_row`): a later edit of the
    procedure's name or the handbook's reference name shows only once it is approved."""
    procedure = factory_handbook.procedure
    procedure.name = "ชื่อกระบวนงานที่กำลังแก้ไข [N]"
    procedure.save()
    factory_handbook.reference_name = "ชื่ออ้างอิงที่กำลังแก้ไข"
    factory_handbook.save()
    snap = factory_handbook.live_version.snapshot
    for url in (reverse("public:home"), reverse("public:agency", kwargs={"pk": agency_a.pk})):
        html = client.get(url).content.decode()
        assert snap["procedure"]["name"] in html and snap["handbook"]["agency"]["name"] in html
        assert "ที่กำลังแก้ไข" not in html
    html = client.get(reverse("public:home")).content.decode()
    assert snap["handbook"]["reference_name"] in html and snap["procedure"]["category_display"] in html
    factory_handbook.refresh_from_db()
    assert factory_handbook.public_row == {
        "name": snap["procedure"]["name"],
        "reference": snap["handbook"]["reference_name"],
        "agency": snap["handbook"]["agency"]["name"],
        "category": snap["procedure"]["category_display"],
    }


@pytest.mark.django_db
def test_a_big_agency_page_is_capped_and_says_so(client, author, approver, ministry, monkeypatch):
    """A ministry's subtree holds tens of thousands of handbooks at real scale: no exact count, no deep pages."""
    from portal.paging import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "max_pages", 1)
    for i in range(21):
        published(author, approver, procedure__name=f"การขอรับใบอนุญาตกรมตัวอย่าง {i} [N]")
    url = reverse("public:agency", kwargs={"pk": ministry.pk})
    response = client.get(url)
    assert "คู่มือที่เผยแพร่มากกว่า 20 รายการ" in response.content.decode()
    assert len(response.context["handbooks"]) == 20
    assert response.context["handbooks"][0].row_name.startswith("การขอรับใบอนุญาตกรมตัวอย่าง 20")  # newest first
    assert client.get(url, {"page": 9999}).context["page_obj"].number == 1  # a page past the cap shows the last one


@pytest.mark.django_db
def test_category_and_area_filters_match_the_published_version_not_the_procedures_later_edits(
    client, author, approver, central
):
    """A procedure edited after publication (new category, an area removed) changes nothing for citizens until the
    handbook is approved again: they filter on what its public page shows."""
    from procedures.models import ServiceArea

    handbook = published(author, approver, procedure__category="register")
    central_area = ServiceArea.objects.get(code="central")
    procedure = handbook.procedure
    assert central_area in procedure.areas.all()
    procedure.category = "permit"
    procedure.save()
    regional = ServiceArea.objects.get_or_create(code="regional", defaults={"name": "ส่วนภูมิภาค"})[0]
    procedure.areas.set([central_area, regional])
    home = reverse("public:home")
    assert _results(client.get(home, {"category": "register"})) == [handbook.pk]
    assert _results(client.get(home, {"category": "permit"})) == []
    assert _results(client.get(home, {"area": regional.pk})) == []
    assert _results(client.get(home, {"area": central_area.pk})) == [handbook.pk]

    start_revision(handbook, author)
    handbook.submit(author)
    handbook.approve(central)
    assert _results(client.get(home, {"category": "permit"})) == [handbook.pk]
    assert _results(client.get(home, {"category": "register"})) == []
    assert _results(client.get(home, {"area": regional.pk})) == [handbook.pk]
    handbook.unpublish(central, "ยกเลิก")
    handbook.refresh_from_db()
    assert (handbook.public_category, handbook.public_areas) == ("", "")
