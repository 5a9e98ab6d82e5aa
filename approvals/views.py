"""Views of the approval workflow: one small POST-only view per transition, the approver queue, review, versions.

Objects outside the official's scope → 404; inside it but the wrong role (or separation of duties) → 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView
from django_filters.views import FilterView

from handbooks.models import Handbook, HandbookVersion
from handbooks.snapshot import build_snapshot, handbook_queryset, with_file_links
from handbooks.views import version_form_file_response
from handbooks.workflow import ActorNotAllowed, ReasonRequired, TransitionNotAllowed, UnmetRules
from portal import roles
from portal.exports import csv_response
from portal.templatetags.thai import format_thai_datetime

from .diff import diff_snapshots
from .filters import QueueFilter
from .forms import ApproveForm, FlagForm, ReturnForm, SubmitForm, UnpublishForm
from .notifications import handbook_path
from .panels import request_pending_counts

NOT_APPROVER = _("เฉพาะผู้อนุมัติเท่านั้นที่ดำเนินการนี้ได้")
NOT_AUTHOR = _("เฉพาะผู้จัดทำเท่านั้นที่ดำเนินการนี้ได้")


def handbook_in_scope(user, pk: int) -> Handbook:
    """The handbook if it lies in the official's scope (`Handbook.objects.in_scope_of`); 404 otherwise."""
    return get_object_or_404(Handbook.objects.in_scope_of(user).select_related("agency", "procedure"), pk=pk)


def queue_queryset(user, stage: int = 1):
    """The requests waiting at `stage` whose role is the approver's (`Handbook.objects.awaiting_stage`), oldest first:
    only the columns a queue row (and its CSV line) shows."""
    return (
        Handbook.objects.awaiting_stage(stage, user)
        .select_related("procedure", "agency", "submitted_by", "live_version", "endorsed_by")
        .only(
            "status",
            "submitted_at",
            "reference_name",
            "change_note",
            "procedure__name",
            "agency__name",
            "submitted_by__username",
            "submitted_by__first_name",
            "submitted_by__last_name",
            "live_version__number",
            "endorsed_at",
            "endorsed_by__username",
            "endorsed_by__first_name",
            "endorsed_by__last_name",
        )
        .order_by("submitted_at", "id")
    )


# ----- transitions (POST only) -----


class TransitionView(View):
    http_method_names = ["post"]
    role_check = staticmethod(roles.is_author)
    role_message = NOT_AUTHOR

    def post(self, request, pk: int):
        handbook = handbook_in_scope(request.user, pk)
        if not self.role_check(request.user):
            raise PermissionDenied(self.role_message)
        try:
            return self.act(request, handbook)
        except ActorNotAllowed as error:
            raise PermissionDenied(error.message) from error
        except TransitionNotAllowed as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(self.back_url(handbook))

    def back_url(self, handbook) -> str:
        return handbook_path(handbook)

    def act(self, request, handbook):  # pragma: no cover - every subclass defines it
        raise NotImplementedError


class SubmitView(TransitionView):
    """ขออนุมัติเผยแพร่ (H10). Refused with the list of unmet rules while any of P1–P9 / H1–H9 is unmet."""

    def act(self, request, handbook):
        form = SubmitForm(request.POST)
        if not form.is_valid():
            return render(request, "approvals/submit_refused.html", {"handbook": handbook, "form": form, "unmet": []})
        try:
            handbook.submit(request.user, change_note=form.cleaned_data["change_note"], request=request)
        except UnmetRules as error:
            return render(
                request,
                "approvals/submit_refused.html",
                {"handbook": handbook, "form": form, "unmet": error.unmet, "edit_url": _edit_url(handbook)},
            )
        messages.success(request, _g("ส่งคำขออนุมัติเผยแพร่แล้ว คู่มืออยู่ระหว่างรออนุมัติ"))
        return HttpResponseRedirect(handbook_path(handbook))


class WithdrawView(TransitionView):
    def act(self, request, handbook):
        handbook.withdraw(request.user, request=request)
        messages.success(request, _g("ถอนคำขออนุมัติแล้ว คู่มือกลับเป็นร่าง"))
        return HttpResponseRedirect(handbook_path(handbook))


class ApproverTransitionView(TransitionView):
    role_check = staticmethod(roles.is_approver)
    role_message = NOT_APPROVER

    def back_url(self, handbook) -> str:
        return reverse("approvals:review", kwargs={"pk": handbook.pk})

    def invalid(self, request, handbook, **forms):
        return render_review(request, handbook, **forms)


class ApproveView(ApproverTransitionView):
    def act(self, request, handbook):
        form = ApproveForm(request.POST)
        if not form.is_valid():
            return self.invalid(request, handbook, approve_form=form)
        stage = handbook.stage
        version = handbook.approve(request.user, comment=form.cleaned_data["comment"], request=request)
        if version is None:
            messages.success(request, _g("เห็นชอบแล้ว คำขอส่งต่อไปยังสำนักงาน ก.พ.ร. เพื่อพิจารณาอนุมัติเผยแพร่ (ขั้นที่ 2)"))
        else:
            messages.success(request, published_message(handbook, version))
        return HttpResponseRedirect(queue_url(stage))


