"""/api/v1/: the public read-only API (namespace "api"). Every view is public on purpose (tests/url_decisions.py)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import pages, views

app_name = "api"


def public(view_class):
    return login_not_required(view_class.as_view())


urlpatterns = [
    path("", public(views.IndexView), name="index"),
    path("schema/", public(views.SchemaView), name="schema"),
    path("docs/", pages.api_docs, name="docs"),
    path("handbooks/", public(views.HandbookListView), name="handbooks"),
    path("handbooks/<id:pk>/", public(views.HandbookDetailView), name="handbook"),
    path("handbooks/<id:pk>/cpsv/", public(views.HandbookCpsvView), name="handbook_cpsv"),
    path("handbooks/<id:pk>/versions/", public(views.VersionListView), name="versions"),
    path("handbooks/<id:pk>/versions/<id:number>/", public(views.VersionDetailView), name="version"),
    path("agencies/", public(views.AgencyListView), name="agencies"),
    path("agencies/<id:pk>/", public(views.AgencyDetailView), name="agency"),
    path("laws/", public(views.LawListView), name="laws"),
    path("laws/<id:pk>/", public(views.LawDetailView), name="law"),
]
