"""The shared law registry: list, search (htmx), create, edit and "ปรับปรุงข้อมูล" (P5–P7).

Every signed-in official may read the registry; authors (ผู้จัดทำ) and administrators change it. Laws belong to no
agency, so there is no 404-by-scope here, only 403 for a missing role.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from portal.audit import record
from portal.paging import OfficialListPaginator

from .forms import LawForm, LawRefreshForm
from .models import DUE_WITHIN_DAYS, REVIEW_YEARS, Law, LawRefresh, ReviewState, local_date, may_edit_laws

SEARCH_LIMIT = 15
# The review page names at most this many procedures per law (then "and N more"): a law of a common Act is cited by
# thousands of procedures at real scale.
REVIEW_PROCEDURES_SHOWN = 10


def require_law_editor(user) -> None:
    if not may_edit_laws(user):
        raise PermissionDenied(_("เฉพาะผู้จัดทำเท่านั้นที่เพิ่มหรือแก้ไขข้อมูลกฎหมายได้"))


def _changes(form) -> dict:
    return {name: str(form.cleaned_data.get(name) or "") for name in form.changed_data}


class LawListView(ListView):
    model = Law
    paginate_by = 25
    template_name = "laws/law_list.html"

    def get_queryset(self):
        qs = Law.objects.search(self.request.GET.get("q", "")).select_related("refreshed_by")
        kind = self.request.GET.get("kind", "")
        if kind in Law.Kind.values:
            qs = qs.filter(kind=kind)
        return qs.with_procedure_count().order_by("title", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(q=self.request.GET.get("q", ""), kind=self.request.GET.get("kind", ""), kinds=Law.Kind.choices)
        context["can_edit"] = may_edit_laws(self.request.user)
        _mark_review(context["object_list"], local_date())
        return context


def _mark_review(laws, today) -> None:
    """Give each law of a page its review state and days left (negative: overdue) on one `today`."""
    for law in laws:
        law.state = law.review_state_on(today)
        law.days_left = law.days_to_review(today)
        law.days_over = -law.days_left


class LawReviewView(ListView):
    """Section 6 of the Act: the laws to review within DUE_WITHIN_DAYS days and those overdue, most overdue first,
    each with its review dates and the procedures (and their agencies) that cite it. Every official reads it; the
    procedures named are those the official may see (Procedure.objects.visible_to), the count covers all."""

    template_name = "laws/law_review.html"
    paginate_by = 25
    paginator_class = OfficialListPaginator
    STATES = {
        "": Law.objects.review_needed,
        ReviewState.OVERDUE: Law.objects.overdue,
        ReviewState.DUE: Law.objects.due_soon,
    }

    def get_queryset(self):
        self.today = local_date()
        self.state = self.request.GET.get("state", "")
        if self.state not in self.STATES:
            self.state = ""
        self.q = (self.request.GET.get("q") or "").strip()
        self.mine = self.request.GET.get("mine") == "1"
        qs = self.STATES[self.state](self.today).search(self.q)
        if self.mine:
            qs = qs.cited_in_scope_of(self.request.user)
        return (
            qs.with_procedures_for(self.request.user, REVIEW_PROCEDURES_SHOWN)
            .only("id", "title", "kind", "reviewed_on", "next_review_on")
            .order_by("next_review_on", "title", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        _mark_review(context["object_list"], self.today)
        for law in context["object_list"]:
            law.more_procedures = law.visible_procedure_count - len(law.shown_procedures)
        context.update(
            state=self.state,
            q=self.q,
            mine=self.mine,
            states=[(ReviewState.OVERDUE, ReviewState.OVERDUE.label), (ReviewState.DUE, ReviewState.DUE.label)],
            today=self.today,
            review_years=REVIEW_YEARS,
            due_within_days=DUE_WITHIN_DAYS,
        )
        return context


class LawDetailView(DetailView):
    model = Law
    template_name = "laws/law_detail.html"

    def get_queryset(self):
        return Law.objects.select_related("created_by", "refreshed_by").prefetch_related(
            Prefetch("refreshes", queryset=LawRefresh.objects.select_related("user")),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Only the procedures the official may see; the count of all others would leak nothing useful. The reverse
        # relation keeps Procedure's QuerySet rules (visible_to) without laws importing procedures.
        context["procedures"] = self.object.procedures.visible_to(self.request.user).select_related("agency")[:50]
        context["can_edit"] = may_edit_laws(self.request.user)
        context["refresh_form"] = LawRefreshForm()
        today = local_date()
        context.update(review_state=self.object.review_state_on(today), days_left=self.object.days_to_review(today))
        context.update(days_over=-context["days_left"], review_years=REVIEW_YEARS)
        return context


class LawEditorMixin:
    form_class = LawForm
    template_name = "laws/law_form.html"

    def dispatch(self, request, *args, **kwargs):
        require_law_editor(request.user)
        return super().dispatch(request, *args, **kwargs)

    def save_or_refuse(self, form, action: str):
        try:
            with transaction.atomic():
                self.object = form.save()
                data = {"title": self.object.title} if action.endswith("created") else _changes(form)
                record(action, obj=self.object, request=self.request, data=data)
        except IntegrityError:
            form.add_duplicate_error()
            return self.form_invalid(form)
        return redirect(self.object)


class LawCreateView(LawEditorMixin, CreateView):
    def form_valid(self, form):
        form.instance.created_by = self.request.user
        response = self.save_or_refuse(form, "laws.law.created")
        if response.status_code == 302:
            messages.success(self.request, _("บันทึกกฎหมายแล้ว"))
        return response


class LawUpdateView(LawEditorMixin, UpdateView):
    model = Law

    def form_valid(self, form):
        if not form.has_changed():
            messages.info(self.request, _("ไม่มีข้อมูลที่เปลี่ยนแปลง"))
            return redirect(self.object)
        response = self.save_or_refuse(form, "laws.law.updated")
        if response.status_code == 302:
            messages.success(self.request, _("บันทึกการแก้ไขกฎหมายแล้ว"))
        return response


def _same_site_path(request, target: str | None) -> str | None:
    """`target` when it is a path on this site ("/procedures/12/"), else None: never another host or scheme."""
    target = (target or "").strip()
    if not target.startswith("/") or target.startswith("//"):
        return None
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return None
    return target


@require_POST
def law_refresh(request, pk: int):
    """P7: the button "ปรับปรุงข้อมูล" records who brought the law up to date and when.

    Pressed on the law's page it comes back there; pressed beside a law on a procedure's page it comes back to
    `next` (a path of this site only). From the procedure form (htmx) it answers with the law's new status in place,
    so nothing typed in the form is lost.
    """
    require_law_editor(request.user)
    law = get_object_or_404(Law, pk=pk)
    form = LawRefreshForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    law.refresh(request.user, note=note, request=request)
    if request.headers.get("HX-Request") == "true":
        return render(request, "laws/includes/law_refreshed.html", {"law": law, "just_refreshed": True})
    messages.success(request, _("บันทึกการปรับปรุงข้อมูลกฎหมายแล้ว"))
    return redirect(_same_site_path(request, request.POST.get("next")) or law)


@require_GET
def law_search(request):
    """GET ?q= → an HTML fragment of matching laws for the procedure form (P6: offers to create when none)."""
    q = (request.GET.get("q") or "").strip()
    laws = list(Law.objects.search(q)[:SEARCH_LIMIT]) if q else []
    context = {"q": q, "laws": laws, "can_edit": may_edit_laws(request.user)}
    if q and not laws and context["can_edit"]:
        context["form"] = LawForm(prefix="law", initial={"title": q})
    return render(request, "laws/includes/law_search_results.html", context)


@require_POST
def law_create_inline(request):
    """P6 inside the procedure form: create the law and answer with it as an item of the chosen-law list.

    On an error the small form comes back (retargeted into the search results) with the typed input kept.
    """
    require_law_editor(request.user)
    form = LawForm(request.POST, prefix="law")
    form.link_in_new_tab = True
    if form.is_valid():
        form.instance.created_by = request.user
        try:
            with transaction.atomic():
                law = form.save()
                record("laws.law.created", obj=law, request=request, data={"title": law.title, "inline": True})
        except IntegrityError:
            form.add_duplicate_error()
        else:
            return render(request, "laws/includes/law_created.html", {"law": law})
    response = render(
        request,
        "laws/includes/law_search_results.html",
        {
            "q": request.POST.get("law-title", ""),
            "laws": [],
            "can_edit": True,
            "form": form,
            "duplicate_of": getattr(form, "duplicate_of", None),
        },
    )
    response["HX-Retarget"] = "#law-search-results"
    response["HX-Reswap"] = "innerHTML"
    return response
