from django.urls import path

from . import views

app_name = "laws"

urlpatterns = [
    path("", views.LawListView.as_view(), name="list"),
    path("new/", views.LawCreateView.as_view(), name="create"),
    path("review/", views.LawReviewView.as_view(), name="review"),
    path("search/", views.law_search, name="search"),
    path("new/inline/", views.law_create_inline, name="create_inline"),
    path("<id:pk>/", views.LawDetailView.as_view(), name="detail"),
    path("<id:pk>/edit/", views.LawUpdateView.as_view(), name="update"),
    path("<id:pk>/refresh/", views.law_refresh, name="refresh"),
]
