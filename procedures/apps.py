from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "procedures"
    verbose_name = _("กระบวนงาน")

    def ready(self) -> None:
        from portal.audit import register_labels
        from portal.dashboard import register_panel

        from .views import recent_procedures_panel

        register_panel("procedures/includes/dashboard_panel.html", recent_procedures_panel)
        register_labels(
            {
                "procedures.procedure.created": _("สร้างกระบวนงาน"),
                "procedures.procedure.updated": _("แก้ไขกระบวนงาน"),
                "procedures.procedure.deleted": _("ลบกระบวนงาน"),
            }
        )
