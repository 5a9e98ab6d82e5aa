"""Sending a stored file to the reader once a view has decided they may have it.

In production nginx sends the bytes: the view answers with an empty response carrying `X-Accel-Redirect`, which
nginx honours only on responses from the upstream and serves from an `internal` location (deploy/nginx.conf), so
the files have no public address and no worker is held while a file goes out. In development (no
FILES_X_ACCEL_PREFIX) Django streams the file itself.
"""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import Storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import content_disposition_header, parse_etags

from .storage import DatabaseStorage


def stored_file_response(
    storage: Storage, name: str, *, content_type: str, filename: str, request: HttpRequest | None = None
) -> HttpResponse:
    """The response that sends `name` of `storage` inline as `filename`.

    The caller has already checked that the reader may have this file and that `name` is safe (no `..`, no
    absolute path). A missing file is a 404 in both modes (nginx answers it in the X-Accel mode). A file stored in
    the database (FILE_STORAGE=database) is streamed by Django in chunks, with its checksum as ETag (a `request`
    whose If-None-Match names it gets a 304).
    """
    if isinstance(storage, DatabaseStorage):
        return _database_file_response(storage, name, content_type=content_type, filename=filename, request=request)
    prefix = settings.FILES_X_ACCEL_PREFIX
    if prefix:
        response = HttpResponse(content_type=content_type)
        # nginx percent-decodes the header before mapping it onto the media folder: Thai names, spaces, `%`, `?`
        # and `#` must travel encoded (and a header value must be Latin-1 anyway).
        response["X-Accel-Redirect"] = prefix + quote(name, safe="/")
        response["Content-Disposition"] = content_disposition_header(False, filename)
        response["X-Content-Type-Options"] = "nosniff"
        return response
    try:
        handle = storage.open(name, "rb")
    except (SuspiciousFileOperation, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=content_type, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _database_file_response(
    storage: DatabaseStorage, name: str, *, content_type: str, filename: str, request: HttpRequest | None
) -> HttpResponse:
    try:
        handle = storage.open(name, "rb")
    except (SuspiciousFileOperation, OSError) as exc:
        raise Http404 from exc
    etag = f'"{handle.sha256}"'
    if request is not None and etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified()
    else:
        response = FileResponse(handle, content_type=content_type, filename=filename)
        response["Content-Length"] = str(handle.size)
    response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    return response
