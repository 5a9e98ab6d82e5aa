"""The one-page handbook form: the handbook's own fields plus six inline formsets in the printed order."""

from __future__ import annotations

import copy
import uuid

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.forms import BoundField, inlineformset_factory
from django.forms.renderers import Jinja2
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from portal.choices import add_bootstrap_classes
from portal.forms import agency_by_typed_name
from portal.formsets import bad_request, form_count_error
from portal.models import Agency

from . import rules
from .models import ComplaintChannel, Document, Fee, FormSample, Handbook, ServiceChannel, Step
from .widget_html import RowRenderer

MAX_UPLOAD = 5 * 1024 * 1024
# Magic numbers of the only file types accepted as form samples (the extension is never trusted).
SIGNATURES = ((b"%PDF-", "pdf"), (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpg"))
CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}

WHOLE_NUMBER = {
    "invalid": _("กรุณากรอกเป็นจำนวนเต็ม เช่น 30"),
    "min_value": _("ต้องไม่น้อยกว่า 0"),
    "max_value": _("ตัวเลขมากเกินไป"),
}


def https_urls(field, **kwargs):
    """URL fields assume https:// when the official types a bare domain (Django 6 default)."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


SMALL_MAX = 32767  # PositiveSmallIntegerField on PostgreSQL
INT_MAX = 2**31 - 1  # PositiveIntegerField on PostgreSQL; SQLite would store anything


def cap_integers(form) -> None:
    """Whole-number fields refuse values the database column cannot hold, with a Thai message (never a 500)."""
    for name, field in form.fields.items():
        if not isinstance(field, forms.IntegerField) or isinstance(field, forms.DecimalField):
            continue
        try:
            model_field = form._meta.model._meta.get_field(name)
            small = model_field.get_internal_type() in ("PositiveSmallIntegerField", "SmallIntegerField")
        except Exception:  # a form-only field (position, lock_version)
            small = name == "position"
        limit = SMALL_MAX if small else INT_MAX
        field.max_value = limit
        field.validators.append(MaxValueValidator(limit))
        field.min_value = 0 if field.min_value is None else field.min_value
        field.validators.append(MinValueValidator(0))
        field.error_messages["max_value"] = _("ตัวเลขมากเกินไป (ไม่เกิน %(limit_value)s)")
        field.error_messages["min_value"] = _("ต้องไม่น้อยกว่า 0")
        field.widget.attrs.setdefault("max", limit)


def sniff(head: bytes) -> str | None:
    for magic, ext in SIGNATURES:
        if head.startswith(magic):
            return ext
    return None


AGENCY_REQUIRED = _("กรุณาค้นหาและเลือกหน่วยงานที่รับผิดชอบ")
AGENCY_UNKNOWN = _("ไม่พบหน่วยงานที่เลือกในระบบ กรุณาค้นหาและเลือกใหม่")


class HandbookForm(forms.ModelForm):
    # H3: only the total; the "time after step reduction" has no field at all.
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The new-handbook form's one-time token (Handbook.create_token): a second post of the same form is not a
    # second handbook.
    create_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    # The agency picker's text box (search-as-you-type, handbooks:agency_search); the chosen id travels in the
    # hidden `agency` field. A ministry-level author's scope holds thousands of agencies: never a <select>.
    agency_search = forms.CharField(
        label=_("หน่วยงานที่รับผิดชอบ (ที่ให้บริการตามคู่มือนี้)"),
        required=False,
        max_length=255,
        help_text=_("พิมพ์ชื่อหรือรหัสหน่วยงานในสังกัดของท่าน (กรม กอง สำนักงานจังหวัด หรือองค์กรปกครองส่วนท้องถิ่น) แล้วเลือกจากรายการ"),
    )

    class Meta:
        model = Handbook
        fields = ["agency", "criteria", "total_time_value", "total_time_unit", "reduced", "note"]
        widgets = {
            "agency": forms.HiddenInput,
            "criteria": forms.Textarea(attrs={"rows": 8}),
            "note": forms.Textarea(attrs={"rows": 3}),
            "total_time_value": forms.NumberInput(attrs={"min": 0, "step": 1, "inputmode": "numeric"}),
        }
        error_messages = {"total_time_value": WHOLE_NUMBER}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        cap_integers(self)
        self.user = user
        # A handbook's agency lies in its author's scope (the author's department and the units below it, at any
        # level). The id is looked up once when the form is cleaned; no option list is ever rendered.
        field = self.fields["agency"]
        field.queryset = Agency.objects.all()
        field.required = False  # checked in clean_agency (a typed exact name is accepted without JavaScript)
        field.label = _("หน่วยงานที่รับผิดชอบ (ที่ให้บริการตามคู่มือนี้)")
        field.error_messages["invalid_choice"] = AGENCY_UNKNOWN
        if not self.instance.pk:
            self.fields["lock_version"].initial = 0
            self.fields["create_token"].initial = uuid.uuid4()
        else:
            self.fields["lock_version"].initial = self.instance.lock_version
        self.chosen_agency = self._initial_agency()

    def _initial_agency(self) -> Agency | None:
        """The agency whose name the picker shows: the posted choice (after an error) or the handbook's own."""
        if self.is_bound:
            raw = str(self.data.get(self.add_prefix("agency")) or "").strip()
            if not raw.isdigit() or len(raw) > 18:
                return None
            agency = Agency.objects.filter(pk=int(raw)).first()
            return agency if agency is not None and self._in_scope(agency) else None
        return self.instance.agency if self.instance.agency_id else None

    def _in_scope(self, agency: Agency) -> bool:
        return self.user.in_scope(agency) if self.user is not None else True

    def clean_agency(self) -> Agency:
        agency = self.cleaned_data.get("agency")
        typed = self.cleaned_data.get("agency_search") or self.data.get(self.add_prefix("agency_search")) or ""
        if agency is None and typed.strip() and self.user is not None:
            # Without the picker (no JavaScript, or typed and not clicked): accept one exact name in scope.
            agency = agency_by_typed_name(self.user.scope_agencies(), typed, AGENCY_REQUIRED)
        if agency is None:
            raise forms.ValidationError(AGENCY_REQUIRED, code="required")
        if not self._in_scope(agency):
            raise forms.ValidationError(rules.MESSAGES["H9_agency"], code="H9_agency")
        self.chosen_agency = agency
        return agency


def col_class(field: BoundField) -> str:
    """The Bootstrap grid column of a row field's cell: the row form's own width for the field (`columns`: long
    Thai place and document names get most of a line, counts a narrow cell), else by its widget."""
    column = getattr(field.form, "columns", {}).get(field.name)
    if column:
        return column
    widget = field.field.widget
    if isinstance(widget, forms.Textarea):
        return "col-12"
    if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect)):
        return "col-md-4 col-lg-3 d-flex align-items-end"
    if isinstance(widget, forms.ClearableFileInput):
        return "col-md-6"
    return "col-md-6 col-lg-4"


