from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.admin_display import EMPTY, ReadOnlyAdmin, thai_datetime_column
from portal.templatetags.thai import format_thai_date, format_thai_datetime

from .models import Reminder


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """The reminders `send_reminders` sent, read-only: written by the command only (a row is what keeps the same
    reminder from being sent twice)."""

    list_display = ("sent_at_be", "kind", "recipient", "email", "subject_label", "occasion_label")
    list_filter = ("kind",)
    list_select_related = ("recipient", "handbook", "law")
    search_fields = ("email", "recipient__username", "handbook__reference_name", "law__title")
    fields = ("kind", "recipient", "email", "subject_label", "occasion_label", "sent_at_be")
    readonly_fields = fields
    sent_at_be = thai_datetime_column(Reminder, "sent_at")

    @admin.display(description=_("เรื่อง"))
    def subject_label(self, obj: Reminder) -> str:
        return str(obj.handbook or obj.law or EMPTY)

    @admin.display(description=_("เหตุที่แจ้งเตือน"), ordering="occasion")
    def occasion_label(self, obj: Reminder) -> str:
        if obj.kind == Reminder.Kind.LAW_OVERDUE:
            return _("ครบกำหนดทบทวนเมื่อ %(date)s") % {"date": format_thai_date(obj.occasion)}
        if obj.kind == Reminder.Kind.PENDING:
            text = _("ขั้นที่ %(stage)s รอพิจารณาตั้งแต่ %(since)s สัปดาห์ที่ %(week)s")
            return text % {"stage": obj.stage, "since": format_thai_datetime(obj.occasion), "week": obj.week}
        text = _("แจ้งให้แก้ไขเมื่อ %(since)s สัปดาห์ที่ %(week)s")
        return text % {"since": format_thai_datetime(obj.occasion), "week": obj.week}
