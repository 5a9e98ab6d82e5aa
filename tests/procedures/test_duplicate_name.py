"""A duplicate procedure name (P3: unique in its owner agency) is refused with a link to the procedure that has it
(issue 12), from the form's check and from the unique constraint when another official saved the name meanwhile."""

import threading

import pytest
from django.db import connection
from django.db.models.signals import pre_save
from django.urls import reverse

from procedures.models import Procedure, ServiceArea
from tests.factories import LawFactory, ProcedureFactory
from tests.procedures.helpers import form_data

pytestmark = pytest.mark.django_db
CREATE = reverse("procedures:create")


@pytest.fixture
def law(db):
    return LawFactory()


@pytest.fixture
def client_a(login, author):
    return login(author)


def test_P3_a_duplicate_name_links_to_the_procedure_that_has_it(client_a, agency_a, law):
    existing = ProcedureFactory(agency=agency_a, name="การขออนุญาตจำหน่ายสินค้าควบคุม [N]")
    response = client_a.post(CREATE, form_data(agency_a, [law]))
    assert response.status_code == 200
    html = response.content.decode()
    link = f'<a href="{reverse("procedures:detail", args=[existing.pk])}">การขออนุญาตจำหน่ายสินค้าควบคุม [N]</a>'
    assert link in html  # a link, not escaped markup
    assert Procedure.objects.count() == 1


def test_P3_renaming_a_procedure_to_a_name_its_agency_already_has_links_to_that_procedure(client_a, agency_a, law):
    existing = ProcedureFactory(agency=agency_a, name="การขออนุญาตจำหน่ายสินค้าควบคุม [N]")
    renamed = ProcedureFactory(agency=agency_a, name="การขออนุญาตอื่น [N]", laws=[law])
    data = form_data(agency_a, [law], lock_version=str(renamed.lock_version))
    response = client_a.post(reverse("procedures:update", args=[renamed.pk]), data)
    assert response.status_code == 200
    assert f'href="{reverse("procedures:detail", args=[existing.pk])}"' in response.content.decode()
    renamed.refresh_from_db()
    assert renamed.name == "การขออนุญาตอื่น [N]"


@pytest.mark.django_db(transaction=True)
def test_P3_a_name_another_official_saved_meanwhile_is_refused_with_a_link_not_a_500(login, author, agency_a):
    """The form found no procedure of that name; another official's save commits it before this one's INSERT
    (simulated from another connection, just before the save): the unique constraint refuses, and the page links
    the procedure that won."""
    if connection.vendor == "sqlite":
        pytest.skip("the development SQLite database serialises writers: no save can commit inside another's")
    ServiceArea.objects.get_or_create(code="central", defaults={"name": "ส่วนกลาง", "position": 0})
    law = LawFactory()
    winner = {}

    def other_official_saves(sender, instance, **kwargs):
        if "started" in winner:  # the other official's own save
            return
        winner["started"] = True

        def save():
            winner["procedure"] = ProcedureFactory(agency=agency_a, name=instance.name)
            connection.close()  # this thread's own connection

        thread = threading.Thread(target=save)
        thread.start()
        thread.join()

    pre_save.connect(other_official_saves, sender=Procedure, dispatch_uid="race")
    try:
        response = login(author).post(CREATE, form_data(agency_a, [law]))
    finally:
        pre_save.disconnect(dispatch_uid="race", sender=Procedure)
    assert response.status_code == 200
    assert f'href="{reverse("procedures:detail", args=[winner["procedure"].pk])}"' in response.content.decode()
    assert list(Procedure.objects.values_list("pk", flat=True)) == [winner["procedure"].pk]