# The rows (~40 a page, ~250 widgets) render through Django's Jinja2 form renderer: each whole row is one Jinja2
# template (handbooks/jinja2/handbooks/row.html, RowForm.card) and its widgets use Django's Jinja2 copies of the
# widget templates, the plain ones written in Python by RowRenderer (handbooks.widget_html: same HTML). With
# another renderer (a test does that) the rows use their Django-template twin (handbooks/includes/formset_row.html):
# same HTML, slower.
ROW_RENDERER = RowRenderer()
ROW_TEMPLATE = "handbooks/row.html"
ROW_TEMPLATE_DJANGO = "handbooks/includes/formset_row.html"


# Django's Jinja2 widget templates include input.html and attrs.html (and select_option.html per <option>): ~1,400
# template renders a page. The rows use copies with those includes written in (handbooks/jinja2/handbooks/widgets/),
# same HTML; only for these exact templates, so a widget with its own template keeps it.
FAST_WIDGET_TEMPLATES = {
    **{
        f"django/forms/widgets/{kind}.html": "handbooks/widgets/input.html"
        for kind in ("input", "text", "number", "email", "url", "tel", "hidden", "date", "time", "checkbox")
    },
    "django/forms/widgets/textarea.html": "handbooks/widgets/textarea.html",
}
FAST_OPTION_TEMPLATES = {
    # (widget template, option template) → widget template; the option markup is written into it
    ("django/forms/widgets/select.html", "django/forms/widgets/select_option.html"): "handbooks/widgets/select.html",
}
FAST_RADIO_OPTION = {"django/forms/widgets/radio_option.html": "handbooks/widgets/input_option.html"}


