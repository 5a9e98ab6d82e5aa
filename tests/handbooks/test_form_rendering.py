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
    assert (
        '<div class="invalid-feedback d-block" id="id_documents-0-originals_error">'
        "<strong>กรุณากรอกเป็นจำนวนเต็ม เช่น 30</strong> </div>"
    ) in page


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


# --- One Jinja2 template per row (RowForm.card): the markup of formset_row.html + row_field.html, rendered once per row


def _row_cards(page: str) -> list[str]:
    """The row cards of the page (the <template> clone sources excluded), each up to the next card or template."""
    page = re.sub(r"<template data-empty-form>.*?</template>", "", page, flags=re.S)
    return re.split(r'(?=<div class="hb-row(?: d-none)?" data-row>)', page)[1:]


def _normalized(page: str) -> str:
    """The page with the CSRF token and the whitespace between tags taken out; both engines' escapes of ' and "."""
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
    page = page.replace("&#x27;", "&#39;").replace("&quot;", "&#34;")
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", page))


def test_rows_render_through_one_jinja2_template_per_row(author, login, monkeypatch):
    from handbooks import forms

    rendered = []
    real_render = forms.ROW_RENDERER.render

    def spy(template_name, context, request=None):
        rendered.append(template_name)
        return real_render(template_name, context, request)

    monkeypatch.setattr(forms.ROW_RENDERER, "render", spy)
    handbook = HandbookFactory(agency=author.agency, author=author, rows=2)
    page = login(author).get(reverse("handbooks:update", args=[handbook.pk])).content.decode()
    # 2 rows of each of the six sections, plus one empty_form per section
    assert rendered.count(forms.ROW_TEMPLATE) == 6 * 2 + 6
    # The rows' widgets use the flattened copies; Django's own templates render only the six management forms'
    # hidden inputs (their errors are shown as the formset's Thai messages, not as the hidden fields' own).
    django_templates = [n for n in rendered if n.startswith("django/")]
    assert sorted(set(django_templates)) == ["django/forms/widgets/hidden.html"]
    assert django_templates.count("django/forms/widgets/hidden.html") == 6 * 4
    assert len(_row_cards(page)) == 6 * 2


def _edit_page_posted_with_errors(author, login):
    """A handbook with 2 rows of each kind, its edit page's client and URL, and a post of it with a wrong number, a
    removed row and quotes and markup typed into a textarea."""
    handbook = HandbookFactory(agency=author.agency, author=author, rows=2)
    data = form_data(handbook, author)
    data["documents-0-originals"] = "สอง"
    data["channels-1-DELETE"] = "on"
    data["fees-0-note"] = 'อัตรา "พิเศษ" <b>ไม่ใช่แท็ก</b> & ค่า\'อื่น'
    return login(author), reverse("handbooks:update", args=[handbook.pk]), data


def test_jinja2_rows_and_the_django_template_fallback_give_the_same_page(author, login, monkeypatch):
    from handbooks import forms

    client, url, data = _edit_page_posted_with_errors(author, login)
    jinja = [client.get(url).content.decode(), client.post(url, data).content.decode()]
    for _prefix, _label, formset_class in forms.FORMSETS:
        monkeypatch.setattr(formset_class, "renderer", get_default_renderer())
    forms.forget_written_cards()  # the empty rows' cards too, written again by the other engine
    django = [client.get(url).content.decode(), client.post(url, data).content.decode()]
    assert "<b>ไม่ใช่แท็ก</b>" not in jinja[1]  # escaped by both engines
    for fast, plain in zip(jinja, django, strict=True):
        assert _normalized(fast) == _normalized(plain)


def test_widgets_written_in_python_give_byte_for_byte_the_jinja2_templates_html(author, login, monkeypatch):
    """handbooks.widget_html writes the rows' plain widgets without Jinja2: the page (a GET, and a POST sent back with
    errors, a removed row, a radio choice, quotes and markup typed into a textarea) is the same to the byte."""
    from handbooks import forms

    client, url, data = _edit_page_posted_with_errors(author, login)
    data["channels-0-lunch_break"] = "True"

    def pages():
        bodies = [client.get(url).content.decode(), client.post(url, data).content.decode()]
        return [re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body) for body in bodies]

    python = pages()
    monkeypatch.setattr(forms.ROW_RENDERER, "python_widgets", {})
    forms.forget_written_cards()
    jinja = pages()
    assert "&lt;b&gt;ไม่ใช่แท็ก&lt;/b&gt;" in python[1]
    assert 'type="radio"' in python[0] and "<select" in python[0] and "<textarea" in python[0]
    assert python == jinja


