"""The shared registry of laws that give the authority to permit (manual rules P5–P7), and the review cycle of
section 6 of the Licensing Facilitation Act (below `REVIEW_YEARS`)."""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import roles

_SPACES = re.compile(r"\s+")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_THAI = "\u0e00-\u0e7f"
TITLE_KEY_LENGTH = 500  # the column's length; a key longer than that is cut (only ever by expanded abbreviations)


def _initials(letters: str) -> str:
    """An abbreviation such as พ.ร.บ. as officials type it: "พ.ร.บ.", "พ.ร.บ", "พ. ร. บ.", "พรบ.", "พรบ".

    Written with dots it is recognised anywhere ("…ออกตามความในพ.ร.บ.โรงงาน"); without dots only where a word
    starts, so that the letters inside another word are never read as an abbreviation."""
    dotted = r"\s*\.\s*".join(letters) + r"(?:\s*\.)?"
    bare = rf"(?<![{_THAI}])" + r"\s*".join(letters) + r"(?:\s*\.)?"
    return f"(?:{dotted}|{bare})"


# The short names officials write for the kinds of law, and the full names they stand for (P6).
_ABBREVIATIONS = (
    (re.compile(_initials("พรบ")), "พระราชบัญญัติ"),
    (re.compile(_initials("พรก")), "พระราชกำหนด"),
    (re.compile(_initials("พรฎ")), "พระราชกฤษฎีกา"),
    # "กฎ ก." is กฎกระทรวง, but "กฎ ก.พ.", "กฎ ก.ค.ศ.", "กฎ ก.ตร." are the rules of commissions: an initial
    # followed by another abbreviation is left alone.
    (re.compile(rf"กฎ\s*ก\s*\.(?!\s*[ก-ฮ]{{1,3}}\s*\.)|กฎ\s+ก(?![{_THAI}.])"), "กฎกระทรวง"),
)
# พ.ศ. spelt as "พ.ศ.2499", "พ.ศ 2499", "พศ. 2499", "พ. ศ. 2499" ... before a year: all become "พ.ศ.2499".
_BE = re.compile(r"พ\s*\.?\s*ศ\s*\.?\s*(?=[0-9])")


def normalise_title(title: str) -> str:
    """The key under which the ways officials write one law are the same (P6): the duplicate check compares it and
    the search looks in it.

    Thai digits become Arabic; พ.ร.บ., พ.ร.ก., พ.ร.ฎ. and กฎ ก. (with or without dots and spaces) become
    พระราชบัญญัติ, พระราชกำหนด, พระราชกฤษฎีกา and กฎกระทรวง; พ.ศ. is spelt one way; and every space goes, because
    a Thai title separates phrases, not words, with spaces that officials place as they please ("พ.ร.บ. ทะเบียน
    พาณิชย์" is "พระราชบัญญัติทะเบียนพาณิชย์"). Changing this function changes the stored keys: recompute them in
    a data migration (see laws/migrations/0003_title_key_abbreviations.py).
    """
    text = (title or "").translate(_THAI_DIGITS)
    for pattern, full in _ABBREVIATIONS:
        text = pattern.sub(full, text)
    text = _BE.sub("พ.ศ.", text)
    return _SPACES.sub("", text).casefold()[:TITLE_KEY_LENGTH]


# ----- The review cycle (section 6 of the Act: the laws behind a permit are reviewed every five years).
#
# The one home of the rule. Each law carries `reviewed_on` (its last review: the day "ปรับปรุงข้อมูล" was last
# pressed, else the day it entered the registry) and `next_review_on` (five years later; an administrator may move
# it in the admin, and the next press computes it again). Pages, reports and reminders ask only these:
#   Law.objects.overdue(today) / .due_soon(today) / .review_needed(today)   which laws (QuerySet rules)
#   law.review_state_on(today), law.review_state                           the same for one law ("overdue"/"due"/"ok")
#   law.days_to_review(today)                                               days left (negative: days overdue)
#   overdue_among(laws, today)                                              the overdue ones of laws already loaded
# `today` is the local (Asia/Bangkok) date; None means today.
REVIEW_YEARS = 5
DUE_WITHIN_DAYS = 90


def next_review_after(reviewed_on: datetime.date) -> datetime.date:
    """The review date `REVIEW_YEARS` after `reviewed_on`: the same day and month (29 February → 28 February)."""
    year = reviewed_on.year + REVIEW_YEARS
    try:
        return reviewed_on.replace(year=year)
    except ValueError:  # 29 February in a year that has none
        return reviewed_on.replace(year=year, day=28)


def local_date(moment: datetime.datetime | None = None) -> datetime.date:
    """The date in Thailand of `moment` (an aware datetime), or today's."""
    return timezone.localdate(moment) if moment is not None else timezone.localdate()


class ReviewState(models.TextChoices):
    OVERDUE = "overdue", _("เลยกำหนดทบทวน")
    DUE = "due", _("ใกล้ถึงกำหนดทบทวน")
    OK = "ok", _("ยังไม่ถึงกำหนดทบทวน")