def use_fast_widget_templates(form) -> None:
    for field in form.fields.values():
        widget = field.widget
        option = getattr(widget, "option_template_name", None)
        fast = FAST_WIDGET_TEMPLATES.get(widget.template_name) or FAST_OPTION_TEMPLATES.get(
            (widget.template_name, option)
        )
        if fast:
            widget.template_name = fast
        if option in FAST_RADIO_OPTION:
            widget.option_template_name = FAST_RADIO_OPTION[option]


def row_text() -> dict:
    """The row card's fixed words, translated in Python (the Jinja2 row template has no i18n tags)."""
    return {
        "manage": gettext("จัดการแถว"),
        "up": gettext("เลื่อนขึ้น"),
        "down": gettext("เลื่อนลง"),
        "remove": gettext("ลบแถว"),
    }


def numbered(noun, number: int) -> str:
    """A row's heading as the official counts it: "เอกสารที่ 3" (static/js/handbooks.js writes the same)."""
    return gettext("%(noun)sที่ %(number)s") % {"noun": noun, "number": number}


class RowBoundField(BoundField):
    """A row's field: the widget gets Bootstrap's `is-invalid` when the field has errors (red border)."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.errors:
            widget = widget or self.field.widget
            attrs["class"] = f"{attrs.get('class') or widget.attrs.get('class', '')} is-invalid".strip()
        return attrs


class RowForm(forms.ModelForm):
    """A row of a repeating section: its place in the list travels in a hidden `position` field.

    A page holds ~160 row fields: they render with plain `{{ field }}` and the markup of
    `handbooks/includes/row_field.html` (crispy's `|as_crispy_field` took ~80% of the page's time at scale), so the
    widgets carry their Bootstrap classes here.
    """

    bound_field_class = RowBoundField
    position = forms.IntegerField(widget=forms.HiddenInput(attrs={"data-row-position": ""}), required=False)
    check_rows = staticmethod(lambda row: [])
    advises = False  # whether check_rows may give hints to show on a saved row (reading it costs nothing extra)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cap_integers(self)
        add_bootstrap_classes(self)
        if self.advises and not self.is_bound and self.instance.pk is not None:
            for problem in self.check_rows(self.instance):
                self.show_advice(problem)

    def show_advice(self, problem) -> None:
        """A rule's hint (`Problem.advice`) shown as the help text of its field: beside the value, never an error."""
        if problem.advice and problem.field in self.fields:
            self.fields[problem.field].help_text = problem.message

    # Width of a field's cell in the row's grid (col_class), for fields whose widget's default does not fit.
    columns: dict[str, str] = {}

    def marked_deleted(self) -> bool:
        """Removed by the official (the row stays on the page, hidden, until the form is saved)."""
        return "DELETE" in self.fields and bool(self["DELETE"].value())

    def card(self, label, text: dict | None = None) -> SafeString:
        """The whole row as a Bootstrap card (header with move/remove buttons, hidden fields, every field's markup)."""
        if not isinstance(self.renderer, Jinja2):
            return self.render(ROW_TEMPLATE_DJANGO, {"row": self, "label": label})
        use_fast_widget_templates(self)
        fields = [
            (field, col_class(field), field.widget_type) for field in self.visible_fields() if field.name != "DELETE"
        ]
        context = {
            "label": str(label),
            "text": text or row_text(),
            "deleted": self.marked_deleted(),
            "delete": self["DELETE"] if "DELETE" in self.fields else "",
            "non_field_errors": self.non_field_errors(),
            "hidden_fields": self.hidden_fields(),
            "fields": fields,
        }
        return self.render(ROW_TEMPLATE, context)

    def has_changed(self) -> bool:
        # A saved row that only moved has changed (its position is saved). A new row offered with content (the 1111
        # complaint row) counts even if untouched; a new row whose only change is its position is a blank row.
        if self.instance.pk is not None:
            return bool(self.changed_data)
        if self.initial:
            return True
        return any(name != "position" for name in self.changed_data)

    def clean(self):
        cleaned = super().clean()
        row = copy.copy(self.instance)
        names = {f.name for f in self._meta.model._meta.concrete_fields}
        for name, value in cleaned.items():
            if name in names and name != "id":
                setattr(row, name, value)
        for problem in self.check_rows(row):
            if problem.form and problem.field not in self.errors:
                self.add_error(problem.field if problem.field in self.fields else None, problem.message)
            self.show_advice(problem)
        return cleaned

    def save(self, commit=True):
        row = super().save(commit=False)
        row.position = self.cleaned_data.get("position") or 0
        if commit:
            row.save()
        return row


