from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    """The public read-only API (/api/v1/), CPSV-AP JSON-LD and the bulk open-data files (issue 14).

    On top of the layering (it reads portal, laws, procedures and handbooks; nothing imports it but bench)."""

    name = "opendata"
    verbose_name = _("ข้อมูลเปิด")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from handbooks.models import HandbookVersion
        from portal import slots
        from portal.models import Agency

        from .caching import agencies_changed
        from .index import index_version

        post_save.connect(index_version, sender=HandbookVersion, dispatch_uid="opendata.index_version")
        # The API's cached agency responses are keyed by the publication generation (portal.paging): an agency
        # edited in the admin moves it on too.
        post_save.connect(agencies_changed, sender=Agency, dispatch_uid="opendata.agency_saved")
        post_delete.connect(agencies_changed, sender=Agency, dispatch_uid="opendata.agency_deleted")
        slots.register("public.nav", "opendata/includes/nav.html")
