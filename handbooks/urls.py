from django.urls import path

from . import views

app_name = "handbooks"

urlpatterns = [
    path("", views.HandbookListView.as_view(), name="list"),
    path("agencies/", views.agency_search, name="agency_search"),
    path("new/<id:procedure_pk>/", views.HandbookFormView.as_view(), name="create"),
    path("<id:pk>/", views.HandbookDetailView.as_view(), name="detail"),
    path("<id:pk>/edit/", views.HandbookFormView.as_view(), name="update"),
    path("<id:pk>/print/", views.HandbookDetailView.as_view(printable=True), name="print"),
    path("<id:pk>/copy/", views.copy_view, name="copy"),
    path("<id:pk>/delete/", views.delete_view, name="delete"),
    path("forms/<id:pk>/file/", views.form_file, name="form_file"),
]
