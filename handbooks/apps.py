from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandbooksConfig(AppConfig):
    name = "handbooks"
    verbose_name = _("คู่มือสำหรับประชาชน")
