"""Permission matrix: every handbooks URL × persona × GET/POST → status (deny by default, 404 outside scope)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import get_resolver, reverse

from handbooks.models import FormSample, Handbook
from tests.conftest import PERSONAS
from tests.factories import HandbookFactory

LOGIN = "login"  # anonymous: redirected to the sign-in page

# url name → method → persona → expected status. The handbook and procedure belong to agency A (author's).
MATRIX = {
    "handbooks:list": {
        "GET": dict.fromkeys(PERSONAS[1:], 200) | {"anonymous": LOGIN},
        "POST": dict.fromkeys(PERSONAS[1:], 405) | {"anonymous": LOGIN},
    },
    "handbooks:create": {
        "GET": {
            "anonymous": LOGIN,
            "author": 200,
            "child_author": 200,
            "outsider": 200,
            "approver": 403,
            "approver_b": 403,
            "central": 403,
            "admin_user": 200,
        },
        "POST": {
            "anonymous": LOGIN,
            "author": 200,  # empty form: shown again with errors
            "child_author": 200,
            "outsider": 200,
            "approver": 403,
            "approver_b": 403,
            "central": 403,
            "admin_user": 200,
        },
    },
    "handbooks:agency_search": {
        "GET": {
            "anonymous": LOGIN,
            "author": 200,
            "child_author": 200,
            "outsider": 200,
            "approver": 403,
            "approver_b": 403,
            "central": 403,
            "admin_user": 200,
        },
        "POST": dict.fromkeys(PERSONAS[1:], 405) | {"anonymous": LOGIN},
    },
    "handbooks:detail": {
        "GET": {
            "anonymous": LOGIN,
            "author": 200,
            "child_author": 404,
            "outsider": 404,
            "approver": 200,
            "approver_b": 404,
            "central": 200,
            "admin_user": 200,
        },
        "POST": dict.fromkeys(PERSONAS[1:], 405) | {"anonymous": LOGIN},
    },
    "handbooks:update": {
        "GET": {
            "anonymous": LOGIN,
            "author": 200,
            "child_author": 404,
            "outsider": 404,
            "approver": 403,
            "approver_b": 404,
            "central": 403,
            "admin_user": 200,
        },
        "POST": {
            "anonymous": LOGIN,
            "author": 200,
            "child_author": 404,
            "outsider": 404,
            "approver": 403,
            "approver_b": 404,
            "central": 403,
            "admin_user": 200,
        },
    },
    "handbooks:print": {
        "GET": {
            "anonymous": LOGIN,
            "author": 200,
            "child_author": 404,
            "outsider": 404,
            "approver": 200,
            "approver_b": 404,
            "central": 200,
            "admin_user": 200,
        },
        "POST": dict.fromkeys(PERSONAS[1:], 405) | {"anonymous": LOGIN},
    },
    "handbooks:copy": {
        "GET": dict.fromkeys(PERSONAS[1:], 405) | {"anonymous": LOGIN},
        "POST": {
            "anonymous": LOGIN,
            "author": 302,
            "child_author": 404,
            "outsider": 404,
            "approver": 403,
            "approver_b": 404,
            "central": 403,
            "admin_user": 302,
        },
    },
    "handbooks:form_file": {
        "GET": {
            "anonymous": 404,
            "author": 200,
            "child_author": 404,
            "outsider": 404,
            "approver": 200,
            "approver_b": 404,
            "central": 200,
            "admin_user": 200,
        },
        "POST": dict.fromkeys(PERSONAS, 405),
    },
}

CASES = [(name, method, persona) for name, methods in MATRIX.items() for method in methods for persona in PERSONAS]


def test_every_handbooks_url_name_is_in_the_matrix():
    names = {f"handbooks:{n}" for n in get_resolver().namespace_dict["handbooks"][1].reverse_dict if isinstance(n, str)}
    assert names == set(MATRIX)
    assert all(set(per_persona) == set(PERSONAS) for m in MATRIX.values() for per_persona in m.values())


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "method", "persona"), CASES)
def test_permission_matrix(name, method, persona, author, persona_client, settings):
    handbook = HandbookFactory(agency=author.agency, author=author)
    sample = FormSample.objects.create(handbook=handbook, name="แบบคำขอ", position=9)
    sample.file.save("form.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    kwargs = {
        "handbooks:list": {},
        "handbooks:agency_search": {},
        "handbooks:create": {"procedure_pk": handbook.procedure_id},
        "handbooks:form_file": {"pk": sample.pk},
    }.get(name, {"pk": handbook.pk})
    user, client = persona_client(persona)
    url = reverse(name, kwargs=kwargs)
    before = Handbook.objects.count()
    response = client.get(url) if method == "GET" else client.post(url, {})
    expected = MATRIX[name][method][persona]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL) + "?next=")
    else:
        assert response.status_code == expected
    # Only a permitted copy creates anything.
    created = Handbook.objects.count() - before
    assert created == (1 if (name == "handbooks:copy" and expected == 302) else 0)
