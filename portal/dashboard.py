"""Panels on the official's dashboard. Apps register a panel (template + context function) here."""

from collections.abc import Callable

from django.http import HttpRequest

_PANELS: list[tuple[str, Callable[[HttpRequest], dict | None]]] = []


def register_panel(template_name: str, func: Callable[[HttpRequest], dict | None]) -> None:
    _PANELS.append((template_name, func))


def dashboard_panels(request: HttpRequest) -> list[dict]:
    panels = []
    for template_name, func in _PANELS:
        context = func(request)
        if context is not None:
            panels.append({"template": template_name, "context": context})
    return panels
