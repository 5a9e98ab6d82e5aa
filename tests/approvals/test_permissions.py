"""Permission matrix: every approvals: and public: URL × persona × GET/POST → status.

The handbook belongs to agency A (กรมพัฒนาธุรกิจการค้า), written and submitted by `author`. Outside the
official's scope → 404; inside it with the wrong role → 403; anonymous → sign-in (302) except public pages;
transitions are POST-only (GET → 405); public pages are GET-only.
"""

import pytest
from django.conf import settings
from django.urls import URLResolver, get_resolver, reverse

from tests.approvals.helpers import in_state, published_with_form_file
from tests.conftest import PERSONAS

LOGIN = "login"  # an anonymous visitor is sent to the sign-in page

# url name → (state of the handbook, POST data, {persona: (GET status, POST status)})
ALL_GET_405 = {p: (405, None) for p in PERSONAS}

M = {
    "approvals:queue": (
        None,
        {},
        {
            "anonymous": (LOGIN, LOGIN),
            "author": (403, 403),
            "child_author": (403, 403),
            "outsider": (403, 403),
            "approver": (200, 405),
            "approver_b": (200, 405),
            "central": (200, 405),
            "admin_user": (200, 405),
        },
    ),
    "approvals:queue_csv": (
        None,
        {},
        {
            "anonymous": (LOGIN, LOGIN),
            "author": (403, 403),
            "child_author": (403, 403),
            "outsider": (403, 403),
            "approver": (200, 405),
            "approver_b": (200, 405),
            "central": (200, 405),
            "admin_user": (200, 405),
        },
    ),
    "approvals:review": (
        "pending",
        {},
        {
            "anonymous": (LOGIN, LOGIN),
            "author": (403, 405),
            "child_author": (404, 405),
            "outsider": (404, 405),
            "approver": (200, 405),
            "approver_b": (404, 405),
            "central": (200, 405),
            "admin_user": (200, 405),
        },
    ),
    "approvals:submit": (
        "draft",
        {"change_note": "ทดสอบ"},
        {
            "anonymous": (LOGIN, LOGIN),
            "author": (405, 302),
            "child_author": (405, 404),
            "outsider": (405, 404),
            "approver": (405, 403),
            "approver_b": (405, 404),
            "central": (405, 403),
            "admin_user": (405, 302),
        },
    ),
    "approvals:withdraw": (
        "pending",
        {},
        {
            "anonymous": (LOGIN, LOGIN),
            "author": (405, 302),
            "child_author": (405, 404),
            "outsider": (405, 404),
            "approver": (405, 403),
            "approver_b": (405, 404),
            "central": (405, 403),
            "admin_user": (405, 302),
        },
    ),
    "approvals:approve": (
        "pending",
        {"comment": ""},
        {
            "anonymous": (LOGIN, LOGIN),
            "author": (405, 403),
            "child_author": (405, 404),
            "outsider": (405, 404),
            "approver": (405, 302),
            "approver_b": (405, 404),
            "central": (405, 302),
            "admin_user": (405, 302),
        },
    ),
    "approvals:return": (
        "pending",
        {"reason": "แก้ไขเอกสาร"},
        {
            "anonymous": (LOGIN, LOGIN),
            "author": (405, 403),
            "child_author": (405, 404),
            "outsider": (405, 404),
            "approver": (405, 302),
            "approver_b": (405, 404),
            "central": (405, 302),
            "admin_user": (405, 302),
        },
    ),
    "approvals:unpublish": (
        "published",
        {"reason": "ยกเลิก"},
        {
            "anonymous": (LOGIN, LOGIN),
            "author": (405, 403),
            "child_author": (405, 404),
            "outsider": (405, 404),
            "approver": (405, 302),
            "approver_b": (405, 404),
            "central": (405, 302),
            "admin_user": (405, 302),
        },
    ),
    # officials may read the versions of any handbook they may see (every published one)
    "approvals:versions": ("published", {}, {**{p: (200, 405) for p in PERSONAS}, "anonymous": (LOGIN, LOGIN)}),
    "approvals:version": ("published", {}, {**{p: (200, 405) for p in PERSONAS}, "anonymous": (LOGIN, LOGIN)}),
    "approvals:version_form_file": (
        "published_form_file",
        {},
        {**{p: (200, 405) for p in PERSONAS}, "anonymous": (LOGIN, LOGIN)},
    ),
    "public:home": (None, {}, {p: (200, 405) for p in PERSONAS}),
    "public:handbook": ("published", {}, {p: (200, 405) for p in PERSONAS}),
    "public:version": ("published", {}, {p: (200, 405) for p in PERSONAS}),
    "public:form_file": ("published_form_file", {}, {p: (200, 405) for p in PERSONAS}),
    "public:agencies": (None, {}, {p: (200, 405) for p in PERSONAS}),
    "public:agency": (None, {}, {p: (200, 405) for p in PERSONAS}),
}

CASES = [
    (name, persona, method)
    for name, (_state, _data, expected) in M.items()
    for persona in PERSONAS
    for method in ("GET", "POST")
]


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded form files go to a temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _kwargs(name, handbook, agency):
    if name in ("approvals:version", "public:version"):
        return {"pk": handbook.pk, "number": 1}
    if name in ("public:form_file", "approvals:version_form_file"):
        index = next(i for i, f in enumerate(handbook.live_version.snapshot["forms"]) if f["file"])
        return {"pk": handbook.pk, "number": 1, "index": index}
    if name == "public:agency":
        return {"pk": agency.pk}
    if name in ("approvals:queue", "approvals:queue_csv", "public:home", "public:agencies"):
        return {}
    return {"pk": handbook.pk}


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "persona", "method"), CASES)
def test_permission_matrix(persona_client, author, approver, agency_a, name, persona, method, media):
    state, data, expected = M[name]
    if state == "published_form_file":
        handbook, _sample = published_with_form_file(author, approver)
    else:
        handbook = in_state(state or "published", author, approver)
    _user, client = persona_client(persona)
    url = reverse(name, kwargs=_kwargs(name, handbook, agency_a))
    response = client.get(url) if method == "GET" else client.post(url, data)
    want = expected[persona][0 if method == "GET" else 1]
    if want == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL) + "?next=")
    else:
        assert response.status_code == want, response.content[:300]


def _names(namespace):
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace == namespace:
            for pattern in entry.url_patterns:
                if getattr(pattern, "name", None):
                    yield f"{namespace}:{pattern.name}"


def test_every_approvals_and_public_url_is_in_the_matrix():
    names = set(_names("approvals")) | set(_names("public"))
    assert names, "no URL found: the namespaces moved?"
    assert names == set(M), f"missing: {sorted(names - set(M))}, stale: {sorted(set(M) - names)}"
    for name, (_state, _data, expected) in M.items():
        assert set(expected) == set(PERSONAS), name
