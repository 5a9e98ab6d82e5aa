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
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header


def stored_file_response(storage: Storage, name: str, *, content_type: str, filename: str) -> HttpResponse:
    """The response that sends `name` of `storage` inline as `filename`.

    The caller has already checked that the reader may have this file and that `name` is safe (no `..`, no
    absolute path). A missing file is a 404 in both modes (nginx answers it in the X-Accel mode).
    """
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
