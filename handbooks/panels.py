"""Panels other apps show on an official's handbook page, registered from their AppConfig.ready().

The approvals app shows the workflow panel (status, decision, the buttons to submit, withdraw, review) this way, so
that the handbooks app, which the approvals app builds on, never names it.
"""

from __future__ import annotations

_PANELS: list[str] = []


def register_detail_panel(template_name: str) -> None:
    """Include `template_name` (with `handbook` and `can` in its context) at the top of the handbook page."""
    if template_name not in _PANELS:
        _PANELS.append(template_name)


def detail_panels() -> list[str]:
    return list(_PANELS)
