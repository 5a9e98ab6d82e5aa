"""Authoring pages of a Citizen Handbook: list, one-page form (create/update), printed page, copy, delete, form
files."""

from __future__ import annotations

import posixpath

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.http import require_GET, require_POST
from django_filters.views import FilterView

from portal import roles
from portal.files import stored_file_response
from portal.paging import OfficialListPaginator
from portal.views import agency_search_results
from procedures.models import Procedure

from . import rules, services
from .checks import unmet_rules
from .filters import HandbookFilter
from .forms import CONTENT_TYPES, FORMSETS, HandbookForm, build_formsets, forged_counts_response
from .models import FormSample, Handbook, HandbookVersion, may_create_handbook
from .snapshot import build_snapshot, handbook_queryset, with_file_links

NOT_AUTHOR = _("เฉพาะผู้จัดทำ (ผู้ใช้งานที่มีบทบาทผู้จัดทำ) เท่านั้นที่จัดทำหรือแก้ไขคู่มือสำหรับประชาชนได้")
NO_AGENCY = _("บัญชีของท่านยังไม่ได้สังกัดหน่วยงาน จึงจัดทำคู่มือไม่ได้ กรุณาติดต่อผู้ดูแลระบบ")


def _require_author(user) -> None:
    if not roles.is_author(user):
        raise PermissionDenied(NOT_AUTHOR)


def _visible_handbook(user, pk: int, queryset=None) -> Handbook:
    """Handbooks outside the official's sight are 404 (their existence is not disclosed)."""
    return get_object_or_404((queryset if queryset is not None else Handbook.objects).visible_to(user), pk=pk)


class HandbookListView(FilterView):
    """The official's handbooks: those of their agency and the units below it."""

    filterset_class = HandbookFilter
    template_name = "handbooks/handbook_list.html"
    paginate_by = 25
    paginator_class = OfficialListPaginator
    context_object_name = "handbooks"

    def get_queryset(self):
        return (
            Handbook.objects.in_scope_of(self.request.user)
            .select_related("procedure", "agency", "author")
            .defer("criteria", "note", "public_search", "procedure__legal_time_law")
        )