def queue_url(stage: int | None) -> str:
    return reverse("approvals:central_queue" if stage == 2 else "approvals:queue")


def published_message(handbook: Handbook, version: HandbookVersion) -> str:
    """The banner after approval: which handbook went public (its name escaped) and a link to the page citizens read."""
    return format_html(
        _g('อนุมัติเผยแพร่แล้ว: “{name}” (ฉบับที่ {number}) — <a href="{url}">เปิดหน้าคู่มือสำหรับประชาชน</a>'),
        name=handbook.reference_name,
        number=version.number,
        url=reverse("public:handbook", kwargs={"pk": handbook.pk}),
    )


class ReturnView(ApproverTransitionView):
    def act(self, request, handbook):
        form = ReturnForm(request.POST)
        if not form.is_valid():
            return self.invalid(request, handbook, return_form=form)
        stage = handbook.stage
        try:
            handbook.return_for_changes(request.user, form.cleaned_data["reason"], request=request)
        except ReasonRequired as error:
            form.add_error("reason", error.message)
            return self.invalid(request, handbook, return_form=form)
        messages.success(request, _g("ส่งกลับแก้ไขแล้ว"))
        return HttpResponseRedirect(queue_url(stage))


class UnpublishView(ApproverTransitionView):
    def act(self, request, handbook):
        form = UnpublishForm(request.POST)
        if not form.is_valid():
            return self.invalid(request, handbook, unpublish_form=form)
        handbook.unpublish(request.user, form.cleaned_data["reason"], request=request)
        messages.success(request, _g("ยกเลิกการเผยแพร่แล้ว หน้าคู่มือสำหรับประชาชนไม่แสดงแล้ว"))
        return HttpResponseRedirect(reverse("approvals:review", kwargs={"pk": handbook.pk}))


class CentralTransitionView(ApproverTransitionView):
    role_check = staticmethod(roles.is_central_approver)
    role_message = _("เฉพาะผู้อนุมัติส่วนกลาง (สำนักงาน ก.พ.ร.) เท่านั้นที่ดำเนินการนี้ได้")


class FlagView(CentralTransitionView):
    """ตรวจสอบหลังเผยแพร่: ก.พ.ร. asks the agency to correct a published handbook (it stays public)."""

    def act(self, request, handbook):
        form = FlagForm(request.POST)
        if not form.is_valid():
            return self.invalid(request, handbook, flag_form=form)
        handbook.flag(request.user, form.cleaned_data["reason"], request=request)
        messages.success(request, _g("แจ้งให้หน่วยงานแก้ไขคู่มือแล้ว คู่มือยังเผยแพร่อยู่จนกว่าฉบับที่แก้ไขจะได้รับอนุมัติ"))
        return HttpResponseRedirect(reverse("approvals:review", kwargs={"pk": handbook.pk}))


class UnflagView(CentralTransitionView):
    def act(self, request, handbook):
        handbook.unflag(request.user, request=request)
        messages.success(request, _g("ยกเลิกการแจ้งให้แก้ไขแล้ว"))
        return HttpResponseRedirect(reverse("approvals:review", kwargs={"pk": handbook.pk}))


def _edit_url(handbook) -> str:
    return reverse("handbooks:update", kwargs={"pk": handbook.pk})


# ----- approver pages -----


class ApproverOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not roles.is_approver(request.user):
            raise PermissionDenied(NOT_APPROVER)
        return super().dispatch(request, *args, **kwargs)


class CentralOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not roles.is_central_approver(request.user):
            raise PermissionDenied(CentralTransitionView.role_message)
        return super().dispatch(request, *args, **kwargs)


class QueueView(ApproverOnlyMixin, FilterView):
    """รายการรออนุมัติ (ขั้นที่ 1): pending requests in the approver's scope, oldest first."""

    filterset_class = QueueFilter
    template_name = "approvals/queue.html"
    paginate_by = 25
    stage = 1

    def get_queryset(self):
        return queue_queryset(self.request.user, self.stage)

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        if self._unfiltered():
            # Without a filter the queue holds exactly the requests the nav badge counts for this stage: one COUNT
            # for both.
            paginator.count = request_pending_counts(self.request)[self.stage]
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = request_pending_counts(self.request)
        context.update(stage=self.stage, stage_counts=counts, central=roles.is_central_approver(self.request.user))
        return context

    def _unfiltered(self) -> bool:
        filterset = self.filterset
        if not filterset.is_bound:
            return True
        empty = (None, "", [], ())
        return filterset.is_valid() and all(value in empty for value in filterset.form.cleaned_data.values())


CSV_HEADER = [
    "ลำดับ",
    "กระบวนงาน",
    "ชื่ออ้างอิงของคู่มือประชาชน",
    "หน่วยงานที่รับผิดชอบ",
    "ผู้ขออนุมัติ",
    "วันที่ขออนุมัติ",
    "สรุปการเปลี่ยนแปลง",
    "ฉบับที่เผยแพร่ปัจจุบัน",
]


