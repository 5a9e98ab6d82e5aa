from django.urls import path

from . import views

app_name = "handbooks"

urlpatterns = [
    path("", views.HandbookListView.as_view(), name="list"),
    path("agencies/", views.agency_search, name="agency_search"),
    path("new/<int:procedure_pk>/", views.HandbookFormView.as_view(), name="create"),
    path("<int:pk>/", views.HandbookDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.HandbookFormView.as_view(), name="update"),
    path("<int:pk>/print/", views.HandbookDetailView.as_view(printable=True), name="print"),
    path("<int:pk>/copy/", views.copy_view, name="copy"),
    path("forms/<int:pk>/file/", views.form_file, name="form_file"),
]