class HandbookFormView(View):
    """The one-page form of a handbook (sections 10–19 in printed order), for create and update.

    Saving ("บันทึกข้อมูลคู่มือประชาชน", H9) writes the handbook and all its rows in one transaction; a draft may
    be incomplete, and what is still missing for submission is listed on the page.
    """

    template_name = "handbooks/handbook_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.handbook = None
        self.procedure = None

    def load(self):
        user = self.request.user
        if "pk" in self.kwargs:
            # Outside the official's scope the working copy does not exist for them (404), published or not.
            self.handbook = get_object_or_404(
                handbook_queryset().in_scope_of(user).with_publication_record(), pk=self.kwargs["pk"]
            )
            if not self.handbook.is_editable_by(user):
                raise PermissionDenied(NOT_AUTHOR)
            self.procedure = self.handbook.procedure
        else:
            _require_author(user)
            if not may_create_handbook(user):
                raise PermissionDenied(NO_AGENCY)
            self.procedure = get_object_or_404(
                Procedure.objects.select_related("agency"), pk=self.kwargs["procedure_pk"]
            )

    def get(self, request, *args, **kwargs):
        self.load()
        if self.handbook is not None and not self.handbook.accepts_edits:
            messages.error(request, services.PENDING_MESSAGE)
            return redirect("handbooks:detail", pk=self.handbook.pk)
        instance = self.handbook or Handbook(procedure=self.procedure, agency=request.user.agency)
        form = HandbookForm(instance=instance, user=request.user)
        formsets = build_formsets(instance, offer_defaults=self.handbook is None)
        return self.render(form, formsets)

    def post(self, request, *args, **kwargs):
        if (refused := forged_counts_response(request)) is not None:
            return refused
        self.load()
        instance = self.handbook or Handbook(procedure=self.procedure)
        form = HandbookForm(request.POST, instance=instance, user=request.user)
        formsets = build_formsets(instance, request.POST, request.FILES)
        valid = form.is_valid() & all([fs.is_valid() for fs in formsets.values()])
        if not valid:
            messages.error(request, _("ยังบันทึกไม่ได้ กรุณาแก้ไขรายการที่มีข้อความแจ้งเตือนสีแดง"))
            return self.render(form, formsets)
        if self.handbook is None:
            token = form.cleaned_data.get("create_token")
            try:
                handbook = services.create_handbook(form, list(formsets.values()), request.user, request, token=token)
            except services.AlreadyCreated as already:
                # The same new-handbook form posted again: show the handbook its first post created.
                messages.info(request, _("คู่มือนี้ถูกบันทึกไปแล้วจากการกดบันทึกครั้งก่อน ระบบจึงไม่สร้างซ้ำ"))
                return redirect("handbooks:update", pk=already.handbook.pk)
            messages.success(request, _("บันทึกข้อมูลคู่มือประชาชนเรียบร้อยแล้ว"))
            return redirect("handbooks:update", pk=handbook.pk)
        sent = form.cleaned_data.get("lock_version")
        try:
            services.save_handbook(
                form, list(formsets.values()), sent if sent is not None else -1, request.user, request
            )
        except services.StaleHandbook:
            messages.error(request, services.STALE_MESSAGE)
            return self.render(form, formsets, status=409, conflict=True)
        except services.HandbookPending:
            messages.error(request, services.PENDING_MESSAGE)
            return self.render(form, formsets, status=409)
        messages.success(request, _("บันทึกข้อมูลคู่มือประชาชนเรียบร้อยแล้ว"))
        return redirect("handbooks:update", pk=self.handbook.pk)

    def render(self, form, formsets, status: int = 200, conflict: bool = False):
        sections = [
            {
                "prefix": prefix,
                "label": label,
                "formset": formsets[prefix],
                # Each row is rendered whole here (one Jinja2 template per row, RowForm.card), not per field.
                "cards": formsets[prefix].cards(label),
                "empty_card": formsets[prefix].empty_card(label),
                "count": formsets[prefix].row_count(),
            }
            for prefix, label, _cls in FORMSETS
        ]
        context = {
            "form": form,
            "sections": {s["prefix"]: s for s in sections},
            "formsets": list(formsets.values()),
            "handbook": self.handbook,
            "procedure": self.procedure,
            "unmet": unmet_rules(self.handbook) if self.handbook is not None else None,
            # The page's buttons (the approvals app's "ขออนุมัติเผยแพร่" in the action bar) ask the model's rules.
            "can": self.handbook.permissions_for(self.request.user) if self.handbook is not None else {},
            # What the page shows is a posted form sent back (an error, a conflict), not what is saved: a request to
            # publish now would publish the saved handbook, not what the official sees.
            "unsaved": form.is_bound,
            "warning": self.step_warning(form, formsets["steps"]),
            "conflict": conflict,
            "service_note_examples": rules.SERVICE_NOTE_EXAMPLES,
            "deficiency_note": rules.DEFICIENCY_NOTE,
            "reference_preview": self.handbook.reference_name
            if self.handbook
            else services.reference_name(self.procedure, self.request.user),
        }
        return render(self.request, self.template_name, context, status=status)

    def step_warning(self, form, steps_formset) -> str | None:
        if form.is_bound:
            steps = [
                f.instance
                for f in steps_formset.forms
                if getattr(f, "cleaned_data", None) and not f.cleaned_data.get("DELETE")
            ]
            total = form.cleaned_data.get("total_time_value") if hasattr(form, "cleaned_data") else None
            unit = (form.cleaned_data if hasattr(form, "cleaned_data") else {}).get("total_time_unit", "")
        elif self.handbook is not None:
            steps, total, unit = (
                list(self.handbook.steps.all()),
                self.handbook.total_time_value,
                self.handbook.total_time_unit,
            )
        else:
            return None
        return rules.step_sum_warning(steps, total, unit)


@require_GET
def agency_search(request):
    """GET ?agency_search= (or ?q=) → up to 20 agencies of any level in the author's scope, for the picker."""
    _require_author(request.user)
    return agency_search_results(request, request.user.scope_agencies(), _("ไม่พบหน่วยงานในสังกัดของท่านที่ตรงกับคำค้นหา"))


class HandbookDetailView(View):
    """The printed layout for officials. In the official's scope: the working copy, with the workflow panel and the
    list of what is still missing. Outside it: the live version only, exactly as the public reads it."""

    template_name = "handbooks/handbook_detail.html"
    printable = False

    def get(self, request, pk: int):
        handbook = _visible_handbook(request.user, pk, handbook_queryset().with_publication_record())
        can = handbook.permissions_for(request.user)
        if can["read_working_copy"]:
            snap, version = build_snapshot(handbook), None
        else:
            version = handbook.live_version
            snap = with_file_links(version.snapshot, lambda index: _version_file_url(version, index))
        context = {
            "handbook": handbook,
            "snap": snap,
            "version": version,
            "can": can,
            "unmet": unmet_rules(handbook) if handbook.is_editable_by(request.user) else None,
            "print_date": timezone.now(),
            # The printed footer says "เผยแพร่คู่มือแล้ว" for what was published, as the real system does.
            "status_label": _("เผยแพร่คู่มือแล้ว") if version is not None else handbook.get_status_display(),
        }
        return render(request, "handbooks/handbook_print.html" if self.printable else self.template_name, context)


