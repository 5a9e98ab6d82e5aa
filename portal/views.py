import sys

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError
from django.shortcuts import render
from django.views import defaults
from django.views.generic import TemplateView

from . import audit
from .dashboard import dashboard_panels
from .middleware import database_unavailable


class DashboardView(TemplateView):
    """The official's home after sign-in: who they are, their agency (with its ministry), their roles."""

    template_name = "portal/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        agency = user.agency
        context["agency_chain"] = list(agency.get_ancestors(include_self=True)) if agency else []
        context["panels"] = dashboard_panels(self.request)
        return context


@login_not_required
def healthz(request):
    """Liveness probe for docker-compose and load balancers (no database work)."""
    return render(request, "portal/healthz.txt", content_type="text/plain")


AGENCY_SEARCH_LIMIT = 20


def agency_search_results(request, agencies, empty_message: str):
    """The agency pickers' search (procedures:agency_search, handbooks:agency_search): at most
    AGENCY_SEARCH_LIMIT of `agencies` (already limited to what the official may choose) matching the typed name or
    code, as buttons (templates/includes/agency_results.html, static/js/agency_picker.js); `empty_message` when
    none matches."""
    get = request.GET
    q = (get.get("q") or get.get("agency_search") or get.get("agency_name") or "").strip()
    found: list = []
    if q:
        found = list(agencies.search(q).select_related("parent").order_by("tree_id", "lft")[: AGENCY_SEARCH_LIMIT + 1])
    context = {
        "q": q,
        "agencies": found[:AGENCY_SEARCH_LIMIT],
        "more": len(found) > AGENCY_SEARCH_LIMIT,
        "limit": AGENCY_SEARCH_LIMIT,
        "empty_message": empty_message,
    }
    return render(request, "includes/agency_results.html", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    """เปลี่ยนรหัสผ่าน, with its audit row (a security event, like signing in and out)."""

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record("portal.auth.password_changed", obj=self.request.user, request=self.request)
        return response


def server_error(request):
    """handler500: Django's error page, except when the database went away before any view ran (PostgreSQL
    restarting while a middleware reads the session or the user): then the same Thai 503 with Retry-After as a view
    that loses it, so a reader retries instead of meeting an error."""
    error = sys.exc_info()[1]  # called inside Django's handling of the uncaught exception
    if isinstance(error, OperationalError | InterfaceError):
        return database_unavailable(request, error)
    return defaults.server_error(request)
