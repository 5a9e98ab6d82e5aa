"""Shared fixtures: a small agency tree and the personas every permission test uses.

Tree:  กระทรวงพาณิชย์ (ministry)
         ├── กรมพัฒนาธุรกิจการค้า (agency A)
         │     └── กองทะเบียนธุรกิจ (child of A)
         └── กรมการค้าภายใน (sibling agency B)
       สำนักนายกรัฐมนตรี → สำนักงาน ก.พ.ร. (OPDC, central approvers)
"""

import pytest
from django.test import Client

from portal.models import Agency
from tests.factories import AgencyFactory, UserFactory
from tests.redis_server import redis_cache, redis_server  # noqa: F401  (fixtures: a private redis-server)

L = Agency.Level


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Personas are created in nearly every test; PBKDF2's million rounds would dominate the run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: a page stored by an earlier test under the same ids (SQLite reuses them)
    must not answer this one (portal.pagecache), nor options a process kept for the filter forms (portal.choices)."""
    from django.core.cache import cache

    from handbooks.forms import forget_written_cards
    from portal.choices import forget_kept_options

    cache.clear()
    forget_kept_options()
    forget_written_cards()


@pytest.fixture
def tree(db):
    """Create the whole tree first, then hand out fresh rows (later inserts shift lft/rght of earlier ones)."""
    ministry = AgencyFactory(code="14000000", name="กระทรวงพาณิชย์", level_kind=L.MINISTRY, parent=None)
    a = AgencyFactory(code="14004000", name="กรมพัฒนาธุรกิจการค้า", level_kind=L.DEPARTMENT, parent=ministry)
    AgencyFactory(code="14004001", name="กองทะเบียนธุรกิจ", level_kind=L.DIVISION, parent=a)
    AgencyFactory(code="14003000", name="กรมการค้าภายใน", level_kind=L.DEPARTMENT, parent=ministry)
    pm = AgencyFactory(code="01000000", name="สำนักนายกรัฐมนตรี", level_kind=L.MINISTRY, parent=None)
    AgencyFactory(code="01015000", name="สำนักงาน ก.พ.ร.", level_kind=L.DEPARTMENT, parent=pm)
    return {agency.code: agency for agency in Agency.objects.all()}


@pytest.fixture
def ministry(tree):
    return tree["14000000"]


@pytest.fixture
def agency_a(tree):
    return tree["14004000"]


@pytest.fixture
def agency_a_child(tree):
    return tree["14004001"]


@pytest.fixture
def agency_b(tree):
    return tree["14003000"]


@pytest.fixture
def opdc(tree):
    return tree["01015000"]


@pytest.fixture
def author(agency_a):
    return UserFactory(username="author", first_name="สมชาย", last_name="ใจดี", agency=agency_a, is_author=True)


@pytest.fixture
def child_author(agency_a_child):
    return UserFactory(username="child_author", agency=agency_a_child, is_author=True)


@pytest.fixture
def outsider(agency_b):
    return UserFactory(username="outsider", agency=agency_b, is_author=True)


@pytest.fixture
def approver(agency_a):
    return UserFactory(username="approver", first_name="สมหญิง", last_name="รักงาน", agency=agency_a, is_approver=True)


@pytest.fixture
def approver_b(agency_b):
    return UserFactory(username="approver_b", agency=agency_b, is_approver=True)


@pytest.fixture
def central(opdc):
    return UserFactory(username="central", agency=opdc, is_approver=True, is_central_approver=True)


@pytest.fixture
def admin_user(opdc):
    return UserFactory(username="admin", agency=opdc, is_staff=True, is_superuser=True)


@pytest.fixture
def login():
    """login(user) -> a test Client signed in as that user (None: anonymous)."""

    def _login(user=None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return _login


PERSONAS = [
    "anonymous",
    "author",
    "child_author",
    "outsider",
    "approver",
    "approver_b",
    "central",
    "admin_user",
]


@pytest.fixture
def persona_client(request, login):
    """persona_client(name) -> (user or None, signed-in Client) for the names in PERSONAS."""

    def _get(name: str):
        if name == "anonymous":
            return None, login(None)
        user = request.getfixturevalue(name)
        return user, login(user)

    return _get
