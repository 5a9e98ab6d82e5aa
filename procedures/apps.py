from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "procedures"
    verbose_name = _("กระบวนงาน")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from portal.audit import register_labels
        from portal.dashboard import register_panel
        from portal.paging import agencies_changed

        from .models import ServiceArea

        # The filter forms' service-area options are kept per publication generation (portal.choices), as the
        # agencies' are: a change of an area starts a new generation.
        post_save.connect(agencies_changed, sender=ServiceArea, dispatch_uid="procedures.areas_changed.save")
        post_delete.connect(agencies_changed, sender=ServiceArea, dispatch_uid="procedures.areas_changed.delete")

        from .views import recent_procedures_panel

        register_panel("procedures/includes/dashboard_panel.html", recent_procedures_panel)
        register_labels(
            {
                "procedures.procedure.created": _("สร้างกระบวนงาน"),
                "procedures.procedure.updated": _("แก้ไขกระบวนงาน"),
                "procedures.procedure.deleted": _("ลบกระบวนงาน"),
            }
        )