class ChannelForm(RowForm):
    check_rows = staticmethod(rules.channel_problems)
    columns = {
        "kind": "col-md-4 col-lg-3",
        "place": "col-md-8 col-lg-9",
        "phone": "col-md-4 col-lg-3",
        "website": "col-md-8 col-lg-5",
        "day_from": "col-6 col-md-3",
        "day_to": "col-6 col-md-3",
        "open_time": "col-6 col-md-3",
        "close_time": "col-6 col-md-3",
        "note": "col-md-12 col-lg-6",
    }
    lunch_break = forms.TypedChoiceField(
        label=_("พักเที่ยง"),
        choices=[(True, _("มีพักเที่ยง")), (False, _("ไม่มีพักเที่ยง"))],
        coerce=lambda v: v in (True, "True", "true", "1"),
        widget=forms.RadioSelect,
        initial=False,
    )

    class Meta:
        model = ServiceChannel
        formfield_callback = https_urls
        fields = [
            "kind",
            "place",
            "address",
            "phone",
            "website",
            "hours_24",
            "day_from",
            "day_to",
            "except_holidays",
            "open_time",
            "close_time",
            "lunch_break",
            "note",
            "position",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "note": forms.TextInput(attrs={"list": "service-note-examples"}),
            "open_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "close_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "kind": forms.Select(attrs={"data-channel-kind": ""}),
        }

    def clean(self):
        # H1.3: postal and online channels are served around the clock; they have no days or opening hours.
        kind = self.cleaned_data.get("kind")
        if kind in ServiceChannel.ALWAYS_OPEN_KINDS:
            self.cleaned_data["hours_24"] = True
            for name in ("day_from", "day_to", "open_time", "close_time"):
                self.cleaned_data[name] = None
        return super().clean()


