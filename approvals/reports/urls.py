from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportView.as_view(report_class=views.StatesReport), name="index"),
    path("pending/", views.ReportView.as_view(report_class=views.PendingReport), name="pending"),
    path("returns/", views.ReportView.as_view(report_class=views.ReturnsReport), name="returns"),
    path("stale/", views.ReportView.as_view(report_class=views.NotRevisedReport), name="stale"),
    path("laws/", views.ReportView.as_view(report_class=views.LawsReport), name="laws"),
    path("export/<slug:table>.<slug:fmt>", views.ExportView.as_view(), name="export"),
]
