from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = _("การอนุมัติเผยแพร่")

    def ready(self) -> None:
        from handbooks.workflow import transitioned
        from portal import slots
        from portal.dashboard import register_panel
        from portal.nav import register_badge

        from .notifications import on_transition
        from .panels import dashboard_panel, queue_badge

        register_badge("approvals", queue_badge)
        register_panel("approvals/includes/dashboard_panel.html", dashboard_panel)
        slots.register("handbooks.detail", "approvals/includes/handbook_workflow.html")
        slots.register("handbooks.form_actions", "approvals/includes/form_submit.html")
        transitioned.connect(on_transition, dispatch_uid="approvals.notifications")
