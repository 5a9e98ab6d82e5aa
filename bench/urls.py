"""The product's URLs plus the two baselines the benchmark compares against.

- `/__bench__/constant/`: a minimal Django view returning a constant (the framework's ceiling on this machine).
- `/__bench__/admin/handbooks/handbook/`: the Django admin changelist of handbooks with a plain `ModelAdmin`
  (what a team would get for free), on its own AdminSite so the product's admin is not touched.
"""

import os
from importlib import import_module

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.urls import path

from handbooks.models import Handbook
from portal.urls import urlpatterns as product_urlpatterns

LIST_VIEWS = [
    ("handbooks.public_views", "HomeView"),
    ("handbooks.views", "HandbookListView"),
    ("approvals.views", "QueueView"),
    ("procedures.views", "ProcedureListView"),
]
if os.environ.get("BENCH_CAPPED_PAGINATOR"):
    # What-if (bench/run.py --capped-paginator): the list views with portal.paging.CappedPaginator, the fix that
    # bench/RESULTS.md proposes. A no-op for a view that already chose a paginator.
    from portal.paging import CappedPaginator

    for module, name in LIST_VIEWS:
        view = getattr(import_module(module), name, None)
        if view is not None and getattr(view, "paginator_class", Paginator) is Paginator:
            view.paginator_class = CappedPaginator

bench_admin = admin.AdminSite(name="bench_admin")
bench_admin.register(Handbook)


@login_not_required
def constant(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("__bench__/constant/", constant, name="bench_constant"),
    path("__bench__/admin/", bench_admin.urls),
    *product_urlpatterns,
]
