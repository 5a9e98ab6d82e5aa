"""Forged formset sizes on the handbook form (issue 11, defect 7): `<prefix>-TOTAL_FORMS=100000` built and rendered
back 1,200 rows per formset (10 s of a worker). The posted counts are checked before any form is built: a forged
count gets a Thai 400 at once and writes nothing; the real maximum (200 rows) still saves."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from handbooks.forms import FORMSETS, MAX_ROWS
from handbooks.models import Document
from tests.approvals.helpers import make_handbook
from tests.handbooks.helpers import add_row, form_data

pytestmark = pytest.mark.django_db

PREFIXES = [prefix for prefix, _label, _formset in FORMSETS]
FORGED = {
    "TOTAL_FORMS": ["100000", str(MAX_ROWS + 1), "-1", "abc", "1e5", "9" * 30],
    "INITIAL_FORMS": ["-1", "100000", "abc"],
}
CASES = [(key, value) for key, values in FORGED.items() for value in values]


def _post(client, handbook, data):
    return client.post(reverse("handbooks:update", kwargs={"pk": handbook.pk}), data)


def _rows(handbook) -> dict[str, int]:
    return {
        prefix: getattr(handbook, formset.fk.remote_field.get_accessor_name()).count()
        for prefix, _l, formset in FORMSETS
    }


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize(("key", "value"), CASES)
def test_a_forged_form_count_is_a_400_before_any_row_is_built(login, author, prefix, key, value):
    handbook = make_handbook(author)
    client = login(author)
    data = form_data(handbook, author)
    data["criteria"] = "ไม่ควรถูกบันทึก"
    data[f"{prefix}-{key}"] = value
    before = _rows(handbook)
    with CaptureQueriesContext(connection) as queries:
        response = _post(client, handbook, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "จำนวนแถวที่ส่งมาไม่ถูกต้อง" in html
    # Refused before anything of the handbook was read: no row built, validated or rendered (before: 31 MB, all
    # six formsets with 1,200 rows each), a page of a few kB from the session and the user only.
    assert len(response.content) < 30_000
    assert 'name="documents-0-name"' not in html
    assert not [q["sql"] for q in queries.captured_queries if "handbooks_" in q["sql"]]
    assert len(queries) <= 8, [q["sql"] for q in queries.captured_queries]
    handbook.refresh_from_db()
    assert handbook.lock_version == 1 and handbook.criteria != "ไม่ควรถูกบันทึก"
    assert _rows(handbook) == before


def test_an_initial_count_above_the_total_is_a_400(login, author):
    handbook = make_handbook(author)
    data = form_data(handbook, author)
    data["steps-INITIAL_FORMS"] = str(int(data["steps-TOTAL_FORMS"]) + 1)
    assert _post(login(author), handbook, data).status_code == 400
    handbook.refresh_from_db()
    assert handbook.lock_version == 1


def test_no_formset_builds_more_forms_than_its_maximum():
    for _prefix, _label, formset in FORMSETS:
        assert formset.max_num == formset.absolute_max == MAX_ROWS


def test_the_maximum_number_of_rows_still_saves(login, author):
    handbook = make_handbook(author)
    data = form_data(handbook, author)
    # New rows as the page's script adds them, filled like the first (a valid document row).
    first = {key[len("documents-0-") :]: value for key, value in data.items() if key.startswith("documents-0-")}
    first = {name: value for name, value in first.items() if name not in ("id", "handbook", "DELETE")}
    while int(data["documents-TOTAL_FORMS"]) < MAX_ROWS:
        index = int(data["documents-TOTAL_FORMS"])
        add_row(data, "documents", **{**first, "name": f"เอกสารแถวที่ {index}", "position": index})
    assert data["documents-TOTAL_FORMS"] == str(MAX_ROWS)
    response = _post(login(author), handbook, data)
    assert response.status_code == 302
    assert Document.objects.filter(handbook=handbook).count() == MAX_ROWS
    handbook.refresh_from_db()
    assert handbook.lock_version == 2


def test_a_page_posted_without_management_forms_still_gets_the_form_with_a_message(login, author):
    """Missing counts are not forged sizes: Django's own "management form missing" error on the page (200)."""
    handbook = make_handbook(author)
    data = {key: value for key, value in form_data(handbook, author).items() if "_FORMS" not in key}
    response = _post(login(author), handbook, data)
    assert response.status_code == 200
    handbook.refresh_from_db()
    assert handbook.lock_version == 1


def test_a_post_without_the_rows_counts_gets_a_thai_message(login, author):
    """A form missing its hidden counts (an old page, a broken proxy) is refused in Thai, with nothing written."""
    handbook = make_handbook(author)
    data = {key: value for key, value in form_data(handbook, author).items() if "_FORMS" not in key}
    response = _post(login(author), handbook, data)
    html = response.content.decode()
    assert response.status_code == 200 and "ข้อมูลในแบบฟอร์มไม่ครบถ้วน" in html
    assert "Hidden field" not in html and "ManagementForm" not in html
