from django.urls import path

from . import views

app_name = "approvals"

urlpatterns = [
    path("", views.QueueView.as_view(), name="queue"),
    path("queue.csv", views.QueueCsvView.as_view(), name="queue_csv"),
    path("<int:pk>/", views.ReviewView.as_view(), name="review"),
    path("<int:pk>/submit/", views.SubmitView.as_view(), name="submit"),
    path("<int:pk>/withdraw/", views.WithdrawView.as_view(), name="withdraw"),
    path("<int:pk>/approve/", views.ApproveView.as_view(), name="approve"),
    path("<int:pk>/return/", views.ReturnView.as_view(), name="return"),
    path("<int:pk>/unpublish/", views.UnpublishView.as_view(), name="unpublish"),
    path("<int:pk>/versions/", views.VersionsView.as_view(), name="versions"),
    path("<int:pk>/versions/<int:number>/", views.VersionView.as_view(), name="version"),
    path("<int:pk>/versions/<int:number>/form/<int:index>/", views.version_form_file, name="version_form_file"),
]