def review_state(next_review_on: datetime.date, today: datetime.date | None = None) -> ReviewState:
    """Overdue once the review date has passed; due from `DUE_WITHIN_DAYS` days before it up to the day itself."""
    today = today or local_date()
    if next_review_on < today:
        return ReviewState.OVERDUE
    if next_review_on <= today + datetime.timedelta(days=DUE_WITHIN_DAYS):
        return ReviewState.DUE
    return ReviewState.OK


def overdue_among(laws, today: datetime.date | None = None) -> list[Law]:
    """The overdue laws of `laws` (Law objects, or rows that carry one in `.law` such as a procedure's `law_links`),
    most overdue first: for pages whose laws are already loaded, so the notice costs no query."""
    today = today or local_date()
    found = [getattr(item, "law", item) for item in laws]
    return sorted((law for law in found if law.review_state_on(today) == ReviewState.OVERDUE), key=_review_order)


def _review_order(law: Law) -> tuple:
    return (law.next_review_on, law.title, law.pk)


def may_edit_laws(user) -> bool:
    """The law registry is shared by every agency: authors (and administrators) add, edit and refresh any law;
    every official reads it."""
    return roles.is_author(user)


class LawQuerySet(models.QuerySet):
    def editable_by(self, user) -> LawQuerySet:
        """Twin: `Law.is_editable_by`."""
        return self.all() if may_edit_laws(user) else self.none()

    # The review cycle (see REVIEW_YEARS above); twins: `Law.review_state_on`.
    def overdue(self, today: datetime.date | None = None) -> LawQuerySet:
        """Laws whose next review date has passed (before `today`)."""
        return self.filter(next_review_on__lt=today or local_date())

    def due_soon(self, today: datetime.date | None = None) -> LawQuerySet:
        """Laws to review within `DUE_WITHIN_DAYS` days, today and the last day included, not yet overdue."""
        today = today or local_date()
        return self.filter(next_review_on__range=(today, today + datetime.timedelta(days=DUE_WITHIN_DAYS)))

    def review_needed(self, today: datetime.date | None = None) -> LawQuerySet:
        """`overdue` and `due_soon` together: what the review page lists."""
        today = today or local_date()
        return self.filter(next_review_on__lte=today + datetime.timedelta(days=DUE_WITHIN_DAYS))

    def search(self, text: str) -> LawQuerySet:
        # NUL bytes break PostgreSQL and a 100,000-character LIKE pattern breaks SQLite: a title is ≤ 500 chars.
        text = (text or "").replace("\x00", "").strip()[:500]
        if not text:
            return self
        # The title as typed, or the key: "พ.ร.บ.ทะเบียนพาณิชย์" finds "พระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. 2499".
        return self.filter(models.Q(title__icontains=text) | models.Q(title_key__icontains=normalise_title(text)))

    def with_procedure_count(self) -> LawQuerySet:
        """Annotate `procedure_count`: how many procedures cite each law.

        A correlated subquery per law on the page, not a join of every procedure link grouped by law: with 2,000
        laws and 50,000 links the grouped join cost the list 65 ms (and its COUNT the same again); this costs ~1 ms.
        The link model is reached through the reverse relation `procedure_links`, so laws import nothing of
        procedures (the app above them).
        """
        links = self.model._meta.get_field("procedure_links").related_model
        counts = links.objects.filter(law=models.OuterRef("pk")).order_by().values("law").annotate(n=models.Count("*"))
        return self.annotate(procedure_count=Coalesce(models.Subquery(counts.values("n")), 0))

    def cited_in_scope_of(self, user) -> LawQuerySet:
        """Laws that some procedure the official may see cites (Procedure's own rule `visible_to`)."""
        links = self.model._meta.get_field("procedure_links").related_model
        visible = _procedures().objects.visible_to(user)
        return self.filter(pk__in=links.objects.filter(procedure__in=visible).values("law"))

    def with_procedures_for(self, user, shown: int) -> LawQuerySet:
        """For a list of laws: annotate `procedure_count` (every procedure citing the law, as the law list shows it)
        and `visible_procedure_count` (those the official may see), and prefetch into `shown_procedures` at most
        `shown` of the visible ones per law, with their agency, by agency and name. A fixed number of queries
        whatever the number of laws on the page (a window function limits the prefetch per law)."""
        links = self.model._meta.get_field("procedure_links").related_model
        visible = _procedures().objects.visible_to(user)
        counts = (
            links.objects.filter(law=models.OuterRef("pk"), procedure__in=visible.values("pk"))
            .order_by()
            .values("law")
            .annotate(n=models.Count("*"))
        )
        shown_qs = (
            visible.select_related("agency")
            .only("id", "name", "agency__id", "agency__name")
            .order_by("agency__name", "name", "pk")[:shown]
        )
        return (
            self.with_procedure_count()
            .annotate(visible_procedure_count=Coalesce(models.Subquery(counts.values("n")), 0))
            .prefetch_related(models.Prefetch("procedures", queryset=shown_qs, to_attr="shown_procedures"))
        )


