from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandbooksConfig(AppConfig):
    name = "handbooks"
    verbose_name = _("คู่มือสำหรับประชาชน")

    def ready(self) -> None:
        from portal import slots
        from portal.dashboard import register_panel

        from .views import recent_handbooks_panel

        register_panel("handbooks/includes/dashboard_panel.html", recent_handbooks_panel)
        slots.register("procedures.detail", "handbooks/includes/procedure_handbooks.html")