class CentralQueueView(CentralOnlyMixin, QueueView):
    """รายการรออนุมัติ ขั้นที่ 2 (สำนักงาน ก.พ.ร.): requests the agencies' approvers forwarded, oldest first."""

    stage = 2


class QueueCsvView(ApproverOnlyMixin, View):
    """The filtered queue as CSV (UTF-8 with BOM so that Excel opens Thai correctly)."""

    stage = 1

    def get(self, request):
        queryset = queue_queryset(request.user, self.stage)
        filterset = QueueFilter(request.GET or None, queryset=queryset, request=request)
        rows = filterset.qs if (not filterset.is_bound or filterset.is_valid()) else filterset.queryset.none()

        def lines():
            for i, h in enumerate(rows.iterator(chunk_size=500), start=1):
                yield [
                    i,
                    h.procedure.name,
                    h.reference_name,
                    h.agency.name,
                    h.submitted_by.display_name if h.submitted_by else "",
                    format_thai_datetime(h.submitted_at, "short"),
                    h.change_note,
                    h.live_version.number if h.live_version_id else "",
                ]

        name = "approval-queue-stage2.csv" if self.stage == 2 else "approval-queue.csv"
        return csv_response(name, CSV_HEADER, lines())


class CentralQueueCsvView(CentralOnlyMixin, QueueCsvView):
    stage = 2


def render_review(request, handbook: Handbook, status: int = 200, **forms) -> HttpResponse:
    """The review page; a decision form with errors is passed in to be shown again with what the user typed."""
    user = request.user
    snap = build_snapshot(handbook_queryset().get(pk=handbook.pk))
    live = HandbookVersion.objects.filter(pk=handbook.live_version_id).first() if handbook.live_version_id else None
    context = {
        "handbook": handbook,
        "snap": snap,
        "live": live,
        "diff": diff_snapshots(live.snapshot if live else None, snap),
        "can": handbook.permissions_for(user),
        "approve_form": forms.get("approve_form") or ApproveForm(),
        "return_form": forms.get("return_form") or ReturnForm(),
        "unpublish_form": forms.get("unpublish_form") or UnpublishForm(),
        "flag_form": forms.get("flag_form") or FlagForm(),
    }
    return render(request, "approvals/review.html", context, status=status)


class ReviewView(View):
    """The handbook as it will be published, the field-by-field diff against the live version, and the decision."""

    http_method_names = ["get"]

    def get(self, request, pk: int):
        handbook = handbook_in_scope(request.user, pk)
        if not handbook.is_reviewable_by(request.user):
            raise PermissionDenied(NOT_APPROVER)
        return render_review(request, handbook)


class VersionsView(TemplateView):
    """Published versions of a handbook for officials (also those of an unpublished handbook)."""

    template_name = "approvals/versions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        handbook = get_object_or_404(
            Handbook.objects.visible_to(self.request.user).select_related("procedure", "agency", "live_version"),
            pk=kwargs["pk"],
        )
        if handbook.is_in_scope_of(self.request.user):
            heading = (handbook.procedure.name, handbook.reference_name)
        else:  # another agency's handbook: only what its live version published
            snap = handbook.live_version.snapshot
            heading = (snap["procedure"]["name"], snap["handbook"]["reference_name"])
        versions = (
            HandbookVersion.objects.filter(handbook=handbook)
            .select_related("approved_by", "submitted_by", "endorsed_by")
            .defer("snapshot")
            .order_by("-number")
        )
        page = Paginator(versions, 25).get_page(self.request.GET.get("page"))
        context.update(handbook=handbook, heading=heading, page_obj=page, versions=page.object_list)
        return context


class VersionView(TemplateView):
    """One stored version as it was published, for officials."""

    template_name = "approvals/version.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        handbook = get_object_or_404(
            Handbook.objects.visible_to(self.request.user).select_related("live_version"), pk=kwargs["pk"]
        )
        version = get_object_or_404(
            HandbookVersion.objects.select_related("approved_by"), handbook=handbook, number=kwargs["number"]
        )
        label = _("เผยแพร่คู่มือแล้ว") if version.pk == handbook.live_version_id else _("ฉบับก่อนหน้า")

        def file_url(index: int) -> str:
            kwargs = {"pk": handbook.pk, "number": version.number, "index": index}
            return reverse("approvals:version_form_file", kwargs=kwargs)

        snap = with_file_links(version.snapshot, file_url)
        context.update(handbook=handbook, version=version, snap=snap, status_label=label)
        return context


@require_GET
def version_form_file(request, pk: int, number: int, index: int):
    """For officials who may see the handbook: the form file stored with version `number` (also of a handbook that
    is no longer public), whatever happened to the row since."""
    handbook = get_object_or_404(Handbook.objects.visible_to(request.user).only("pk"), pk=pk)
    return version_form_file_response(HandbookVersion.objects.filter(handbook=handbook), number, index, request)
