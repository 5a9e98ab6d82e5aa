from django.http import HttpRequest


def portal(request: HttpRequest) -> dict:
    """Navigation data for base.html. Apps may add badges through `portal.nav` later."""
    from .nav import nav_badges

    return {"nav_badges": nav_badges(request)}
