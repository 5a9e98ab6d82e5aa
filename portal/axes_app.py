"""django-axes' app under a Thai name (INSTALLED_APPS lists "portal.axes_app.AxesConfig" instead of "axes").

Kept out of portal/apps.py: a second AppConfig there would stop Django from choosing PortalConfig by itself."""

from axes.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AppConfig):
    """The admin's heading for sign-in attempts and lockouts: the library names its app only by its label ("Axes").
    Its models' and fields' names are translated in portal/locale."""

    verbose_name = _("การเข้าสู่ระบบ")
