from django.urls import path

from . import views

app_name = "approvals"

urlpatterns = [
    path("", views.QueueView.as_view(), name="queue"),
    path("queue.csv", views.QueueCsvView.as_view(), name="queue_csv"),
    path("central/", views.CentralQueueView.as_view(), name="central_queue"),
    path("central/queue.csv", views.CentralQueueCsvView.as_view(), name="central_queue_csv"),
    path("<id:pk>/", views.ReviewView.as_view(), name="review"),
    path("<id:pk>/submit/", views.SubmitView.as_view(), name="submit"),
    path("<id:pk>/withdraw/", views.WithdrawView.as_view(), name="withdraw"),
    path("<id:pk>/approve/", views.ApproveView.as_view(), name="approve"),
    path("<id:pk>/return/", views.ReturnView.as_view(), name="return"),
    path("<id:pk>/unpublish/", views.UnpublishView.as_view(), name="unpublish"),
    path("<id:pk>/flag/", views.FlagView.as_view(), name="flag"),
    path("<id:pk>/unflag/", views.UnflagView.as_view(), name="unflag"),
    path("<id:pk>/versions/", views.VersionsView.as_view(), name="versions"),
    path("<id:pk>/versions/<id:number>/", views.VersionView.as_view(), name="version"),
    path("<id:pk>/versions/<id:number>/form/<id:index>/", views.version_form_file, name="version_form_file"),
]
