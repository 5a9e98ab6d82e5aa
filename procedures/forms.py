"""The procedure form (sections 1–9): every rule P1–P9 checked on the server through `procedures.rules`."""

from __future__ import annotations

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from laws.models import Law
from portal.forms import agency_by_typed_name
from portal.models import Agency

from . import rules
from .models import Procedure, ProcedureLaw, ServiceArea, TimeUnit

STALE_MESSAGE = _(
    "มีผู้อื่นแก้ไขกระบวนงานนี้ระหว่างที่ท่านกำลังแก้ไข ระบบจึงยังไม่บันทึกข้อมูลของท่าน "
    "ข้อมูลที่ท่านกรอกยังอยู่ในแบบฟอร์มนี้ กรุณาเปิดหน้ากระบวนงานเพื่อดูข้อมูลล่าสุด แล้วแก้ไขอีกครั้ง"
)
STAT_MESSAGE = _("กรุณากรอกจำนวนเป็นจำนวนเต็มตั้งแต่ 0 ขึ้นไป")
DUPLICATE_NAME = _("หน่วยงานนี้มีกระบวนงานชื่อนี้อยู่แล้ว กรุณาตั้งชื่ออื่นหรือแก้ไขกระบวนงานเดิม")


def duplicate_name_error(existing: Procedure | None, user) -> forms.ValidationError:
    """The name is taken in the owner agency: the message links the procedure that has it, when the official may
    open it (the form and the view's race on the unique constraint both say this)."""
    if existing is None or not existing.is_visible_to(user):
        return forms.ValidationError(DUPLICATE_NAME, code="duplicate")
    message = format_html(
        gettext('หน่วยงานนี้มีกระบวนงานชื่อนี้อยู่แล้ว: <a href="{}">{}</a> กรุณาตั้งชื่ออื่นหรือแก้ไขกระบวนงานเดิม'),
        existing.get_absolute_url(),
        existing.name,
    )
    return forms.ValidationError(message, code="duplicate")


WHOLE_NUMBER_MAX = 2**31 - 1  # PositiveIntegerField on every database
# P4 as the slide's diagram words it: "ส่วนกลาง", "ส่วนภูมิภาค" (stored as regional_local, which real handbooks print
# "ส่วนภูมิภาคและส่วนท้องถิ่น").
SCOPE_CHOICES = [
    (Procedure.Scope.CENTRAL, _("ส่วนกลาง")),
    (Procedure.Scope.REGIONAL_LOCAL, _("ส่วนภูมิภาค")),
]


class WholeNumberField(forms.CharField):
    """A whole number ≥ 0 typed with Arabic or Thai digits; "ไม่มี", "ศูนย์ (0)", "ศูนย์" and "0"/"๐" mean 0 (P9)."""

    def __init__(self, *, invalid_message, **kwargs):
        self.invalid_message = invalid_message
        super().__init__(**kwargs)
        self.widget.attrs.update(maxlength="20", inputmode="text")

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            # Optional counts default to 0; a required field reports "required" through validate().
            return None if self.required else 0
        try:
            number = rules.parse_whole_number(value)
        except ValueError:
            raise forms.ValidationError(self.invalid_message, code="invalid") from None
        if number > WHOLE_NUMBER_MAX:  # beyond the integer column (PostgreSQL raises, SQLite overflows): not a 500
            raise forms.ValidationError(_("ตัวเลขมากเกินไป กรุณากรอกไม่เกิน 2,147,483,647"), code="max_value")
        return number

    def prepare_value(self, value):
        return value


