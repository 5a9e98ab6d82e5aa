from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.generic import TemplateView

from .dashboard import dashboard_panels


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
