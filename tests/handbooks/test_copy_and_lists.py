"""“Copy to my agency”, the official's list, the dashboard panel and the procedure page's handbook list."""

import pytest
from django.urls import reverse

from handbooks.models import Handbook
from portal.models import AuditEntry
from tests.factories import HandbookFactory

pytestmark = pytest.mark.django_db


def test_official_of_another_agency_copies_a_published_handbook_with_all_rows(author, outsider, login, publish):
    source = HandbookFactory(agency=author.agency, author=author, rows=3)
    publish(source)
    response = login(outsider).post(reverse("handbooks:copy", args=[source.pk]))
    copy = Handbook.objects.exclude(pk=source.pk).get()
    assert response.status_code == 302 and response["Location"] == reverse("handbooks:update", args=[copy.pk])
    assert copy.agency == outsider.agency and copy.author == outsider
    assert copy.status == "draft" and copy.live_version is None and copy.copied_from == source
    assert copy.reference_name.startswith("[สำเนาคู่มือประชาชน] " + source.procedure.name)
    assert copy.criteria == source.criteria and copy.total_time_value == source.total_time_value
    for related in ("channels", "steps", "documents", "fees", "complaints", "forms"):
        assert getattr(copy, related).count() == 3, related
    assert list(copy.steps.values_list("detail", "responsible_ministry")) == list(
        source.steps.values_list("detail", "responsible_ministry")
    )
    entry = AuditEntry.objects.get(action="handbooks.handbook.copied")
    assert (
        entry.actor == outsider
        and entry.object_id == str(copy.pk)
        and entry.data == {"source": source.pk, "version": 1}
    )
    source.refresh_from_db()
    assert source.status == "published" and source.channels.count() == 3  # the source is untouched


def test_copy_is_post_only(author, login):
    handbook = HandbookFactory(agency=author.agency, author=author)
    assert login(author).get(reverse("handbooks:copy", args=[handbook.pk])).status_code == 405
    assert Handbook.objects.count() == 1


def test_list_shows_the_handbooks_in_scope_and_filters(author, outsider, login):
    mine = HandbookFactory(agency=author.agency, author=author, reference_name="คู่มือของหน่วยงานเอ")
    theirs = HandbookFactory(agency=outsider.agency, author=outsider, reference_name="คู่มือของหน่วยงานบี")
    client = login(author)
    html = client.get(reverse("handbooks:list")).content.decode()
    assert mine.reference_name in html and theirs.reference_name not in html
    assert mine.reference_name not in client.get(reverse("handbooks:list"), {"status": "pending"}).content.decode()
    assert mine.reference_name in client.get(reverse("handbooks:list"), {"q": "หน่วยงานเอ"}).content.decode()


def test_dashboard_panel_lists_recent_handbooks_with_status(author, login):
    handbook = HandbookFactory(agency=author.agency, author=author, reference_name="คู่มือล่าสุดบนหน้าหลัก")
    html = login(author).get(reverse("portal:dashboard")).content.decode()
    assert handbook.reference_name in html and "ร่าง" in html
    assert reverse("handbooks:list") in html  # the nav item "คู่มือประชาชน" too


def test_procedure_page_lists_its_handbooks_and_offers_create(author, login):
    handbook = HandbookFactory(agency=author.agency, author=author, reference_name="คู่มือบนหน้ากระบวนงาน")
    response = login(author).get(reverse("procedures:detail", args=[handbook.procedure_id]))
    assert response.status_code == 200
    html = response.content.decode()
    assert handbook.reference_name in html
    assert reverse("handbooks:create", args=[handbook.procedure_id]) in html