class StepForm(RowForm):
    check_rows = staticmethod(rules.step_problems)
    columns = {
        "kind": "col-md-4 col-lg-3",
        "duration_value": "col-6 col-md-4 col-lg-2",
        "duration_unit": "col-6 col-md-4 col-lg-2",
        "responsible_ministry": "col-md-12 col-lg-5",
        "receiving_point": "col-md-6",
        "note": "col-md-6",
    }

    class Meta:
        model = Step
        fields = [
            "kind",
            "detail",
            "duration_value",
            "duration_unit",
            "responsible_ministry",
            "receiving_point",
            "note",
            "position",
        ]
        widgets = {
            "detail": forms.Textarea(attrs={"rows": 2}),
            "note": forms.TextInput,
            "duration_value": forms.NumberInput(attrs={"min": 0, "step": 1, "data-step-duration": ""}),
            "duration_unit": forms.Select(attrs={"data-step-unit": ""}),
        }
        error_messages = {"duration_value": WHOLE_NUMBER}

    def __init__(self, *args, ministry_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["responsible_ministry"]
        # H4: ministries only (about twenty rows, fine as a <select>), read once per formset, not once per row.
        field.queryset = Agency.objects.ministries().order_by("code")
        if ministry_choices is not None:
            field.choices = ministry_choices
        field.error_messages["invalid_choice"] = rules.MESSAGES["H4_level"]


# The document's name is labelled by its group, as the printed handbook heads 15.1) and 15.2); the script changes the
# label with the group select (the options' own words, `data-label-empty` when none is chosen).
DOCUMENT_NAME_LABELS = {code: label for code, label in Document.Group.choices}
DOCUMENT_NAME_LABEL_EMPTY = _("รายการเอกสาร")


class DocumentForm(RowForm):
    check_rows = staticmethod(rules.document_problems)
    advises = True  # H5's notes: hints beside the document
    # Two lines on a wide screen: group, name (its label names the group in full), issuer; the counts and the note.
    columns = {
        "group": "col-md-5 col-lg-3",
        "name": "col-md-7 col-lg-6",
        "issued_by": "col-md-6 col-lg-3",
        "originals": "col-4 col-md-2",
        "copies": "col-4 col-md-2",
        "unit": "col-4 col-md-2",
        "from_power_of_attorney": "col-md-6 col-lg-2 d-flex align-items-end",
        "note": "col-md-12 col-lg-4",
    }

    class Meta:
        model = Document
        fields = [
            "group",
            "name",
            "issued_by",
            "originals",
            "copies",
            "unit",
            "from_power_of_attorney",
            "note",
            "position",
        ]
        widgets = {
            "note": forms.TextInput,
            "originals": forms.NumberInput(attrs={"min": 0, "step": 1}),
            "copies": forms.NumberInput(attrs={"min": 0, "step": 1}),
            # handbooks.js shows H5's wording hint while the name is typed; its text comes from the rules.
            "name": forms.TextInput(attrs={"data-document-name": "", "data-house-hint": rules.MESSAGES["H5_1"]}),
            "group": forms.Select(attrs={"data-document-group": "", "data-label-empty": DOCUMENT_NAME_LABEL_EMPTY}),
        }
        error_messages = {"originals": WHOLE_NUMBER, "copies": WHOLE_NUMBER}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        group = self["group"].value()
        self.fields["name"].label = DOCUMENT_NAME_LABELS.get(group, DOCUMENT_NAME_LABEL_EMPTY)


class FeeForm(RowForm):
    check_rows = staticmethod(rules.fee_problems)
    columns = {
        "description": "col-md-12 col-lg-6",
        "amount": "col-6 col-md-4 col-lg-2",
        "unit": "col-6 col-md-4 col-lg-2",
        "is_range": "col-md-4 col-lg-2 d-flex align-items-end",
    }

    class Meta:
        model = Fee
        fields = ["description", "amount", "unit", "is_range", "note", "position"]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 2}),
            "amount": forms.NumberInput(attrs={"min": 0, "step": "0.01"}),
        }
        error_messages = {
            "amount": {"invalid": _("กรุณากรอกค่าธรรมเนียมเป็นตัวเลข เช่น 5 หรือ 0.5")},
            "unit": {"invalid_choice": rules.MESSAGES["H6_unit"]},
        }
        help_texts = {"is_range": _("ให้กรอกอัตราสูงสุด และอธิบายอัตราต่าง ๆ ในหมายเหตุ")}


