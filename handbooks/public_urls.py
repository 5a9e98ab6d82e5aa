from django.urls import path

from . import public_views as views

app_name = "public"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("handbook/<id:pk>/", views.handbook_detail, name="handbook"),
    path("handbook/<id:pk>/pdf/", views.handbook_pdf, name="handbook_pdf"),
    path("handbook/<id:pk>/v/<id:number>/", views.version_detail, name="version"),
    path("handbook/<id:pk>/v/<id:number>/pdf/", views.version_pdf, name="version_pdf"),
    path("handbook/<id:pk>/v/<id:number>/form/<id:index>/", views.form_file, name="form_file"),
    path("agencies/", views.AgencyListView.as_view(), name="agencies"),
    path("agencies/<id:pk>/", views.agency_detail, name="agency"),
]
