"""portal.choices: the long option lists of the filter forms (public search, approver queue, procedure list).

They must render exactly what Django's own Select renders (values, labels, the chosen option kept after a search),
escape what an administrator typed into an agency name, and cost one query however many agencies exist.
"""

import pytest
from django import forms
from django.db import connection
from django.test.html import parse_html
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.choices import FastForm, FastSelect
from portal.filters import OwnerAgencyField
from portal.models import Agency
from tests.factories import AgencyFactory

CHOICES = [("", "ทุกหน่วยงาน"), (1, "กระทรวงพาณิชย์"), (2, "— กรมพัฒนาธุรกิจการค้า"), (30, 'ชื่อมี <b> & "อัญประกาศ"')]


@pytest.mark.parametrize("value", [None, "", "2", 30, ["1"], "999"])
def test_fast_select_renders_the_same_html_as_djangos_select(value):
    attrs = {"class": "form-select", "id": "id_agency"}
    ours = FastSelect(attrs=attrs, choices=CHOICES).render("agency", value)
    django = forms.Select(attrs=attrs, choices=CHOICES).render("agency", value)
    assert parse_html(ours) == parse_html(django)


def test_fast_select_escapes_labels_and_marks_only_the_first_matching_option():
    html = FastSelect(choices=[("1", "a"), ("1", "b"), ("2", "<script>")]).render("x", "1")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.count(" selected") == 1


def test_fast_form_swaps_plain_selects_only():
    class Form(FastForm):
        kind = forms.ChoiceField(choices=[("a", "ก"), ("b", "ข")])
        many = forms.MultipleChoiceField(choices=[("a", "ก")])
        radio = forms.ChoiceField(choices=[("a", "ก")], widget=forms.RadioSelect)

    form = Form()
    assert type(form.fields["kind"].widget) is FastSelect
    assert type(form.fields["many"].widget) is forms.SelectMultiple
    assert type(form.fields["radio"].widget) is forms.RadioSelect
    assert type(Form.base_fields["kind"].widget) is forms.Select  # the class's own field is left alone


@pytest.mark.django_db
def test_owner_agency_options_are_ministries_and_departments_in_tree_order(tree, ministry, agency_a, agency_b):
    field = OwnerAgencyField()
    labels = [label for _value, label in field.choices]
    assert labels[0] == "ทุกหน่วยงาน"
    assert "กระทรวงพาณิชย์" in labels and f"— {agency_a.name}" in labels and f"— {agency_b.name}" in labels
    assert not any("กองทะเบียนธุรกิจ" in label for label in labels)  # a division is never an option
    assert labels.index("กระทรวงพาณิชย์") < labels.index(f"— {agency_a.name}")
    assert field.clean(str(agency_a.pk)) == agency_a
    with pytest.raises(forms.ValidationError):
        field.clean(str(tree["14004001"].pk))  # a division's id is refused like any unknown choice


@pytest.mark.django_db
def test_public_home_agency_options_cost_one_query_with_few_and_many_agencies(client, ministry):
    url = reverse("public:home")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(40):
        AgencyFactory(code=f"1409{i:02d}00", name=f"กรมทดสอบ {i}", level_kind=Agency.Level.DEPARTMENT, parent=ministry)
    client.get(url)  # an agency change starts a new publication generation: the list's count is taken once again
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert len(many) == len(few)
    assert html.count("— กรมทดสอบ") == 40


@pytest.mark.django_db
def test_chosen_agency_stays_selected_after_a_search(client, agency_a):
    html = client.get(reverse("public:home"), {"agency": agency_a.pk, "q": "โรงงาน"}).content.decode()
    assert f'<option value="{agency_a.pk}" selected>— {agency_a.name}</option>' in html


def _agency_queries(ctx) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if 'FROM "portal_agency"' in q["sql"]]


@pytest.mark.django_db
def test_the_options_are_kept_for_the_generation_and_an_agency_change_shows_at_once(client, ministry, agency_a):
    """The options (and the select written from them) are read once per publication generation; renaming an agency
    starts a new one and this process forgets its copy at once."""
    url = reverse("public:home")
    client.get(url, {"q": "โรงงาน"})
    with CaptureQueriesContext(connection) as again:
        html = client.get(url, {"q": "ใบอนุญาต"}).content.decode()
    assert _agency_queries(again) == [] and f"— {agency_a.name}</option>" in html
    agency_a.name = "กรมที่เปลี่ยนชื่อแล้ว"
    agency_a.save()
    with CaptureQueriesContext(connection) as after:
        html = client.get(url, {"q": "ใบอนุญาต"}).content.decode()
    assert len(_agency_queries(after)) == 1 and "— กรมที่เปลี่ยนชื่อแล้ว</option>" in html


@pytest.mark.django_db
def test_the_kept_select_keeps_each_choice_apart(client, agency_a, agency_b):
    url = reverse("public:home")
    first = client.get(url, {"agency": agency_a.pk}).content.decode()
    second = client.get(url, {"agency": agency_b.pk}).content.decode()
    assert f'<option value="{agency_a.pk}" selected>' in first and f'<option value="{agency_b.pk}" selected>' in second
    assert f'<option value="{agency_a.pk}" selected>' not in second


@pytest.mark.django_db
def test_option_lists_of_different_queries_are_kept_apart(ministry, agency_a, agency_b):
    """The kept options are keyed by what their query depends on (model, filters, columns, order), not its SQL: a
    field whose queryset filters differently gets its own list, the same query the kept one."""
    every = OwnerAgencyField(queryset=Agency.objects.owners().order_by("tree_id", "lft"))
    only_a = OwnerAgencyField(queryset=Agency.objects.filter(pk=agency_a.pk).order_by("tree_id", "lft"))
    reversed_order = OwnerAgencyField(queryset=Agency.objects.owners().order_by("-tree_id", "-lft"))
    lists = [[value for value, _label in field.choices if value] for field in (every, only_a, reversed_order)]
    assert {ministry.pk, agency_a.pk} <= set(lists[0]) and len(lists[0]) > 2
    assert lists[1] == [agency_a.pk] and lists[2] == lists[0][::-1]
    with CaptureQueriesContext(connection) as again:
        same = OwnerAgencyField(queryset=Agency.objects.owners().order_by("tree_id", "lft"))
        assert [value for value, _label in same.choices if value] == lists[0]
    assert len(again) == 0


@pytest.mark.django_db
def test_values_typed_into_the_address_are_not_kept(client, agency_a):
    """A chosen value that is no option (typed into the address) still renders, with a clear Thai error, and the
    process keeps no select for it: only choices among the options are kept, so memory cannot grow per request."""
    from portal import choices

    url = reverse("public:home")
    client.get(url, {"agency": agency_a.pk})
    kept = len(choices._kept)
    for n in range(5):
        response = client.get(url, {"agency": f"9999{n}"})
        assert response.status_code == 200 and "เลือกตัวเลือกที่ถูกต้อง" in response.content.decode()
    assert len(choices._kept) == kept
    assert client.get(url, {"agency": agency_a.pk}).status_code == 200 and len(choices._kept) == kept