class ComplaintForm(RowForm):
    columns = {"channel": "col-md-7", "website": "col-md-5"}

    class Meta:
        model = ComplaintChannel
        formfield_callback = https_urls
        fields = ["channel", "website", "note", "position"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class FormFileInput(forms.ClearableFileInput):
    """Django's file input, but the stored file is linked through the view that checks who may read it
    (`file_url`, set by the form), never by its storage address (`value.url`, which has no public route).

    Its template has two twins of the same name: handbooks/jinja2/ (the rows' Jinja2 renderer) and
    handbooks/templates/ (the Django-template fallback)."""

    template_name = "handbooks/widgets/clearable_file_input.html"
    file_url = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["file_url"] = self.file_url
        return context


class FormSampleForm(RowForm):
    # H8 "สามารถใส่ website ของตัวอย่างการกรอกข้อมูลได้": a link (or a file) may be given, neither is required.
    columns = {"name": "col-md-6", "url": "col-md-6", "note": "col-md-6"}

    class Meta:
        model = FormSample
        formfield_callback = https_urls
        fields = ["name", "url", "file", "note", "position"]
        widgets = {
            "note": forms.TextInput,
            "file": FormFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.file:
            self.fields["file"].widget.file_url = reverse("handbooks:form_file", kwargs={"pk": self.instance.pk})

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload or not hasattr(upload, "content_type"):
            return upload  # unchanged, or cleared
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("ไฟล์แบบฟอร์มมีขนาดเกิน 5 MB กรุณาลดขนาดไฟล์"), code="too_big")
        head = upload.read(16)
        upload.seek(0)
        ext = sniff(head)
        if ext is None:
            raise forms.ValidationError(
                _("รับเฉพาะไฟล์ PDF, PNG หรือ JPEG เท่านั้น (ตรวจจากเนื้อไฟล์ ไม่ใช่จากนามสกุล)"), code="bad_type"
            )
        upload.name = f"form-{uuid.uuid4().hex[:12]}.{ext}"
        return upload


class RowFormSet(forms.BaseInlineFormSet):
    default_error_messages = {
        "missing_management_form": _("ข้อมูลในแบบฟอร์มไม่ครบถ้วน กรุณาเปิดหน้าแก้ไขคู่มือใหม่แล้วกรอกอีกครั้ง"),
        "too_many_forms": _("เพิ่มได้ไม่เกิน %(num)d รายการ"),
        "too_few_forms": _("ต้องมีอย่างน้อย %(num)d รายการ"),
    }

    def __init__(self, data=None, *args, prefix=None, rows=None, **kwargs):
        if data is not None:
            # Rows always belong to the handbook being edited: a posted handbook key is ignored, never trusted.
            data = data.copy()
            for key in [k for k in data if k.startswith(f"{prefix}-") and k.endswith("-handbook")]:
                del data[key]
        super().__init__(data, *args, prefix=prefix, **kwargs)
        self.queryset = self.queryset.order_by("position", "id")
        # An unbound formset may be given the handbook's rows already loaded (prefetched, in position order) instead
        # of querying them again. A posted formset always reads its rows from the database (forged ids, locking).
        self._loaded_rows = list(rows) if rows is not None and data is None else None

    def get_queryset(self):
        if self._loaded_rows is not None:
            return self._loaded_rows
        return super().get_queryset()

    def clean(self):
        super().clean()
        # A posted row id that is not one of this handbook's rows (forged, e.g. another handbook's row) would be
        # dropped silently by Django; refuse it with a message instead.
        for form in self.forms[: self.initial_form_count()]:
            if form.instance.pk is None:
                raise forms.ValidationError(_("ข้อมูลแถวนี้ไม่ใช่ของคู่มือนี้ กรุณาโหลดหน้าใหม่แล้วกรอกอีกครั้ง"), code="foreign_row")

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if self.model is Step:
            if not hasattr(self, "_ministry_choices"):
                ministries = Agency.objects.ministries().order_by("code")
                self._ministry_choices = [("", "---------")] + [(a.pk, a.name) for a in ministries]
            kwargs["ministry_choices"] = self._ministry_choices
        return kwargs

    def rows(self):
        """The forms in the order the official arranged them (after a re-render too), deleted rows last."""

        def key(item):
            index, form = item
            value = form["position"].value()
            try:
                return (int(value), index)
            except (TypeError, ValueError):
                return (10**6, index)

        return [form for _i, form in sorted(enumerate(self.forms), key=key)]

    def cards(self, noun) -> list[SafeString]:
        """Every row's card, in the order of rows(), headed "<noun>ที่ 1", "<noun>ที่ 2"… (removed rows, hidden,
        are not counted)."""
        text = row_text()
        cards, number = [], 0
        for form in self.rows():
            if form.marked_deleted():
                cards.append(form.card(noun, text))
            else:
                number += 1
                cards.append(form.card(numbered(noun, number), text))
        return cards

    def row_count(self) -> int:
        """The rows the page shows (removed ones excluded): the count beside the section's heading."""
        return sum(1 for form in self.forms if not form.marked_deleted())

    def empty_card(self, noun) -> SafeString:
        """The card of a new row with `__prefix__` names: the <template> the page's script clones (and numbers).

        The same for every handbook but for the hidden key of the handbook (which a post never trusts anyway: see
        __init__), so it is written once per process for each kind of row, noun and list of ministries (the step's
        select), and the handbook's id put in. Six of them per edit page cost ~12 % of its rendering."""
        fk_input = f'name="{self.prefix}-__prefix__-{self.fk.name}"'
        pk = self.instance.pk
        key = (
            type(self).__name__,
            self.prefix,
            str(noun),
            get_language(),
            pk is not None,
            _choices_key(self.get_form_kwargs(None)),
        )
        written = _EMPTY_CARDS.get(key)
        if written is None:
            html = str(self.empty_form.card(noun))
            if pk is not None:
                html = html.replace(f'{fk_input} value="{pk}"', f"{fk_input}{_PK_MARK}")
            written = _EMPTY_CARDS[key] = html
        if pk is not None:
            written = written.replace(f"{fk_input}{_PK_MARK}", f'{fk_input} value="{pk}"')
        # The card as the form's renderer wrote (and escaped) it; the id put in is the saved handbook's integer key.
        return SafeString(written)  # nosec B703


# Written empty cards (RowFormSet.empty_card), by kind of row, noun, language, saved or not, and the options they list.
_EMPTY_CARDS: dict[tuple, str] = {}
_PK_MARK = "\x00handbook-id\x00"


def forget_written_cards() -> None:
    _EMPTY_CARDS.clear()


def _choices_key(kwargs: dict) -> tuple:
    """What of a row form's kwargs its empty card shows: the options handed to it (the step's ministries)."""
    return tuple((name, tuple(value)) for name, value in sorted(kwargs.items()) if name.endswith("_choices"))


# Real handbooks have up to ~22 rows of a kind; 200 is generous.
MAX_ROWS = 200


def _factory(model, form):
    return inlineformset_factory(
        Handbook,
        model,
        form=form,
        formset=RowFormSet,
        extra=0,
        can_delete=True,
        max_num=MAX_ROWS,
        # Django builds up to max_num + 1,000 forms from a posted TOTAL_FORMS by default: never more than are saved.
        absolute_max=MAX_ROWS,
        validate_max=True,
        renderer=ROW_RENDERER,
    )


FORMSETS = [
    ("channels", _("ช่องทางการให้บริการ"), _factory(ServiceChannel, ChannelForm)),
    ("steps", _("ขั้นตอน"), _factory(Step, StepForm)),
    ("documents", _("เอกสาร"), _factory(Document, DocumentForm)),
    ("fees", _("ค่าธรรมเนียม"), _factory(Fee, FeeForm)),
    ("complaints", _("ช่องทางการร้องเรียน"), _factory(ComplaintChannel, ComplaintForm)),
    ("forms", _("ตัวอย่างแบบฟอร์ม"), _factory(FormSample, FormSampleForm)),
]


def forged_counts_response(request: HttpRequest) -> HttpResponse | None:
    """A Thai 400 when the POST's row counts of any formset are forged (not whole numbers, negative, above the
    maximum, or more initial rows than rows): checked before a form is built, since each posted row costs a form
    built, validated and rendered back. None when the formsets may be built."""
    for prefix, _label, formset_class in FORMSETS:
        error = form_count_error(request.POST, prefix, formset_class.absolute_max)
        if error:
            return bad_request(request, error)
    return None


def build_formsets(instance: Handbook, data=None, files=None, offer_defaults: bool = False) -> dict:
    """The six formsets, keyed by prefix. A new handbook is offered the 1111 complaint row (section 17).

    Unbound (the GET of the edit page), the rows that handbook_queryset() prefetched are reused, not queried again.
    """
    out = {}
    prefetched = getattr(instance, "_prefetched_objects_cache", {}) if data is None and instance.pk else {}
    for prefix, _label, formset_class in FORMSETS:
        kwargs = {"data": data, "files": files, "instance": instance, "prefix": prefix}
        accessor = formset_class.fk.remote_field.get_accessor_name()
        if accessor in prefetched:
            kwargs["rows"] = getattr(instance, accessor).all()  # the prefetched list, ordered by (position, id)
        if prefix == "complaints" and offer_defaults and data is None:
            kwargs["initial"] = [dict(rules.COMPLAINT_1111, position=0)]
            formset = formset_class(**kwargs)
            formset.extra = 1
        else:
            formset = formset_class(**kwargs)
        out[prefix] = formset
    return out
