from django.http import HttpRequest

from . import roles


def portal(request: HttpRequest) -> dict:
    """Navigation data for base.html: the apps' badges (`portal.nav`) and the roles the menus ask about (the rules
    live in `portal.roles`; a template never restates one)."""
    from .nav import nav_badges

    user = getattr(request, "user", None)
    return {
        "nav_badges": nav_badges(request),
        "roles": {
            "author": roles.is_author(user),
            "approver": roles.is_approver(user),
            "central": roles.is_central_approver(user),
        },
    }