def _version_file_url(version: HandbookVersion, index: int) -> str:
    kwargs = {"pk": version.handbook_id, "number": version.number, "index": index}
    return reverse("public:form_file", kwargs=kwargs)


@require_POST
def copy_view(request, pk: int):
    """ "Copy to my agency": a draft copy with all rows, for the official's own agency (of the live version when
    the handbook lies outside their scope)."""
    source = _visible_handbook(request.user, pk, Handbook.objects.select_related("agency", "live_version"))
    if not source.is_copyable_by(request.user):
        raise PermissionDenied(NOT_AUTHOR if not roles.is_author(request.user) else NO_AGENCY)
    copy = services.copy_handbook(source, request.user, request)
    messages.success(request, _("คัดลอกคู่มือไปยังหน่วยงานของท่านแล้ว (ฉบับร่าง) กรุณาปรับช่องทางและรายละเอียดของหน่วยงานท่าน"))
    return redirect(reverse("handbooks:update", kwargs={"pk": copy.pk}))


@require_POST
def delete_view(request, pk: int):
    """Delete a never-published draft ("ลบร่างคู่มือ", after the page's confirmation): its author's mistake may go,
    a published handbook's versions stay the legal record. Outside the official's scope 404, not an author 403."""
    handbook = get_object_or_404(Handbook.objects.in_scope_of(request.user).select_related("agency"), pk=pk)
    if not handbook.is_editable_by(request.user):
        raise PermissionDenied(NOT_AUTHOR)
    try:
        services.delete_draft(handbook, request.user, request)
    except services.NotDeletable as refused:
        messages.error(request, refused.message)
        return redirect("handbooks:detail", pk=pk)
    messages.success(request, _("ลบร่างคู่มือ “%(name)s” แล้ว") % {"name": handbook.reference_name})
    return redirect("handbooks:list")


FORM_FOLDER = "handbooks/forms/"  # where models.form_sample_path stores every upload


def form_file_response(name: str, request: HttpRequest | None = None) -> HttpResponse:
    """Send the stored form sample `name` with the content type of its extension; 404 for a name outside the
    upload folder or a file that is not there (never a 500). `request`: for a 304 to a reader who has it already."""
    if not name.startswith(FORM_FOLDER) or posixpath.normpath(name) != name or "\\" in name or "\x00" in name:
        raise Http404
    ext = name.rsplit(".", 1)[-1].lower()
    content_type = CONTENT_TYPES.get("jpg" if ext == "jpeg" else ext, "application/octet-stream")
    storage = FormSample._meta.get_field("file").storage
    return stored_file_response(
        storage, name, content_type=content_type, filename=name.rsplit("/", 1)[-1], request=request
    )


def version_form_file_response(versions, number: int, index: int, request: HttpRequest | None = None) -> HttpResponse:
    """The form file that version `number` (one of `versions`, a HandbookVersion queryset already limited to what
    the reader may see) recorded in its snapshot's forms[index]["file"]; 404 when there is none."""
    snapshot = get_object_or_404(versions.values_list("snapshot", flat=True), number=number)
    forms = snapshot.get("forms", [])
    name = forms[index].get("file") if index < len(forms) else None
    if not name or not isinstance(name, str):
        raise Http404
    return form_file_response(name, request)


def _file_in_live_version(sample: FormSample) -> bool:
    """Whether the sample's current file is the one the live version published (so citizens may read it).

    Entries with "file" must name this very file; older snapshots (no "file") only stored the row's link."""
    live = sample.handbook.live_version
    if live is None:
        return False
    url = reverse("handbooks:form_file", kwargs={"pk": sample.pk})
    for entry in live.snapshot.get("forms", []):
        if entry.get("file_url") == url and ("file" not in entry or entry["file"] == sample.file.name):
            return True
    return False


@login_not_required
@require_GET
def form_file(request, pk: int):
    """An uploaded form sample's CURRENT file: for officials in the handbook's scope, and for everyone else
    (citizens, officials of other agencies) only when that file is the one the live version published (a file
    uploaded in a revision waits for approval). The public pages link each version's own file (public:form_file).
    """
    sample = get_object_or_404(FormSample.objects.select_related("handbook__agency", "handbook__live_version"), pk=pk)
    if not sample.file:
        raise Http404
    if not sample.handbook.is_in_scope_of(request.user) and not _file_in_live_version(sample):
        raise Http404
    return form_file_response(sample.file.name, request)


def recent_handbooks_panel(request) -> dict | None:
    """Dashboard panel: the official's most recently changed handbooks in scope, with their status."""
    user = request.user
    if not (roles.is_author(user) or roles.is_approver(user)):
        return None
    handbooks = (
        Handbook.objects.in_scope_of(user)
        .only("pk", "reference_name", "status", "updated_at")
        .order_by("-updated_at", "-id")[:8]
    )
    return {"handbooks": list(handbooks)}
