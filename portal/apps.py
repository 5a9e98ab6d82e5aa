from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("หน่วยงานและผู้ใช้งาน")

    def ready(self) -> None:
        from . import (
            audit,  # noqa: F401  (connects the sign-in audit receivers)
            converters,  # noqa: F401  (registers the `id` path converter of every app's URLs)
        )
        from .models import Agency
        from .paging import agencies_changed

        # The public lists, the browse-by-agency pages and the search's agency choices print agencies' current names
        # and tree: any change of one makes their cached copies stale (portal.pagecache).
        post_save.connect(agencies_changed, sender=Agency, dispatch_uid="portal.agencies_changed.save")
        post_delete.connect(agencies_changed, sender=Agency, dispatch_uid="portal.agencies_changed.delete")
