"""Audit actions read in Thai words in the admin (issue 12): each app names the actions it writes
(`portal.audit.register_labels` in its AppConfig.ready), and none is left as a code name."""

import ast
import datetime
from pathlib import Path

import pytest
from django.urls import reverse

from portal import audit
from portal.models import AuditEntry
from tests.portal.pages import result_rows, visible_text

ROOT = Path(__file__).resolve().parents[2]
APPS = ("portal", "laws", "procedures", "handbooks", "approvals", "bench")


def _writes_audit_rows(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name == "record":
                return True
    return False


def actions_written_in_the_code() -> dict[str, str]:
    """Every dotted action a module that writes audit rows names (`record("…")`, `record(action)` with the action
    chosen from literals in the same module, the workflow's AUDIT_ACTIONS): action → the file naming it."""
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            if not _writes_audit_rows(tree):
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    parts = node.value.split(".")
                    if len(parts) == 3 and parts[0] in APPS and all(p.replace("_", "").isalpha() for p in parts):
                        found.setdefault(node.value, str(path.relative_to(ROOT)))
    return found


def test_every_audit_action_written_anywhere_has_a_thai_label():
    written = actions_written_in_the_code()
    # The scan must see the actions it is meant to see, or the test below proves nothing.
    for known in (
        "approvals.handbook.approved",
        "procedures.procedure.deleted",
        "portal.auth.login",
        "laws.law.created",
    ):
        assert known in written
    labels = audit.action_labels()
    unnamed = {action: where for action, where in written.items() if action not in labels}
    assert unnamed == {}, "register a Thai label with portal.audit.register_labels in the app's AppConfig.ready"
    for action in written:
        assert labels[action] != action and not labels[action].isascii(), action


def test_an_action_nobody_named_shows_its_code_rather_than_nothing():
    assert audit.action_label("someapp.thing.done") == "someapp.thing.done"


@pytest.fixture
def entries(author, admin_user):
    audit.record("approvals.handbook.approved", obj=author, actor=admin_user, data={"version": 1})
    audit.record("procedures.procedure.created", obj=author, actor=author)
    return AuditEntry.objects.all()


@pytest.mark.django_db
def test_the_admin_lists_audit_actions_in_thai_words_not_code_names(login, admin_user, entries):
    response = login(admin_user).get(reverse("admin:portal_auditentry_changelist"))
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "อนุมัติเผยแพร่คู่มือ" in text and "สร้างกระบวนงาน" in text
    # Neither the rows nor the filter by action show a code.
    assert "approvals.handbook.approved" not in text and "procedures.procedure.created" not in text


@pytest.mark.django_db
def test_the_filter_by_action_offers_thai_words_and_filters(login, admin_user, entries):
    client = login(admin_user)
    page = client.get(reverse("admin:portal_auditentry_changelist")).content.decode()
    filter_choices = visible_text(page.split('id="changelist-filter"', 1)[1])
    assert "อนุมัติเผยแพร่คู่มือ" in filter_choices and "สร้างกระบวนงาน" in filter_choices
    response = client.get(reverse("admin:portal_auditentry_changelist"), {"action": "approvals.handbook.approved"})
    assert response.status_code == 200
    rows = result_rows(response.content.decode())
    assert len(rows) == 1 and "อนุมัติเผยแพร่คู่มือ" in rows[0]


@pytest.mark.django_db
def test_the_audit_detail_shows_the_thai_action_and_the_time_in_the_buddhist_era(login, admin_user, entries):
    entry = AuditEntry.objects.get(action="approvals.handbook.approved")
    when = datetime.datetime(2024, 3, 5, 3, 30, tzinfo=datetime.UTC)  # 10:30 in Bangkok
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=when)
    response = login(admin_user).get(reverse("admin:portal_auditentry_change", args=[entry.pk]))
    text = visible_text(response.content.decode())
    assert response.status_code == 200
    assert "อนุมัติเผยแพร่คู่มือ" in text
    assert "5 มีนาคม 2567 10:30 น." in text and "2024" not in text
    assert str(entry) == f"อนุมัติเผยแพร่คู่มือ {entry.object_repr}"


@pytest.mark.django_db
def test_searching_the_audit_log_by_the_thai_words_finds_the_rows(login, admin_user, entries):
    response = login(admin_user).get(reverse("admin:portal_auditentry_changelist"), {"q": "อนุมัติเผยแพร่"})
    assert response.status_code == 200
    rows = result_rows(response.content.decode())
    assert len(rows) == 1 and "อนุมัติเผยแพร่คู่มือ" in rows[0]
