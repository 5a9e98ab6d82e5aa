from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class ThaiAuthenticationForm(AuthenticationForm):
    """Sign-in with ชื่อผู้ใช้งาน and รหัสผ่าน (manual rule A1)."""

    error_messages = {
        "invalid_login": _("ชื่อผู้ใช้งานหรือรหัสผ่านไม่ถูกต้อง กรุณาตรวจสอบแล้วลองใหม่อีกครั้ง"),
        "inactive": _("บัญชีผู้ใช้งานนี้ถูกระงับการใช้งาน"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("ชื่อผู้ใช้งาน")
        self.fields["password"].label = _("รหัสผ่าน")
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"

    def clean_username(self) -> str:
        # AuthenticationForm sets max_length without its validator: a 100,000-character name reached django-axes,
        # whose username column (255) made PostgreSQL fail with a 500. No account has such a name.
        username = self.cleaned_data.get("username") or ""
        if len(username) > 150:
            raise ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        return username