def test_a_posted_row_with_an_error_keeps_the_typed_value_and_shows_the_thai_message(author, login):
    handbook = HandbookFactory(agency=author.agency, author=author, rows=1)
    data = form_data(handbook, author)
    data["documents-0-originals"] = "สอง"
    data["documents-0-name"] = "บัตรประจำตัวประชาชน (ฉบับแก้)"
    page = login(author).post(reverse("handbooks:update", args=[handbook.pk]), data).content.decode()
    cell = re.search(r'<div class="[^"]*" data-field="originals">.*?</div>\s*</div>', page, flags=re.S).group(0)
    field = re.search(r'<input[^>]*name="documents-0-originals"[^>]*>', cell).group(0)
    assert 'value="สอง"' in field
    assert 'class="form-control is-invalid"' in field
    assert 'aria-invalid="true"' in field
    assert "<strong>กรุณากรอกเป็นจำนวนเต็ม เช่น 30</strong>" in cell
    name = re.search(r'<input[^>]*name="documents-0-name"[^>]*>', page).group(0)
    assert 'value="บัตรประจำตัวประชาชน (ฉบับแก้)"' in name and "is-invalid" not in name


def test_the_empty_rows_cards_written_once_are_those_of_each_handbook(author, login):
    """The six empty-row cards are written once per process and the handbook's id put in: another handbook's page
    carries exactly the cards written afresh for it."""
    from handbooks import forms

    first = HandbookFactory(agency=author.agency, author=author, rows=1)
    second = HandbookFactory(agency=author.agency, author=author, rows=2)
    client = login(author)

    def templates(handbook):
        page = client.get(reverse("handbooks:update", args=[handbook.pk])).content.decode()
        return re.findall(r"<template data-empty-form>(.*?)</template>", page, flags=re.S)

    forms.forget_written_cards()
    templates(first)
    kept = templates(second)
    forms.forget_written_cards()
    assert kept == templates(second)
    assert all(f'-__prefix__-handbook" value="{second.pk}"' in card for card in kept)
    assert not any(f'value="{first.pk}" id="id_' in card and "__prefix__-handbook" in card for card in kept)


def test_the_empty_form_template_carries_prefix_names_labels_and_the_row_buttons(author, login):
    handbook = HandbookFactory(agency=author.agency, author=author, rows=1)
    page = login(author).get(reverse("handbooks:update", args=[handbook.pk])).content.decode()
    templates = re.findall(r"<template data-empty-form>(.*?)</template>", page, flags=re.S)
    assert len(templates) == 6
    for prefix, template in zip(
        ("channels", "steps", "documents", "fees", "complaints", "forms"), templates, strict=True
    ):
        assert template.lstrip().startswith('<div class="hb-row" data-row>')
        names = re.findall(r'name="([^"]+)"', template)
        assert names and all(n.startswith(f"{prefix}-__prefix__-") for n in names), names
        assert f'name="{prefix}-__prefix__-position"' in template and "data-row-position" in template
        assert (
            f'<input type="checkbox" name="{prefix}-__prefix__-DELETE" id="id_{prefix}-__prefix__-DELETE">' in template
        )
        assert re.search(r'<div class="d-none"><input type="checkbox" name="[^"]+-DELETE"', template)
        for attribute in ("data-row-label", "data-row-up", "data-row-down", "data-row-remove"):
            assert attribute in template
        assert 'aria-label="จัดการแถว"' in template and 'title="เลื่อนขึ้น" aria-label="เลื่อนขึ้น ' in template
        for field_id in re.findall(r'<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"', template):
            if "-DELETE" in field_id or re.search(
                rf'id="{field_id}"[^>]*type="hidden"|type="hidden"[^>]*id="{field_id}"', template
            ):
                continue
            assert f'for="{field_id}"' in template, field_id
    channels = templates[0]
    assert (
        '<label class="form-label requiredField" for="id_channels-__prefix__-kind">'
        'ช่องทาง<span class="asteriskField">*</span></label>'
    ) in channels
    assert '<div class="col-md-4 col-lg-3" data-field="kind">' in channels
    assert '<div class="col-md-8 col-lg-9" data-field="place">' in channels  # long Thai place names
    assert '<div class="col-12" data-field="address">' in channels
    assert '<div class="col-md-4 col-lg-3 d-flex align-items-end" data-field="hours_24">' in channels
    assert '<fieldset class="mb-1"><legend class="form-label fs-6 requiredField">พักเที่ยง' in channels
    assert '<div class="form-check mb-1"><input type="checkbox" name="channels-__prefix__-hours_24"' in channels
    assert re.search(
        r'<div class="form-check"><input type="radio" name="channels-__prefix__-lunch_break" value="True"', channels
    )


