"""The edit page links an uploaded form sample through the view that checks permission (handbooks:form_file), never
its storage address under /media/ (which no route serves: a draft's upload must not be public to whoever has the
link). Both renderings of the rows (Jinja2 and the Django-template fallback) say the same."""

import re

import pytest
from django.forms.renderers import get_default_renderer
from django.urls import reverse

from tests.approvals.helpers import PDF, attach_form_file, make_handbook
from tests.handbooks.helpers import form_data

pytestmark = pytest.mark.django_db


def _file_cell(page: str, row: int) -> str:
    """The markup of forms-<row>-file's cell: from its data-field div up to the file input itself."""
    match = re.search(
        rf'<div class="col-md-6" data-field="file">(?:(?!data-field=).)*?'
        rf'<input type="file" name="forms-{row}-file"[^>]*>',
        page,
        flags=re.S,
    )
    assert match, f"no file cell for row {row}"
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", match.group(0)))


def _django_template_rows(monkeypatch) -> None:
    from handbooks import forms

    for _prefix, _label, formset_class in forms.FORMSETS:
        monkeypatch.setattr(formset_class, "renderer", get_default_renderer())


@pytest.mark.parametrize("engine", ["jinja2", "django"])
def test_the_edit_page_links_an_uploaded_form_through_the_checked_view_not_media(engine, author, login, monkeypatch):
    handbook = make_handbook(author)
    sample = attach_form_file(handbook)
    if engine == "django":
        _django_template_rows(monkeypatch)
    page = login(author).get(reverse("handbooks:update", args=[handbook.pk])).content.decode()
    link = reverse("handbooks:form_file", kwargs={"pk": sample.pk})
    assert f'<a href="{link}">{sample.file.name}</a>' in page
    assert "/media/" not in page and 'href="media/' not in page


@pytest.mark.parametrize("engine", ["jinja2", "django"])
def test_after_a_refused_post_the_stored_file_is_still_linked_through_the_checked_view(
    engine, author, login, monkeypatch
):
    handbook = make_handbook(author)
    sample = attach_form_file(handbook)
    if engine == "django":
        _django_template_rows(monkeypatch)
    data = form_data(handbook, author)
    data["total_time_value"] = "สามสิบ"  # an error elsewhere: the page is rendered again
    response = login(author).post(reverse("handbooks:update", args=[handbook.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<a href="{reverse("handbooks:form_file", kwargs={"pk": sample.pk})}">{sample.file.name}</a>' in page
    assert "/media/" not in page


def test_both_row_renderings_give_the_same_file_cell(author, login, monkeypatch):
    handbook = make_handbook(author)
    sample = attach_form_file(handbook)
    client = login(author)
    url = reverse("handbooks:update", args=[handbook.pk])
    jinja = client.get(url).content.decode()
    _django_template_rows(monkeypatch)
    django = client.get(url).content.decode()
    for row in (0, 1):  # the factory's link-only row and the uploaded one
        assert _file_cell(jinja, row).replace("&#x27;", "&#39;") == _file_cell(django, row).replace("&#x27;", "&#39;")
    link = reverse("handbooks:form_file", kwargs={"pk": sample.pk})
    assert f'ปัจจุบัน: <a href="{link}">{sample.file.name}</a>' in _file_cell(jinja, 1)
    assert 'name="forms-1-file-clear"' in _file_cell(jinja, 1) and "<a " not in _file_cell(jinja, 0)


def test_the_link_on_the_edit_page_gives_the_author_the_file(author, login):
    handbook = make_handbook(author)
    attach_form_file(handbook)
    client = login(author)
    page = client.get(reverse("handbooks:update", args=[handbook.pk])).content.decode()
    href = re.search(r'<a href="([^"]+)">handbooks/forms/', page).group(1)
    response = client.get(href)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert login().get(href).status_code == 404  # a draft's upload: not for the public