def _procedures() -> type[models.Model]:
    """The procedure model, reached through the reverse relation `procedures` (laws import nothing of procedures)."""
    return Law._meta.get_field("procedures").related_model


class Law(models.Model):
    class Kind(models.TextChoices):
        ACT = "act", _("พระราชบัญญัติ")
        EMERGENCY_DECREE = "emergency_decree", _("พระราชกำหนด")
        ROYAL_DECREE = "royal_decree", _("พระราชกฤษฎีกา")
        MINISTERIAL_REGULATION = "ministerial_regulation", _("กฎกระทรวง")
        REGULATION = "regulation", _("ระเบียบ")
        NOTIFICATION = "notification", _("ประกาศ")
        BYLAW = "bylaw", _("ข้อบังคับ")
        ORDER = "order", _("คำสั่ง")
        OTHER = "other", _("อื่น ๆ")

    title = models.CharField(_("ชื่อกฎหมาย"), max_length=500)
    title_key = models.CharField(max_length=500, unique=True, editable=False)
    kind = models.CharField(_("ประเภทกฎหมาย"), max_length=30, choices=Kind.choices)
    year_be = models.PositiveSmallIntegerField(_("ปี พ.ศ."), null=True, blank=True)
    url = models.URLField(_("ลิงก์"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # P7: who last pressed "ปรับปรุงข้อมูล" and when (the full history is in LawRefresh).
    refreshed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ปรับปรุงข้อมูลล่าสุดโดย"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    refreshed_at = models.DateTimeField(_("ปรับปรุงข้อมูลล่าสุดเมื่อ"), null=True, blank=True)
    # Section 6 of the Act (REVIEW_YEARS above). Both are filled on the first save when left empty: the last review
    # is the day the law entered the registry, the next one REVIEW_YEARS later.
    reviewed_on = models.DateField(_("ทบทวนล่าสุดเมื่อ"), blank=True)
    next_review_on = models.DateField(_("ครบกำหนดทบทวนครั้งถัดไป"), blank=True, db_index=True)

    objects = LawQuerySet.as_manager()

    class Meta:
        verbose_name = _("กฎหมาย")
        verbose_name_plural = _("กฎหมาย")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # A derived key, kept in step with the title so the unique constraint catches duplicates everywhere.
        self.title_key = normalise_title(self.title)
        if self.reviewed_on is None:
            self.reviewed_on = local_date()
        if self.next_review_on is None:
            self.next_review_on = next_review_after(self.reviewed_on)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("laws:detail", args=[self.pk])

    def is_editable_by(self, user) -> bool:
        return may_edit_laws(user)

    def review_state_on(self, today: datetime.date | None = None) -> ReviewState:
        """Twin of `Law.objects.overdue/due_soon`: "overdue", "due" (within DUE_WITHIN_DAYS days) or "ok"."""
        return review_state(self.next_review_on, today)

    @property
    def review_state(self) -> ReviewState:
        """`review_state_on` today."""
        return self.review_state_on()

    def days_to_review(self, today: datetime.date | None = None) -> int:
        """Days from `today` to the next review date: negative once overdue (-3: three days overdue)."""
        return (self.next_review_on - (today or local_date())).days

    @transaction.atomic
    def refresh(self, user, note: str = "", request=None) -> LawRefresh:
        """P7 "ปรับปรุงข้อมูล": stamp who brought the law up to date and when, keep the press in the history. The
        press is also the law's review (section 6): `reviewed_on` becomes the press's date in Thailand and
        `next_review_on` REVIEW_YEARS later, replacing any date an administrator had set.

        Side effects: one LawRefresh row; `refreshed_by`, `refreshed_at`, `reviewed_on`, `next_review_on` updated;
        one audit row `laws.law.refreshed`.
        """
        from portal.audit import record

        entry = LawRefresh.objects.create(law=self, user=user, note=(note or "").strip()[:500])
        self.refreshed_by, self.refreshed_at = user, entry.refreshed_at or timezone.now()
        self.reviewed_on = local_date(self.refreshed_at)
        self.next_review_on = next_review_after(self.reviewed_on)
        Law.objects.filter(pk=self.pk).update(
            refreshed_by=user,
            refreshed_at=self.refreshed_at,
            reviewed_on=self.reviewed_on,
            next_review_on=self.next_review_on,
        )
        data = {"note": entry.note, "next_review_on": self.next_review_on.isoformat()}
        record("laws.law.refreshed", obj=self, actor=user, request=request, data=data)
        return entry


class LawRefresh(models.Model):
    """One press of "ปรับปรุงข้อมูล" (P7)."""

    law = models.ForeignKey(Law, on_delete=models.CASCADE, related_name="refreshes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    refreshed_at = models.DateTimeField(_("เวลา"), auto_now_add=True)
    note = models.CharField(_("หมายเหตุ"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("ประวัติการปรับปรุงข้อมูลกฎหมาย")
        verbose_name_plural = _("ประวัติการปรับปรุงข้อมูลกฎหมาย")
        ordering = ["-refreshed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.law} ({self.refreshed_at:%Y-%m-%d})"
