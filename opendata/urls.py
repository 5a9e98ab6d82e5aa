"""/open-data/: the latest bulk export and its files (namespace "opendata"), public on purpose."""

from django.urls import path

from . import pages

app_name = "opendata"

urlpatterns = [
    path("", pages.downloads, name="downloads"),
    path("files/<str:name>", pages.download, name="file"),
]
