from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("หน่วยงานและผู้ใช้งาน")

    def ready(self) -> None:
        from . import (
            audit,  # noqa: F401  (connects the sign-in audit receivers)
            converters,  # noqa: F401  (registers the `id` path converter of every app's URLs)
        )
