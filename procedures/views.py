"""Procedures: list, detail, create ("สร้าง", P2), edit with optimistic locking, delete, owner-agency picker.

Who may see or change what lives in `Procedure.objects.visible_to/editable_by`: objects outside the official's
scope are 404, a missing role is 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import CreateView, DetailView, UpdateView
from django_filters.views import FilterView

from laws.models import may_edit_laws
from portal import roles
from portal.audit import record
from portal.paging import OfficialListPaginator
from portal.views import agency_search_results

from .filters import ProcedureFilter
from .forms import STALE_MESSAGE, ProcedureForm, duplicate_name_error
from .models import Procedure, ProcedureLaw


def require_author(user) -> None:
    if not roles.is_author(user):
        raise PermissionDenied(_("เฉพาะผู้จัดทำเท่านั้นที่สร้างหรือแก้ไขกระบวนงานได้"))


def editable_procedure(request, pk: int) -> Procedure:
    """404 when the procedure is outside the official's scope, 403 when in scope but the role is missing."""
    procedure = get_object_or_404(Procedure.objects.visible_to(request.user).select_related("agency"), pk=pk)
    if not procedure.is_editable_by(request.user):
        raise PermissionDenied(_("เฉพาะผู้จัดทำเท่านั้นที่แก้ไขกระบวนงานได้"))
    return procedure


def _audit_data(form) -> dict:
    data = {}
    for name in form.changed_data:
        value = form.cleaned_data.get(name)
        if name in ("lock_version", "agency_search"):
            continue
        if hasattr(value, "__iter__") and not isinstance(value, str):
            value = [str(v) for v in value]
        data[name] = value if isinstance(value, (int, list)) else str(value or "")
    data["laws"] = [law.pk for law in form.cleaned_data.get("laws") or []]
    return data


class ProcedureListView(FilterView):
    filterset_class = ProcedureFilter
    paginate_by = 20
    paginator_class = OfficialListPaginator
    template_name = "procedures/procedure_list.html"

    def get_queryset(self):
        return (
            Procedure.objects.visible_to(self.request.user)
            .select_related("agency")
            .prefetch_related("areas")
            .defer("legal_time_law")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = roles.is_author(self.request.user)
        context["chosen_agency"] = getattr(self.filterset, "chosen_agency", None)
        context["chosen_law"] = getattr(self.filterset, "chosen_law", None)
        return context


class ProcedureDetailView(DetailView):
    template_name = "procedures/procedure_detail.html"
    context_object_name = "procedure"

    def get_queryset(self):
        return (
            Procedure.objects.visible_to(self.request.user)
            .select_related("agency", "created_by", "updated_by")
            .prefetch_related("areas", Prefetch("law_links", queryset=ProcedureLaw.objects.select_related("law")))
        )

    def get_context_data(self, **kwargs):
        from .checks import advice, unmet_rules

        context = super().get_context_data(**kwargs)
        procedure = self.object
        context["agency_chain"] = list(procedure.agency.get_ancestors(include_self=True))
        context["can_edit"] = procedure.is_editable_by(self.request.user)
        context["unmet"] = unmet_rules(procedure)
        context["advice"] = advice(procedure)
        # P7: "ปรับปรุงข้อมูล" beside each cited law, for those who keep the law registry.
        context["can_refresh_laws"] = may_edit_laws(self.request.user)
        context["has_handbooks"] = procedure.handbooks.exists()
        return context


class ProcedureFormMixin:
    form_class = ProcedureForm
    template_name = "procedures/procedure_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A division-level official has no ministry or department in scope, so P1 can never be met: say so upfront.
        context["no_owner_agency"] = not self.request.user.scope_agencies().owners().exists()
        return context

    def save_or_refuse(self, form, action: str, lock_version: int | None = None):
        """Save in one transaction; a stale lock_version or a race on the unique name gives the form back."""
        user = self.request.user
        try:
            with transaction.atomic():
                if lock_version is not None:
                    # Optimistic lock: only the version the official started from may be overwritten.
                    bumped = Procedure.objects.filter(pk=form.instance.pk, lock_version=lock_version).update(
                        lock_version=F("lock_version") + 1
                    )
                    if not bumped:
                        form.add_error(None, STALE_MESSAGE)
                        return self.form_invalid(form)
                    form.instance.lock_version = lock_version + 1
                else:
                    form.instance.created_by = user
                form.instance.updated_by = user
                self.object = form.save()
                record(action, obj=self.object, request=self.request, data=_audit_data(form))
        except IntegrityError:
            # Another official saved the same name in the same agency between the form's check and this save.
            existing = (
                Procedure.objects.filter(agency=form.instance.agency_id, name=form.instance.name)
                .exclude(pk=form.instance.pk)
                .select_related("agency")
                .first()
            )
            form.add_error("name", duplicate_name_error(existing, user))
            return self.form_invalid(form)
        return redirect("procedures:detail", pk=self.object.pk)


class ProcedureCreateView(ProcedureFormMixin, CreateView):
    """P2: reached with the button "สร้าง" on the procedure list."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require_author(request.user)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        response = self.save_or_refuse(form, "procedures.procedure.created")
        if response.status_code == 302:
            messages.success(self.request, _("สร้างกระบวนงานแล้ว"))
        return response


class ProcedureUpdateView(ProcedureFormMixin, UpdateView):
    def get_object(self, queryset=None):
        return editable_procedure(self.request, self.kwargs["pk"])

    def form_valid(self, form):
        lock_version = form.cleaned_data.get("lock_version")
        if lock_version is None:
            form.add_error(None, STALE_MESSAGE)
            return self.form_invalid(form)
        response = self.save_or_refuse(form, "procedures.procedure.updated", lock_version=lock_version)
        if response.status_code == 302:
            messages.success(self.request, _("บันทึกการแก้ไขกระบวนงานแล้ว"))
        return response


@require_POST
def procedure_delete(request, pk: int):
    """Delete a procedure that no handbook uses yet; once a handbook exists the procedure stays."""
    procedure = editable_procedure(request, pk)
    if procedure.handbooks.exists():
        messages.error(request, _("ไม่สามารถลบกระบวนงานนี้ได้ เนื่องจากมีคู่มือสำหรับประชาชนที่อ้างถึงกระบวนงานนี้แล้ว"))
        return redirect("procedures:detail", pk=pk)
    with transaction.atomic():
        record(
            "procedures.procedure.deleted",
            obj=procedure,
            request=request,
            data={"name": procedure.name, "agency": procedure.agency_id},
        )
        procedure.delete()
    messages.success(request, _("ลบกระบวนงาน “%(name)s” แล้ว") % {"name": procedure.name})
    return redirect("procedures:list")


@require_GET
def agency_search(request):
    """GET ?q= → up to 20 ministries/departments in the official's scope, as buttons for the picker (P1)."""
    return agency_search_results(
        request,
        request.user.scope_agencies().owners(),
        _("ไม่พบหน่วยงานระดับกระทรวงหรือกรมในสังกัดของท่านที่ตรงกับคำค้นหา"),
    )


def recent_procedures_panel(request) -> dict | None:
    """Dashboard panel: the official's own recent procedures (authors only)."""
    user = request.user
    if not roles.is_author(user):
        return None
    procedures = list(
        Procedure.objects.visible_to(user)
        .filter(created_by=user)
        .select_related("agency")
        .only("id", "name", "agency__name", "updated_at")
        .order_by("-updated_at")[:5]
    )
    return {"procedures": procedures}
