"""The two roles an official may hold, as the one test every permission rule starts from.

A rule of the form "authors of the agency's subtree may edit it" is written as a QuerySet method and its
single-object twin on the model that owns it (e.g. `Handbook.objects.editable_by(user)` and
`handbook.is_editable_by(user)`); both ask these functions for the role and `User.scope_q` / `User.in_scope`
for the subtree. Administrators (superusers) hold every role. Anonymous and deactivated users hold none.
"""

from __future__ import annotations


def is_official(user) -> bool:
    """Signed in and active."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_author(user) -> bool:
    """ผู้จัดทำ: writes procedures, handbooks and laws (administrators too)."""
    return is_official(user) and bool(user.is_author or user.is_superuser)


def is_approver(user) -> bool:
    """ผู้อนุมัติ: decides on requests to publish in their scope (administrators too)."""
    return is_official(user) and bool(user.is_approver or user.is_superuser)


def is_central_approver(user) -> bool:
    """ผู้อนุมัติส่วนกลาง (สำนักงาน ก.พ.ร.): decides at the second stage of a two-stage chain and flags published
    handbooks for correction, in every agency (administrators too)."""
    return is_official(user) and bool((user.is_approver and user.is_central_approver) or user.is_superuser)