def test_required_markers_help_text_and_columns_of_a_saved_row(author, login):
    handbook = HandbookFactory(agency=author.agency, author=author, rows=1)
    page = login(author).get(reverse("handbooks:update", args=[handbook.pk])).content.decode()
    required = re.findall(
        r'<label class="form-label requiredField" for="id_([^"]+)">[^<]*<span class="asteriskField">\*</span>', page
    )
    assert {"channels-0-kind", "steps-0-kind", "steps-0-duration_unit"} <= set(required)
    assert not re.search(r'<label class="form-label requiredField" for="id_[a-z]+-0-note"', page)  # optional: no *
    assert '<div id="id_fees-0-is_range_helptext" class="form-text">' in page
    assert re.search(
        r'<input type="checkbox" name="fees-0-is_range"[^>]*aria-describedby="id_fees-0-is_range_helptext"', page
    )
    assert '<div class="col-md-6" data-field="file">' in page


def test_a_row_marked_deleted_is_rendered_hidden_with_its_delete_box_checked(author, login):
    handbook = HandbookFactory(agency=author.agency, author=author, rows=2)
    data = form_data(handbook, author)
    data["steps-1-DELETE"] = "on"
    data["total_time_value"] = "สามสิบ"  # an error elsewhere: the page is rendered again
    page = login(author).post(reverse("handbooks:update", args=[handbook.pk]), data).content.decode()
    cards = [card for card in _row_cards(page) if re.search(r'name="steps-\d+-detail"', card)]
    assert len(cards) == 2
    deleted = [card for card in cards if 'name="steps-1-DELETE"' in card]
    assert deleted[0].startswith('<div class="hb-row d-none" data-row>')
    assert (
        '<div class="d-none"><input type="checkbox" name="steps-1-DELETE" id="id_steps-1-DELETE" checked></div>'
        in deleted[0]
    )
    kept = [card for card in cards if 'name="steps-0-DELETE"' in card]
    assert kept[0].startswith('<div class="hb-row" data-row>')


# Session, user, the handbook with its prefetched procedure, laws and six row tables, the ministries of the step
# selects, ...: the same whatever the number of rows (one more for the superuser). No session write: the idle
# expiry is pushed forward at most once a minute (portal.middleware).
EXPECTED_QUERIES = {"author": 13, "admin_user": 14}
ROW_TABLES = (
    "handbooks_servicechannel",
    "handbooks_step",
    "handbooks_document",
    "handbooks_fee",
    "handbooks_complaintchannel",
    "handbooks_formsample",
)


@pytest.mark.parametrize("persona", ["author", "admin_user"])
def test_edit_page_reads_each_row_table_once_in_a_fixed_number_of_queries(persona, author, admin_user, login):
    """The formsets reuse the rows handbook_queryset() prefetched (in position order) instead of reading them again."""
    user = {"author": author, "admin_user": admin_user}[persona]
    client = login(user)
    few = HandbookFactory(agency=author.agency, author=author, rows=1)
    many = HandbookFactory(agency=author.agency, author=author, rows=25)
    client.get(reverse("handbooks:update", args=[few.pk]))  # warm the session and caches
    counts = []
    for handbook in (few, many):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("handbooks:update", args=[handbook.pk]))
        assert response.status_code == 200
        counts.append(len(ctx))
        for table in ROW_TABLES:
            reads = [q["sql"] for q in ctx.captured_queries if re.search(rf'\bFROM "{table}"', q["sql"])]
            assert len(reads) == 1, (table, reads)
    assert counts == [EXPECTED_QUERIES[persona]] * 2


def test_errors_are_linked_to_their_fields_and_summed_up_at_the_top(author, login):
    """Issue 17 (WCAG 3.3.1, 1.3.1): a field with an error says so (aria-invalid) and points at its message
    (aria-describedby); a summary at the top, announced (role="alert") and focusable, links to each field."""
    handbook = HandbookFactory(agency=author.agency, author=author, rows=1)
    data = form_data(handbook, author)
    data["documents-0-originals"] = "สอง"
    page = login(author).post(reverse("handbooks:update", args=[handbook.pk]), data).content.decode()
    field = re.search(r'<input[^>]*name="documents-0-originals"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in field
    described = re.search(r'aria-describedby="([^"]*)"', field).group(1).split()
    assert "id_documents-0-originals_error" in described
    assert 'id="id_documents-0-originals_error"' in page
    summary = re.search(r'<div class="alert alert-danger error-summary"([^>]*)>(.*?)</div>', page, re.S)
    assert 'role="alert"' in summary.group(1) and 'tabindex="-1"' in summary.group(1)
    assert "<h2" in summary.group(2)
    link = re.search(r'<a class="alert-link" href="#id_documents-0-originals">([^<]*)</a>', summary.group(2))
    assert link and "เอกสารที่ 1" in link.group(1) and "กรุณากรอกเป็นจำนวนเต็ม เช่น 30" in link.group(1)
    assert summary.group(2).index("<h2") < summary.group(2).index("<ul")
    # The row's buttons name the row they act on (static/js/handbooks.js renumbers them as rows move).
    assert 'aria-label="เลื่อนขึ้น เอกสารที่ 1"' in page and 'aria-label="ลบแถว เอกสารที่ 1"' in page
