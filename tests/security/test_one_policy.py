"""One permission policy (issue 11, defect 4): each rule is a QuerySet method with a single-object twin, and every
button, menu and view asks them. These tests hold the copies together: a twin that drifts from its QuerySet
method, or a button shown to someone the view refuses (or hidden from someone it serves), fails here."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from handbooks.models import Handbook
from procedures.models import Procedure
from tests.approvals.helpers import in_state, make_handbook, published
from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db

# model → (QuerySet rule, single-object twin)
RULES = {
    Handbook: [
        ("visible_to", "is_visible_to"),
        ("in_scope_of", "is_in_scope_of"),
        ("editable_by", "is_editable_by"),
        ("reviewable_by", "is_reviewable_by"),
        ("copyable_by", "is_copyable_by"),
        ("deletable_by", "is_deletable_by"),
        ("on_procedures_owned_by", "is_on_procedure_owned_by"),
    ],
    Procedure: [("visible_to", "is_visible_to"), ("editable_by", "is_editable_by")],
}
SIGNED_IN = [p for p in PERSONAS if p != "anonymous"]


@pytest.fixture
def handbooks(author, approver, child_author, outsider, approver_b):
    """Handbooks in every state, in agency A, in the division below A and in sibling agency B; and agency B's, one
    published and one draft, on a procedure of agency A."""
    own = make_handbook(author)
    unpublished = published(author, approver)
    unpublished.unpublish(approver, "ยกเลิกการเผยแพร่")  # a draft again, with a version: never deleted
    return [
        own,
        in_state("pending", author, approver),
        in_state("returned", author, approver),
        in_state("revision", author, approver),
        unpublished,
        make_handbook(child_author),
        published(outsider, approver_b),
        published(outsider, approver_b, procedure=own.procedure),
        make_handbook(outsider, procedure=own.procedure),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("model", [Handbook, Procedure], ids=["handbook", "procedure"])
def test_every_rule_and_its_twin_agree(persona, model, persona_client, handbooks):
    user = persona_client(persona)[0] or AnonymousUser()
    for obj in model.objects.select_related(*(("agency", "procedure__agency") if model is Handbook else ("agency",))):
        for many, one in RULES[model]:
            in_queryset = getattr(model.objects, many)(user).filter(pk=obj.pk).exists()
            assert in_queryset == getattr(obj, one)(user), (persona, str(obj), many)
    if model is Handbook:  # the pages read handbooks annotated with whether they were ever published
        for obj in Handbook.objects.with_publication_record().select_related("agency"):
            in_queryset = Handbook.objects.deletable_by(user).filter(pk=obj.pk).exists()
            assert in_queryset == obj.is_deletable_by(user), (persona, str(obj), "with_publication_record")


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_the_copy_button_is_shown_exactly_to_those_the_copy_view_serves(persona, persona_client, author, approver):
    handbook = published(author, approver)
    _user, client = persona_client(persona)
    page = client.get(reverse("handbooks:detail", args=[handbook.pk]))
    shown = reverse("handbooks:copy", args=[handbook.pk]) in page.content.decode()
    before = Handbook.objects.count()
    response = client.post(reverse("handbooks:copy", args=[handbook.pk]))
    served = response.status_code == 302 and Handbook.objects.count() == before + 1
    assert shown == served, (persona, page.status_code, response.status_code)


@pytest.mark.parametrize("persona", SIGNED_IN)
@pytest.mark.parametrize("state", ["draft", "returned", "published", "revision", "pending"])
def test_the_delete_button_is_shown_exactly_to_those_the_delete_view_serves(
    state, persona, persona_client, author, approver
):
    handbook = in_state(state, author, approver)
    _user, client = persona_client(persona)
    page = client.get(reverse("handbooks:detail", args=[handbook.pk]))
    shown = reverse("handbooks:delete", args=[handbook.pk]) in page.content.decode()
    response = client.post(reverse("handbooks:delete", args=[handbook.pk]))
    served = response.status_code == 302 and not Handbook.objects.filter(pk=handbook.pk).exists()
    assert shown == served, (state, persona, page.status_code, response.status_code)


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_the_edit_button_is_shown_exactly_to_those_the_edit_page_serves(persona, persona_client, author, approver):
    handbook = in_state("revision", author, approver)
    _user, client = persona_client(persona)
    page = client.get(reverse("handbooks:detail", args=[handbook.pk]))
    shown = reverse("handbooks:update", args=[handbook.pk]) + '"' in page.content.decode()
    served = client.get(reverse("handbooks:update", args=[handbook.pk])).status_code == 200
    assert shown == served, persona


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_the_queue_menu_is_shown_exactly_to_those_the_queue_serves(persona, persona_client):
    _user, client = persona_client(persona)
    shown = reverse("approvals:queue") in client.get(reverse("portal:dashboard")).content.decode()
    assert shown == (client.get(reverse("approvals:queue")).status_code == 200), persona


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_the_reports_menu_is_shown_exactly_to_those_the_reports_serve(persona, persona_client):
    _user, client = persona_client(persona)
    shown = f'href="{reverse("reports:index")}"' in client.get(reverse("portal:dashboard")).content.decode()
    assert shown == (client.get(reverse("reports:index")).status_code == 200), persona


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_the_create_buttons_are_shown_exactly_to_those_the_create_pages_serve(persona, persona_client, author):
    procedure = make_handbook(author).procedure
    _user, client = persona_client(persona)
    create_handbook = reverse("handbooks:create", args=[procedure.pk])
    page = client.get(reverse("procedures:detail", args=[procedure.pk]))
    if page.status_code == 200:
        shown = create_handbook in page.content.decode()
        assert shown == (client.get(create_handbook).status_code == 200), persona
    listing = client.get(reverse("procedures:list")).content.decode()
    shown = reverse("procedures:create") in listing
    assert shown == (client.get(reverse("procedures:create")).status_code == 200), persona
