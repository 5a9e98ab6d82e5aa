import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from portal.models import Agency


@pytest.mark.django_db
def test_demo_loader_is_idempotent():
    call_command("load_demo", stdout=io.StringIO())
    counts = {m.__name__: m.objects.count() for m in _demo_models()}
    call_command("load_demo", stdout=io.StringIO())
    assert {m.__name__: m.objects.count() for m in _demo_models()} == counts
    assert counts["Agency"] >= 20


@pytest.mark.django_db
def test_demo_has_real_agencies_and_one_official_per_role():
    call_command("load_demo", stdout=io.StringIO())
    dbd = Agency.objects.get(name="กรมพัฒนาธุรกิจการค้า")
    assert dbd.parent.name == "กระทรวงพาณิชย์"
    for name in ["กรมการปกครอง", "กรมที่ดิน", "กรมส่งเสริมการปกครองท้องถิ่น"]:
        assert Agency.objects.get(name=name).parent.name == "กระทรวงมหาดไทย"
    assert Agency.objects.get(name="กรมโรงงานอุตสาหกรรม").parent.name == "กระทรวงอุตสาหกรรม"
    assert Agency.objects.filter(level_kind=Agency.Level.LOCAL).count() >= 3
    assert Agency.objects.filter(name__contains="ก.พ.ร.").exists()
    for agency in Agency.objects.all():
        agency.full_clean()
    User = get_user_model()
    assert User.objects.filter(is_author=True).exists()
    assert User.objects.filter(is_approver=True, is_central_approver=False).exists()
    assert User.objects.filter(is_central_approver=True).exists()
    assert User.objects.filter(is_superuser=True).exists()


def test_load_demo_finds_every_apps_demo_through_the_app_registry_in_dependency_order():
    """portal names no app above it: the demos are discovered, and INSTALLED_APPS order is the order they need
    (procedures need the demo agencies and laws, approvals the handbooks)."""
    from portal.management.commands.load_demo import demo_modules

    assert demo_modules() == ["portal.demo", "laws.demo", "procedures.demo", "handbooks.demo", "approvals.demo"]


def _demo_models():
    from django.apps import apps

    return [
        m for m in apps.get_models() if m._meta.app_label in {"portal", "laws", "procedures", "handbooks", "approvals"}
    ]


@pytest.mark.django_db(transaction=True)
def test_demo_notifications_are_kept_in_memory_and_never_printed(settings, capsys):
    """`make run` uses the console e-mail backend (DEBUG): the demo's workflow e-mails must not flood the terminal."""
    import importlib

    from django.apps import apps
    from django.core import mail

    # A transactional test (the demo commits, as under `make run`): put back the seeded service areas that an
    # earlier transactional test's flush removed (see tests/e2e/conftest.py service_areas).
    importlib.import_module("procedures.migrations.0002_seed_service_areas").seed(apps, None)
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue() + capsys.readouterr().out
    assert "Subject:" not in text and "ไม่ได้ส่งจริง" in text
    assert mail.outbox, "the demo's submit/approve steps still notify (in memory)"