class ProcedureForm(forms.ModelForm):
    # 2 (P1): an id written by the search-as-you-type picker; never a <select> of every agency.
    agency = forms.CharField(widget=forms.HiddenInput, required=False)
    agency_search = forms.CharField(
        label=_("หน่วยงานเจ้าของกระบวนงาน"),
        required=False,
        max_length=255,
        help_text=_("พิมพ์ชื่อหรือรหัสหน่วยงานแล้วเลือกจากรายการ (ระดับกระทรวงหรือกรมเท่านั้น)"),
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("พื้นที่ให้บริการ"),
        queryset=ServiceArea.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("ต้องเลือก “ส่วนกลาง” ด้วยเสมอ"),
    )
    legal_time = WholeNumberField(
        label=_("ระยะเวลาที่กำหนดตามกฎหมาย / ข้อกำหนด ฯลฯ"),
        invalid_message=rules.MESSAGES["P9"],
        error_messages={"required": rules.MESSAGES["P9_required"]},
        help_text=_("ระบุเลขจำนวนเต็ม หากไม่มีการกำหนด ให้ใส่คำว่า “ไม่มี” หรือ “ศูนย์ (0)”"),
    )
    stat_avg = WholeNumberField(label=_("จำนวนเฉลี่ยต่อเดือน"), invalid_message=STAT_MESSAGE, required=False)
    stat_max = WholeNumberField(label=_("จำนวนคำขอที่มากที่สุด"), invalid_message=STAT_MESSAGE, required=False)
    stat_min = WholeNumberField(label=_("จำนวนคำขอที่น้อยที่สุด"), invalid_message=STAT_MESSAGE, required=False)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Procedure
        fields = [
            "name",
            "scope",
            "linkage",
            "category",
            "impact",
            "areas",
            "legal_time_law",
            "legal_time_unit",
            "stat_avg",
            "stat_max",
            "stat_min",
        ]
        widgets = {"scope": forms.RadioSelect, "linkage": forms.RadioSelect, "impact": forms.RadioSelect}
        error_messages = {
            "name": {"required": _("กรุณากรอกชื่อกระบวนงาน")},
            "category": {"required": _("กรุณาเลือกหมวดหมู่ของงานบริการ")},
            "scope": {"required": rules.MESSAGES["P4"], "invalid_choice": rules.MESSAGES["P4"]},
            "linkage": {"required": rules.MESSAGES["P4"], "invalid_choice": rules.MESSAGES["P4"]},
        }
        help_texts = {
            "name": _("ต้องลงท้ายด้วย [N] เช่น “การขออนุญาตประกอบกิจการโรงงาน [N]”"),
            "legal_time_law": _("กฎหมาย ข้อบังคับ หรือข้อตกลงที่กำหนดระยะเวลา (ถ้ามี)"),
        }

    field_order = [
        "lock_version",
        "name",
        "agency",
        "agency_search",
        "scope",
        "linkage",
        "category",
        "impact",
        "areas",
        "legal_time_law",
        "legal_time",
        "legal_time_unit",
        "stat_avg",
        "stat_max",
        "stat_min",
    ]

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["legal_time_unit"].choices = TimeUnit.choices
        # P4: the two parts of ประเภทของงานบริการ offered in the slide's own words (the printed handbook keeps the
        # real system's wording, Procedure.type_display).
        self.fields["scope"].choices = SCOPE_CHOICES
        # The two parts' names, read out to screen readers; they never repeat a choice's words (a label must find
        # one element).
        self.fields["scope"].label = _("ประเภทของงานบริการ ส่วนที่ 1 จาก 2")
        self.fields["linkage"].label = _("ประเภทของงานบริการ ส่วนที่ 2 จาก 2")
        self.fields["areas"].error_messages["invalid_choice"] = _("พื้นที่ให้บริการที่เลือกไม่มีในระบบ")
        self.fields["category"].choices = [("", _("— เลือกหมวดหมู่ —"))] + list(Procedure.Category.choices)
        instance = self.instance
        if instance.pk:
            self.initial.update(
                agency=instance.agency_id,
                agency_search=instance.agency.name,
                legal_time=instance.legal_time_value,
                lock_version=instance.lock_version,
            )
        else:
            self.initial.setdefault("areas", list(ServiceArea.objects.filter(code=rules.CENTRAL_AREA)))
            self.initial.setdefault("legal_time", "")
            for name in ("stat_avg", "stat_max", "stat_min"):
                self.initial.setdefault(name, 0)
        self.chosen_agency = self._initial_agency()
        self.chosen_laws = self._initial_laws()
        self.legal_time_hint = self._legal_time_hint()

    def _legal_time_hint(self) -> str | None:
        """P9's advice (a time above 0 names its law) for the values on screen: shown, never refused."""
        if self.is_bound:
            return rules.legal_time_hint(self.data.get("legal_time"), self.data.get("legal_time_law"))
        if self.instance.pk:
            return rules.legal_time_hint(self.instance.legal_time_value, self.instance.legal_time_law)
        return None

    # What the page shows again after an error: the picked agency's name and the chosen laws in their order.
    def _initial_agency(self) -> Agency | None:
        if self.is_bound:
            return self._agency_from_id(self.data.get("agency"))
        return self.instance.agency if self.instance.pk else None

    def _initial_laws(self) -> list[Law]:
        if self.is_bound:
            return self._laws_from_ids(self.data.getlist("laws") if hasattr(self.data, "getlist") else [])[0]
        if self.instance.pk:
            return [link.law for link in self.instance.law_links.select_related("law")]
        return []

    @staticmethod
    def _agency_from_id(raw) -> Agency | None:
        raw = str(raw or "").strip()
        if not raw.isdigit():
            return None
        return Agency.objects.filter(pk=int(raw)).first()

    @staticmethod
    def _laws_from_ids(raw_ids) -> tuple[list[Law], bool]:
        """The laws in the order given, duplicates dropped; the flag says whether some id was not a law."""
        ids: list[int] = []
        bad = False
        for raw in raw_ids:
            raw = str(raw).strip()
            if not raw.isdigit() or len(raw) > 18:  # beyond the id column's range: a forged id, not a 500
                bad = True
                continue
            if int(raw) not in ids:
                ids.append(int(raw))
        by_id = Law.objects.in_bulk(ids)
        bad = bad or len(by_id) != len(ids)
        return [by_id[i] for i in ids if i in by_id], bad

    def clean_name(self) -> str:
        name = rules.normalise_name(self.cleaned_data.get("name"))
        error = rules.name_error(name)
        if error:
            raise forms.ValidationError(error, code="P3")
        return name

    def clean_agency(self) -> Agency | None:
        agency = self.chosen_agency
        typed = self.data.get("agency_search") or ""
        if agency is None and typed.strip():
            # Without the picker (no JavaScript, or typed and not clicked): accept one exact name in scope.
            agency = agency_by_typed_name(self.user.scope_agencies().owners(), typed, rules.MESSAGES["P1_missing"])
        error = rules.owner_error(agency)
        if error:
            raise forms.ValidationError(error, code="P1")
        if not self.user.in_scope(agency):
            raise forms.ValidationError(rules.MESSAGES["P1_scope"], code="P1_scope")
        self.chosen_agency = agency
        return agency

    def clean_areas(self):
        areas = self.cleaned_data.get("areas") or []
        error = rules.areas_error(area.code for area in areas)
        if error:
            raise forms.ValidationError(error, code="P8")
        return areas

    def clean(self):
        cleaned = super().clean()
        laws, bad = self._laws_from_ids(self.data.getlist("laws") if hasattr(self.data, "getlist") else [])
        self.chosen_laws = laws
        if bad:
            self.add_error(None, _("กฎหมายบางรายการที่เลือกไม่มีในระบบแล้ว กรุณาค้นหาและเลือกใหม่"))
        error = rules.laws_error(len(laws))
        if error:
            self.add_error(None, forms.ValidationError(error, code="P5"))
        cleaned["laws"] = laws
        stats = [cleaned.get(f) for f in ("stat_min", "stat_avg", "stat_max")]
        if all(isinstance(v, int) for v in stats) and not stats[0] <= stats[1] <= stats[2]:
            self.add_error(
                "stat_avg",
                forms.ValidationError(_("จำนวนคำขอต้องเรียงกัน: น้อยที่สุด ≤ เฉลี่ยต่อเดือน ≤ มากที่สุด"), code="stats_order"),
            )
        agency, name = cleaned.get("agency"), cleaned.get("name")
        if agency is not None and name:
            duplicates = Procedure.objects.filter(agency=agency, name=name).select_related("agency")
            if self.instance.pk:
                duplicates = duplicates.exclude(pk=self.instance.pk)
            existing = duplicates.first()
            if existing is not None:
                self.add_error("name", duplicate_name_error(existing, self.user))
        return cleaned

    def _post_clean(self):
        # The fields that are not model fields (agency picker, P9 text) are copied onto the instance here.
        if self.cleaned_data.get("agency") is not None:
            self.instance.agency = self.cleaned_data["agency"]
        if "legal_time" in self.cleaned_data:
            self.instance.legal_time_value = self.cleaned_data["legal_time"]
        super()._post_clean()

    def _save_m2m(self):
        super()._save_m2m()
        # P5: the laws in the order the official put them (position 0, 1, 2 ...).
        procedure = self.instance
        ProcedureLaw.objects.filter(procedure=procedure).delete()
        ProcedureLaw.objects.bulk_create(
            ProcedureLaw(procedure=procedure, law=law, position=position)
            for position, law in enumerate(self.cleaned_data.get("laws") or [])
        )
