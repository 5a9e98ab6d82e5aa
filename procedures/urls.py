from django.urls import path

from . import views

app_name = "procedures"

urlpatterns = [
    path("", views.ProcedureListView.as_view(), name="list"),
    path("new/", views.ProcedureCreateView.as_view(), name="create"),
    path("agencies/", views.agency_search, name="agency_search"),
    path("<id:pk>/", views.ProcedureDetailView.as_view(), name="detail"),
    path("<id:pk>/edit/", views.ProcedureUpdateView.as_view(), name="update"),
    path("<id:pk>/delete/", views.procedure_delete, name="delete"),
]
