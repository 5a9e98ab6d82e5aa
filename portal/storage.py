"""Uploaded files in PostgreSQL, for several web nodes without a shared disk (FILE_STORAGE=database).

Every node already reaches the database, and a file then shares its transactions, its backups (pg_dump) and its
replicas. The form samples the portal stores are small (the upload limit is a few megabytes), so rows of `bytea` cost
little; files are read back in chunks (SUBSTRING), never whole into a worker's memory. FILE_STORAGE=filesystem (the
default) keeps them under MEDIA_ROOT, sent by nginx (X-Accel-Redirect).
"""

from __future__ import annotations

import hashlib
import posixpath

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.db.models import BinaryField
from django.db.models.functions import Substr
from django.utils.deconstruct import deconstructible
from django.utils.encoding import filepath_to_uri

from .models import StoredFile

CHUNK = 256 * 1024


class DatabaseFile(File):
    """A read-only stored file: read(n) fetches the bytes it needs from the row, CHUNK at a time."""

    def __init__(self, row_id: int, name: str, size: int, sha256: str):
        super().__init__(None, name)
        self.row_id, self._size, self.sha256 = row_id, size, sha256
        self.position = 0
        self.buffer = b""
        self.mode = "rb"

    @property
    def size(self) -> int:
        return self._size

    def _fetch(self, start: int, length: int) -> bytes:
        part = (
            StoredFile.objects.filter(pk=self.row_id)
            .annotate(part=Substr("content", start + 1, length, output_field=BinaryField()))
            .values_list("part", flat=True)
            .first()
        )
        return bytes(part or b"")

    def read(self, size: int = -1) -> bytes:
        remaining = self._size - self.position - len(self.buffer)
        want = remaining + len(self.buffer) if size is None or size < 0 else size
        while len(self.buffer) < want and remaining > 0:
            part = self._fetch(self.position + len(self.buffer), max(CHUNK, want - len(self.buffer)))
            if not part:
                break
            self.buffer += part
            remaining -= len(part)
        data, self.buffer = self.buffer[:want], self.buffer[want:]
        self.position += len(data)
        return data

    def chunks(self, chunk_size: int | None = None):
        while data := self.read(chunk_size or CHUNK):
            yield data

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self.position, 2: self._size}[whence]
        self.position, self.buffer = max(base + offset, 0), b""
        return self.position

    def tell(self) -> int:
        return self.position

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def close(self) -> None:
        self.buffer = b""

    @property
    def closed(self) -> bool:
        return False


@deconstructible
class DatabaseStorage(Storage):
    """Django's Storage API over portal.StoredFile (one row per file, its name unique)."""

    def _open(self, name: str, mode: str = "rb") -> DatabaseFile:
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("DatabaseStorage files are read-only: save() a new one")
        row = StoredFile.objects.filter(name=name).values_list("pk", "size", "sha256").first()
        if row is None:
            raise FileNotFoundError(name)
        return DatabaseFile(row[0], name, row[1], row[2])

    def _save(self, name: str, content) -> str:
        digest, parts = hashlib.sha256(), []
        if hasattr(content, "seek"):
            content.seek(0)
        for chunk in content.chunks() if hasattr(content, "chunks") else [content.read()]:
            chunk = chunk.encode() if isinstance(chunk, str) else chunk
            digest.update(chunk)
            parts.append(chunk)
        data = b"".join(parts)
        while True:
            try:
                with transaction.atomic():
                    StoredFile.objects.create(name=name, content=data, size=len(data), sha256=digest.hexdigest())
                return name
            except IntegrityError:
                # Another node took the name between exists() and the insert: take another, as a file system would.
                name = self.get_available_name(name)

    def exists(self, name: str) -> bool:
        return StoredFile.objects.filter(name=name).exists()

    def delete(self, name: str) -> None:
        StoredFile.objects.filter(name=name).delete()

    def size(self, name: str) -> int:
        size = StoredFile.objects.filter(name=name).values_list("size", flat=True).first()
        if size is None:
            raise FileNotFoundError(name)
        return size

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        prefix = path.strip("/") + "/" if path.strip("/") else ""
        names = StoredFile.objects.filter(name__startswith=prefix).values_list("name", flat=True)
        if prefix and not names:
            raise FileNotFoundError(path)
        folders, files = set(), []
        for name in names:
            rest = name[len(prefix) :]
            if "/" in rest:
                folders.add(rest.split("/", 1)[0])
            else:
                files.append(rest)
        return sorted(folders), sorted(files)

    def url(self, name: str) -> str:
        # No route serves it: files leave only through the views that check who may read them (portal.files).
        return settings.MEDIA_URL + filepath_to_uri(posixpath.normpath(name))

    def get_created_time(self, name: str):
        return StoredFile.objects.get(name=name).created
