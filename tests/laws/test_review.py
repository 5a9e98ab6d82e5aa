"""The review cycle of section 6 of the Act (issue 13): each law's last and next review, which laws are overdue or
due soon, the review page, the notices on procedure and handbook pages, the admin and the data migration."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from laws.models import (
    DUE_WITHIN_DAYS,
    REVIEW_YEARS,
    Law,
    ReviewState,
    local_date,
    next_review_after,
    overdue_among,
)
from portal.models import AuditEntry
from tests.approvals.helpers import make_handbook, published
from tests.factories import LawFactory, ProcedureFactory
from tests.migration_steps import migrate_to, migrate_to_latest

D = datetime.date
DAY = datetime.timedelta(days=1)
migration = importlib.import_module("laws.migrations.0004_review_dates")


def overdue_law(days: int = 10, **kwargs) -> Law:
    """A law whose next review date passed `days` days ago."""
    law = LawFactory(**kwargs)
    Law.objects.filter(pk=law.pk).update(next_review_on=local_date() - days * DAY)
    law.refresh_from_db()
    return law


def due_law(days: int = 30, **kwargs) -> Law:
    law = LawFactory(**kwargs)
    Law.objects.filter(pk=law.pk).update(next_review_on=local_date() + days * DAY)
    law.refresh_from_db()
    return law


# ----- the five-year rule -----


@pytest.mark.parametrize(
    "reviewed, expected",
    [
        (D(2021, 3, 15), D(2026, 3, 15)),
        (D(2020, 2, 29), D(2025, 2, 28)),  # no 29 February in 2025
        (D(2024, 2, 29), D(2029, 2, 28)),
        (D(2023, 2, 28), D(2028, 2, 28)),  # 2028 has a 29th, but the 28th stays the 28th
        (D(2022, 12, 31), D(2027, 12, 31)),
    ],
)
def test_the_next_review_is_five_years_later_on_the_same_day_and_29_february_becomes_28(reviewed, expected):
    assert REVIEW_YEARS == 5
    assert next_review_after(reviewed) == expected


def test_the_local_date_of_a_moment_is_the_date_in_thailand():
    # 18:30 UTC on 30 November is 01:30 on 1 December in Bangkok.
    assert local_date(datetime.datetime(2026, 11, 30, 18, 30, tzinfo=datetime.UTC)) == D(2026, 12, 1)
    assert local_date(datetime.datetime(2026, 11, 30, 16, 59, tzinfo=datetime.UTC)) == D(2026, 11, 30)


@pytest.mark.django_db
def test_a_new_law_is_reviewed_on_the_day_it_enters_the_registry_unless_a_date_is_given():
    law = LawFactory()
    assert law.reviewed_on == timezone.localdate()
    assert law.next_review_on == next_review_after(timezone.localdate())
    given = LawFactory(reviewed_on=D(2020, 2, 29))
    assert (given.reviewed_on, given.next_review_on) == (D(2020, 2, 29), D(2025, 2, 28))
    both = LawFactory(reviewed_on=D(2020, 1, 1), next_review_on=D(2023, 6, 1))
    assert both.next_review_on == D(2023, 6, 1)
    both.refresh_from_db()
    assert (both.reviewed_on, both.next_review_on) == (D(2020, 1, 1), D(2023, 6, 1))


@pytest.mark.django_db
def test_P7_refresh_is_the_review_and_recomputes_the_next_date_over_one_moved_by_the_administrator(author):
    law = LawFactory(reviewed_on=D(2019, 5, 1), next_review_on=D(2022, 1, 1))  # overdue, date moved by an admin
    assert law.review_state == ReviewState.OVERDUE
    entry = law.refresh(author, note="ตรวจสอบกับราชกิจจานุเบกษาแล้ว")
    pressed_on = timezone.localdate(entry.refreshed_at)
    law.refresh_from_db()
    assert law.reviewed_on == pressed_on
    assert law.next_review_on == next_review_after(pressed_on)
    assert law.review_state == ReviewState.OK
    audit = AuditEntry.objects.for_object(law).get(action="laws.law.refreshed")
    assert audit.data == {"note": "ตรวจสอบกับราชกิจจานุเบกษาแล้ว", "next_review_on": law.next_review_on.isoformat()}


@pytest.mark.django_db
def test_P7_the_refresh_button_stamps_the_review_dates(login, author):
    law = overdue_law(days=400)
    response = login(author).post(reverse("laws:refresh", args=[law.pk]), {"note": ""})
    assert response.status_code == 302
    law.refresh_from_db()
    assert law.reviewed_on == timezone.localdate()
    assert law.next_review_on == next_review_after(timezone.localdate())


# ----- overdue / due soon: the boundaries, the QuerySet rules against their single-object twin -----


@pytest.mark.django_db
def test_overdue_and_due_soon_boundaries_today_and_ninety_days():
    today = D(2026, 12, 1)
    dates = {
        "long overdue": D(2020, 1, 1),
        "yesterday": today - DAY,
        "today": today,
        "in 90 days": today + DUE_WITHIN_DAYS * DAY,
        "in 91 days": today + (DUE_WITHIN_DAYS + 1) * DAY,
    }
    laws = {name: LawFactory(reviewed_on=D(2015, 1, 1), next_review_on=when) for name, when in dates.items()}
    names = {law.pk: name for name, law in laws.items()}

    def listed(queryset):
        return {names[pk] for pk in queryset.values_list("pk", flat=True)}

    assert DUE_WITHIN_DAYS == 90
    assert listed(Law.objects.overdue(today)) == {"long overdue", "yesterday"}
    assert listed(Law.objects.due_soon(today)) == {"today", "in 90 days"}
    assert listed(Law.objects.review_needed(today)) == {"long overdue", "yesterday", "today", "in 90 days"}
    expected = {
        "long overdue": "overdue",
        "yesterday": "overdue",
        "today": "due",
        "in 90 days": "due",
        "in 91 days": "ok",
    }
    assert {name: law.review_state_on(today) for name, law in laws.items()} == expected
    assert laws["yesterday"].days_to_review(today) == -1 and laws["in 91 days"].days_to_review(today) == 91
    # Twins: each QuerySet rule holds exactly the laws whose single-object state says so.
    for state, rule in ((ReviewState.OVERDUE, Law.objects.overdue), (ReviewState.DUE, Law.objects.due_soon)):
        assert set(rule(today)) == {law for law in laws.values() if law.review_state_on(today) == state}
    # The notice's helper: the overdue ones of laws already loaded, most overdue first.
    assert overdue_among(list(laws.values()), today) == [laws["long overdue"], laws["yesterday"]]


# ----- the review page -----


@pytest.mark.django_db
def test_review_page_needs_sign_in(login):
    response = login(None).get(reverse("laws:review"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_review_page_lists_exactly_the_overdue_and_due_laws_most_overdue_first_with_their_procedures(
    login, author, agency_a, agency_b
):
    old = overdue_law(days=400, title="พระราชบัญญัติเก่ามาก พ.ศ. 2500")
    late = overdue_law(days=3, title="พระราชบัญญัติเลยกำหนด พ.ศ. 2510")
    soon = due_law(days=DUE_WITHIN_DAYS, title="กฎกระทรวงใกล้ครบกำหนด พ.ศ. 2565")
    fine = due_law(days=DUE_WITHIN_DAYS + 1, title="พระราชบัญญัติยังไม่ถึงกำหนด พ.ศ. 2566")
    mine = ProcedureFactory(agency=agency_a, name="การขออนุญาตของกรมเอ [N]", laws=[late, fine])
    ProcedureFactory(agency=agency_b, name="การขออนุญาตของกรมบี [N]", laws=[late])

    response = login(author).get(reverse("laws:review"))
    assert response.status_code == 200
    rows = list(response.context["object_list"])
    assert rows == [old, late, soon]
    html = response.content.decode()
    assert fine.title not in html
    late_row = next(row for row in rows if row == late)
    # The procedure the official may see, with its agency; the other agency's only in the count of all.
    assert [(p.name, p.agency.name) for p in late_row.shown_procedures] == [(mine.name, "กรมพัฒนาธุรกิจการค้า")]
    assert (late_row.procedure_count, late_row.visible_procedure_count) == (2, 1)
    assert mine.name in html and "การขออนุญาตของกรมบี [N]" not in html
    assert "อ้างถึงโดย 2 กระบวนงานในระบบทั้งหมด" in html
    assert "เลยกำหนดทบทวน 400 วัน" in html and "เลยกำหนดทบทวน 3 วัน" in html
    assert f"ครบกำหนดทบทวนในอีก {DUE_WITHIN_DAYS} วัน" in html
    when = soon.next_review_on
    assert f"{when.day} " in html and str(when.year + 543) in html  # Buddhist Era
    assert str(when.year) not in html.split('id="law-review"')[1].split("</table>")[0]


@pytest.mark.django_db
def test_review_page_filters_by_state_by_title_and_by_the_officials_own_procedures(login, outsider, agency_a, agency_b):
    old = overdue_law(days=100, title="พระราชบัญญัติเก่า พ.ศ. 2500")
    soon = due_law(days=10, title="กฎกระทรวงใกล้ครบกำหนด พ.ศ. 2565")
    theirs = overdue_law(days=5, title="พระราชบัญญัติของกรมบี พ.ศ. 2540")
    ProcedureFactory(agency=agency_b, laws=[theirs])
    ProcedureFactory(agency=agency_a, laws=[old])
    client = login(outsider)

    def listed(**params):
        return list(client.get(reverse("laws:review"), params).context["object_list"])

    assert listed() == [old, theirs, soon]
    assert listed(state="overdue") == [old, theirs]
    assert listed(state="due") == [soon]
    assert listed(state="nonsense") == [old, theirs, soon]
    assert listed(q="พ.ร.บ.ของกรมบี") == [theirs]
    assert listed(mine="1") == [theirs]


@pytest.mark.django_db
def test_review_page_names_ten_procedures_per_law_and_counts_the_rest(login, central, agency_a):
    law = overdue_law()
    for i in range(13):
        ProcedureFactory(agency=agency_a, name=f"การขออนุญาตลำดับ {i:02d} [N]", laws=[law])
    response = login(central).get(reverse("laws:review"))
    row = response.context["object_list"][0]
    assert len(row.shown_procedures) == 10 and row.more_procedures == 3
    assert "และอีก 3 กระบวนงาน" in response.content.decode()


@pytest.mark.django_db
def test_review_page_query_count_does_not_grow_with_the_rows(login, author, agency_a, agency_b):
    def add_laws(n: int) -> None:
        for _ in range(n):
            law = overdue_law()
            for agency in (agency_a, agency_a, agency_b):
                ProcedureFactory(agency=agency, laws=[law])

    client = login(author)
    url = reverse("laws:review")
    client.get(url)  # session, content types

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx), len(response.context["object_list"])

    add_laws(1)
    few = count()
    add_laws(14)
    many = count()
    assert (few[1], many[1]) == (1, 15)
    assert few[0] == many[0], (few, many)


@pytest.mark.django_db
def test_law_list_and_detail_show_the_review_dates_and_state(login, author):
    law = overdue_law(days=12, title="พระราชบัญญัติตรวจวันที่ พ.ศ. 2550")
    client = login(author)
    listing = client.get(reverse("laws:list")).content.decode()
    assert reverse("laws:review") in listing and "เลยกำหนดทบทวน 12 วัน" in listing
    detail = client.get(reverse("laws:detail", args=[law.pk])).content.decode()
    from portal.templatetags.thai import format_thai_date

    assert format_thai_date(law.reviewed_on) in detail
    assert format_thai_date(law.next_review_on) in detail
    assert "เลยกำหนดทบทวน 12 วัน" in detail
    # The navigation names the review page on every official page.
    assert f'href="{reverse("laws:review")}"' in client.get(reverse("portal:dashboard")).content.decode()


# ----- the notice on procedure and handbook pages -----


NOTICE = "data-law-review-notice"


@pytest.mark.django_db
def test_procedure_pages_show_the_notice_only_for_an_overdue_law(login, author, agency_a):
    from portal.templatetags.thai import format_thai_date

    late = overdue_law(days=20, title="พระราชบัญญัติเลยกำหนด พ.ศ. 2510")
    soon = due_law(days=5, title="กฎกระทรวงใกล้ครบกำหนด พ.ศ. 2565")
    with_late = ProcedureFactory(agency=agency_a, laws=[soon, late])
    only_soon = ProcedureFactory(agency=agency_a, laws=[soon])
    client = login(author)
    for name in ("procedures:detail", "procedures:update"):
        html = client.get(reverse(name, args=[with_late.pk])).content.decode()
        notice = html.split(NOTICE)[1].split("</div>")[0]
        assert late.title in notice and format_thai_date(late.next_review_on) in notice
        assert f'href="{reverse("laws:detail", args=[late.pk])}"' in notice
        assert soon.title not in notice
        assert NOTICE not in client.get(reverse(name, args=[only_soon.pk])).content.decode()


@pytest.mark.django_db
def test_handbook_pages_show_the_notice_but_the_public_page_does_not(login, author, approver, agency_a):
    late = overdue_law(days=20, title="พระราชบัญญัติเลยกำหนด พ.ศ. 2510")
    handbook = published(author, approver, procedure=ProcedureFactory(agency=agency_a, laws=[late]))
    handbook.refresh_from_db()
    draft = make_handbook(author, procedure=ProcedureFactory(agency=agency_a, laws=[late]))
    client = login(author)
    for url in (reverse("handbooks:detail", args=[handbook.pk]), reverse("handbooks:update", args=[draft.pk])):
        html = client.get(url).content.decode()
        assert NOTICE in html and late.title in html.split(NOTICE)[1].split("</div>")[0], url
    public = login(None).get(reverse("public:handbook", kwargs={"pk": handbook.pk}))
    assert public.status_code == 200
    assert NOTICE not in public.content.decode() and "เลยกำหนดทบทวน" not in public.content.decode()
    # Brought up to date: the notice goes.
    late.refresh(author)
    assert NOTICE not in client.get(reverse("handbooks:detail", args=[handbook.pk])).content.decode()


@pytest.mark.django_db
def test_the_notice_costs_no_query_on_the_handbook_and_procedure_pages(login, author, agency_a):
    handbook = make_handbook(author, procedure=ProcedureFactory(agency=agency_a, laws=[LawFactory(), LawFactory()]))
    client = login(author)
    urls = [
        reverse("handbooks:detail", args=[handbook.pk]),
        reverse("handbooks:update", args=[handbook.pk]),
        reverse("procedures:detail", args=[handbook.procedure_id]),
        reverse("procedures:update", args=[handbook.procedure_id]),
    ]

    def counts(expect_notice: bool) -> list[int]:
        found = []
        for url in urls:
            client.get(url)
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            assert (NOTICE in response.content.decode()) is expect_notice, url
            found.append(len(ctx))
        return found

    before = counts(expect_notice=False)
    Law.objects.update(next_review_on=local_date() - DAY)
    assert counts(expect_notice=True) == before


# ----- the admin -----


@pytest.mark.django_db
def test_admin_moves_the_next_review_date_in_the_buddhist_era_with_an_audit_row(login, admin_user, author):
    from tests.security.test_admin_bad_input import _form_data

    law = LawFactory(reviewed_on=D(2024, 1, 10))
    assert law.next_review_on == D(2029, 1, 10)
    client = login(admin_user)
    url = reverse("admin:laws_law_change", args=[law.pk])
    data = _form_data(client, url)
    assert data["next_review_on"] == ["10/01/2572"]  # shown in the Buddhist Era
    data["next_review_on"] = "01/02/2570"
    assert client.post(url, data).status_code == 302
    law.refresh_from_db()
    assert law.next_review_on == D(2027, 2, 1)
    entry = AuditEntry.objects.for_object(law).get(action="laws.law.updated")
    assert entry.actor == admin_user
    assert (entry.data["next_review_on_before"], entry.data["next_review_on"]) == ("2029-01-10", "2027-02-01")
    # A later press of "ปรับปรุงข้อมูล" recomputes it.
    law.refresh(author)
    law.refresh_from_db()
    assert law.next_review_on == next_review_after(timezone.localdate())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed, message",
    [
        ("31/02/2570", "กรุณากรอกวันที่ในรูปแบบ วว/ดด/ปปปป"),
        ("พรุ่งนี้", "กรุณากรอกวันที่ในรูปแบบ วว/ดด/ปปปป"),
        ("01/01/2566", "วันครบกำหนดทบทวนต้องไม่ก่อนวันที่ทบทวนล่าสุด"),
    ],
)
def test_admin_refuses_a_bad_next_review_date_in_thai_and_keeps_it(login, admin_user, typed, message):
    from tests.security.test_admin_bad_input import _form_data

    law = LawFactory(reviewed_on=D(2024, 1, 10))
    client = login(admin_user)
    url = reverse("admin:laws_law_change", args=[law.pk])
    data = _form_data(client, url)
    data["next_review_on"] = typed
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and f'value="{typed}"' in html
    law.refresh_from_db()
    assert law.next_review_on == D(2029, 1, 10)
    assert not AuditEntry.objects.for_object(law).exists()


@pytest.mark.django_db
def test_admin_cleared_next_review_date_is_computed_again_and_a_new_law_gets_its_own(login, admin_user):
    from tests.security.test_admin_bad_input import _form_data

    law = LawFactory(reviewed_on=D(2024, 2, 29), next_review_on=D(2026, 1, 1))
    client = login(admin_user)
    url = reverse("admin:laws_law_change", args=[law.pk])
    data = _form_data(client, url)
    data["next_review_on"] = ""
    assert client.post(url, data).status_code == 302
    law.refresh_from_db()
    assert law.next_review_on == D(2029, 2, 28)

    add = reverse("admin:laws_law_add")
    data = _form_data(client, add)
    data.update(title="พระราชบัญญัติเพิ่มในหน้าผู้ดูแล พ.ศ. 2568", kind="act")
    assert client.post(add, data).status_code == 302
    new = Law.objects.get(title="พระราชบัญญัติเพิ่มในหน้าผู้ดูแล พ.ศ. 2568")
    assert (new.reviewed_on, new.next_review_on) == (timezone.localdate(), next_review_after(timezone.localdate()))
    assert AuditEntry.objects.for_object(new).filter(action="laws.law.created", actor=admin_user).count() == 1


@pytest.mark.django_db
def test_admin_list_shows_review_dates_in_the_buddhist_era_and_filters_by_state(login, admin_user):
    late = overdue_law(title="พระราชบัญญัติเลยกำหนด พ.ศ. 2510")
    soon = due_law(title="กฎกระทรวงใกล้ครบกำหนด พ.ศ. 2565")
    fine = LawFactory(title="พระราชบัญญัติยังไม่ถึงกำหนด พ.ศ. 2566")
    client = login(admin_user)
    url = reverse("admin:laws_law_changelist")
    html = client.get(url).content.decode()
    from portal.templatetags.thai import format_thai_date

    assert format_thai_date(late.next_review_on) in html and "การทบทวนกฎหมาย" in html

    def listed(state: str) -> set[int]:
        response = client.get(url, {"review": state})
        return {law.pk for law in response.context["cl"].result_list}

    assert listed("overdue") == {late.pk}
    assert listed("due") == {soon.pk}
    assert listed("ok") == {fine.pk}


# ----- the data migration -----


def test_the_migration_takes_the_last_refresh_else_the_entry_as_a_date_in_thailand():
    entered = datetime.datetime(2020, 2, 28, 18, 0, tzinfo=datetime.UTC)  # 29 February 2020, 01:00 in Bangkok
    refreshed = datetime.datetime(2023, 7, 4, 3, 0, tzinfo=datetime.UTC)
    assert migration.review_dates(None, entered) == (D(2020, 2, 29), D(2025, 2, 28))
    assert migration.review_dates(refreshed, entered) == (D(2023, 7, 4), D(2028, 7, 4))


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_review_dates_of_laws_already_in_the_registry():
    old = migrate_to([("laws", "0003_title_key_abbreviations")])
    OldLaw = old.get_model("laws", "Law")
    never = OldLaw.objects.create(title="ก", title_key="ก", kind="act")
    refreshed = OldLaw.objects.create(title="ข", title_key="ข", kind="act")
    OldLaw.objects.filter(pk=never.pk).update(created_at=datetime.datetime(2020, 2, 28, 18, 0, tzinfo=datetime.UTC))
    OldLaw.objects.filter(pk=refreshed.pk).update(
        created_at=datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC),
        refreshed_at=datetime.datetime(2022, 6, 30, 20, 0, tzinfo=datetime.UTC),  # 1 July in Bangkok
    )

    migrate_to_latest()

    dates = {law.pk: (law.reviewed_on, law.next_review_on) for law in Law.objects.all()}
    assert dates == {never.pk: (D(2020, 2, 29), D(2025, 2, 28)), refreshed.pk: (D(2022, 7, 1), D(2027, 7, 1))}
    assert set(Law.objects.overdue(D(2026, 12, 1))) == {Law.objects.get(pk=never.pk)}


# ----- the demo -----


@pytest.mark.django_db
def test_demo_laws_include_overdue_ones_and_one_due_soon_and_a_second_load_changes_nothing():
    import io

    from laws import demo

    demo.load(io.StringIO())
    dates = dict(Law.objects.values_list("title", "next_review_on"))
    assert Law.objects.overdue().count() >= 2 and Law.objects.due_soon().count() == 1
    demo.load(io.StringIO())
    assert dict(Law.objects.values_list("title", "next_review_on")) == dates
    # A demo database from before the review dates (every law at its entry's dates) gets the demo's dates once.
    for law in Law.objects.all():
        entered = local_date(law.created_at)
        Law.objects.filter(pk=law.pk).update(reviewed_on=entered, next_review_on=next_review_after(entered))
    assert not Law.objects.overdue().exists()
    demo.load(io.StringIO())
    assert dict(Law.objects.values_list("title", "next_review_on")) == dates
