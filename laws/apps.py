from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LawsConfig(AppConfig):
    name = "laws"
    verbose_name = _("ทะเบียนกฎหมาย")

    def ready(self) -> None:
        from portal.audit import register_labels

        register_labels(
            {
                "laws.law.created": _("เพิ่มกฎหมาย"),
                "laws.law.updated": _("แก้ไขกฎหมาย"),
                "laws.law.refreshed": _("ปรับปรุงข้อมูลกฎหมาย"),
            }
        )
