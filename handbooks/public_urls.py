from django.urls import path

from . import public_views as views

app_name = "public"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("handbook/<int:pk>/", views.handbook_detail, name="handbook"),
    path("handbook/<int:pk>/v/<int:number>/", views.version_detail, name="version"),
    path("handbook/<int:pk>/v/<int:number>/form/<int:index>/", views.form_file, name="form_file"),
    path("agencies/", views.AgencyListView.as_view(), name="agencies"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency"),
]
