"""The HTML pages of the open data: the API's documentation and the latest bulk export (no sign-in)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from portal.files import stored_file_response

from .models import OpenDataExport

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson; charset=utf-8",
    "json": "application/json",
}


@login_not_required
@require_GET
def api_docs(request):
    """The API's documentation: an introduction, then Swagger UI (vendored, drf-spectacular-sidecar) reading the
    OpenAPI schema; its script is static/js/api_docs.js (no inline script under the CSP)."""
    context = {"schema_url": reverse("api:schema"), "rate": settings.API_THROTTLE_RATE}
    return render(request, "opendata/api_docs.html", context)


@login_not_required
@require_GET
def downloads(request):
    """ข้อมูลเปิด: the latest export (`manage.py export_open_data`), its date, files and sizes."""
    latest = OpenDataExport.objects.first()
    return render(request, "opendata/downloads.html", {"export": latest, "api_url": reverse("api:index")})


@login_not_required
@require_GET
def download(request, name: str):
    """A file of the latest export, only one it wrote (its record lists them)."""
    latest = OpenDataExport.objects.first()
    entry = latest.file(name) if latest else None
    if entry is None:
        raise Http404
    path = Path(latest.directory) / entry["name"]
    media = Path(settings.MEDIA_ROOT).resolve()
    if path.is_relative_to(media):
        # On the media volume (README: the nightly export): nginx sends it in production (X-Accel-Redirect), so no
        # worker is held for a file of hundreds of megabytes; Django streams it in development.
        name = path.relative_to(media).as_posix()
        # The export is written on disk whatever FILE_STORAGE says (its folder is MEDIA_ROOT's, not a storage's).
        return stored_file_response(
            FileSystemStorage(location=media), name, content_type=CONTENT_TYPES[entry["format"]], filename=entry["name"]
        )
    try:
        handle = path.open("rb")
    except OSError as error:
        raise Http404 from error
    response = FileResponse(
        handle, as_attachment=True, filename=entry["name"], content_type=CONTENT_TYPES[entry["format"]]
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
