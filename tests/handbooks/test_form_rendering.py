"""The one-page form's rows render with plain widgets and markup written once (no crispy per field)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.forms.renderers import get_default_renderer
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import HandbookFactory
from tests.handbooks.helpers import form_data


@pytest.mark.parametrize("persona", ["author", "admin_user"])
def test_edit_page_query_count_is_the_same_with_1_and_20_rows(persona, author, admin_user, login):
    user = {"author": author, "admin_user": admin_user}[persona]
    client = login(user)
    small = HandbookFactory(agency=author.agency, author=author, rows=1)
    big = HandbookFactory(agency=author.agency, author=author, rows=20)
    client.get(reverse("handbooks:update", args=[small.pk]))  # warm the session and caches
    counts = []
    for handbook in (small, big):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("handbooks:update", args=[handbook.pk]))
        assert response.status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts


def test_every_row_field_has_its_label_and_bootstrap_class(author, login):
    handbook = HandbookFactory(agency=author.agency, author=author, rows=2)
    page = login(author).get(reverse("handbooks:update", args=[handbook.pk])).content.decode()
    labelled = set(re.findall(r'<label[^>]*for="([^"]+)"', page))
    prefixes = ("channels", "steps", "documents", "fees", "complaints", "forms")
    controls = re.findall(r"<(input|select|textarea)\b([^>]*)>", page)
    seen = 0
    for tag, attrs in controls:
        name = re.search(r'name="([^"]+)"', attrs)
        if not name or not name.group(1).startswith(prefixes) or "__prefix__" in name.group(1):
            continue
        if 'type="hidden"' in attrs or name.group(1).endswith(("-DELETE", "TOTAL_FORMS")):
            continue
        seen += 1
        field_id = re.search(r'id="([^"]+)"', attrs).group(1)
        assert field_id in labelled, name.group(1)
        classes = re.search(r'class="([^"]*)"', attrs).group(1).split()
        expected = "form-select" if tag == "select" else "form-control"
        if 'type="checkbox"' in attrs or 'type="radio"' in attrs:
            expected = "form-check-input"
        assert expected in classes, (name.group(1), classes)
    assert seen > 50
    assert '<legend class="form-label fs-6 requiredField">พักเที่ยง<span class="asteriskField">*</span></legend>' in page
    assert "crispy" not in page


def test_a_row_error_is_shown_next_to_its_field(author, login):
    handbook = HandbookFactory(agency=author.agency, author=author, rows=1)
    data = form_data(handbook, author)
    data["documents-0-originals"] = "สอง"
    response = login(author).post(reverse("handbooks:update", args=[handbook.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    field = re.search(r'<input[^>]*name="documents-0-originals"[^>]*>', page).group(0)
    assert "is-invalid" in field and "form-control" in field
    assert '<div class="invalid-feedback d-block"><strong>กรุณากรอกเป็นจำนวนเต็ม เช่น 30</strong></div>' in page


def test_without_jinja2_the_rows_render_the_same_fields(author, login, monkeypatch):
    from handbooks import forms

    handbook = HandbookFactory(agency=author.agency, author=author, rows=1)
    client = login(author)
    url = reverse("handbooks:update", args=[handbook.pk])
    fast = client.get(url).content.decode()
    for _prefix, _label, formset_class in forms.FORMSETS:
        monkeypatch.setattr(formset_class, "renderer", get_default_renderer())
    plain = client.get(url).content.decode()

    def controls(page):
        return sorted(re.findall(r"<(?:input|select|textarea)\b[^>]*>|<label[^>]*for=\"[^\"]+\"", page))

    assert len(controls(plain)) == len(controls(fast)) > 50
