"""The printed handbook as a PDF, posted at the service point and downloaded from the public page (the Act, s. 7).

A published version is rendered once, from its snapshot, by WeasyPrint (Pango breaks Thai lines between words):
`handbooks/pdf.html` around the shared printed layout, with static/css/pdf.css and print.css and the vendored
Sarabun TTF files, all read from the static folder on disk (nothing is fetched over the network, nor from this
site). The file is stored in the default storage under a name of that version and sent from there afterwards
(`portal.files.stored_file_response`: nginx sends it in production). A version never changes, so a stored PDF
never goes stale; a change of the printed layout bumps LAYOUT, which gives every version a new name.
"""

from __future__ import annotations

import hashlib
import io
import os
import uuid
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.files import stored_file_response
from portal.templatetags.thai import format_thai_date

from .snapshot import with_file_links
from .workflow import HandbookVersion

# Part of every stored name: raise it when the printed layout or its CSS changes, so that versions rendered with
# the old layout are rendered again (the old files are left for a clean-up, nothing reads them any more).
LAYOUT = 1
FOLDER = "handbooks/pdf/"

# How many PDFs this process has rendered: a stored version is sent again without a render (tests count on it).
renders = 0


def stored_name(version: HandbookVersion) -> str:
    """Where the PDF of `version` is stored. The version's id is in it too: numbers restart in a handbook created
    again under a reused id (SQLite), ids of versions never repeat."""
    return f"{FOLDER}{version.handbook_id}/{version.number}-{version.pk}-r{LAYOUT}.pdf"


def site_root(request: HttpRequest | None) -> str:
    """The public site's scheme and host: SITE_URL when set (the PDF is stored once and kept, so it should name
    the site's own address, not whichever host the first reader used), else the request's."""
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/")
    if request is None:
        raise ImproperlyConfigured("Set SITE_URL to render a handbook's PDF outside a request.")
    return f"{request.scheme}://{request.get_host()}"


def public_address(handbook_id: int, root: str) -> str:
    """The handbook's public page (always its live version), the address printed and QR-coded on the PDF."""
    return root + reverse("public:handbook", kwargs={"pk": handbook_id})


def pdf_response(version: HandbookVersion, request: HttpRequest) -> HttpResponse:
    """The PDF of `version`, rendered and stored on the first request, sent from the stored file on every one.
    The caller has checked that the reader may have this version."""
    name = stored_pdf(version, site_root(request))
    filename = f"handbook-{version.handbook_id}-{version.number}.pdf"
    return stored_file_response(
        default_storage, name, content_type="application/pdf", filename=filename, request=request
    )


def stored_pdf(version: HandbookVersion, root: str) -> str:
    """The storage name of the version's PDF, rendering and storing it first when it is not there yet."""
    name = stored_name(version)
    if not default_storage.exists(name):
        _store(name, render_pdf(version, root))
    return name


def _store(name: str, data: bytes) -> None:
    """Write the whole file under a temporary name, then rename it into place (atomic on one file system): a reader
    never finds half a PDF, and two first requests rendering at once each put the same complete file there."""
    if not _on_disk(default_storage):
        # In the database (FILE_STORAGE=database) the row is written in one transaction: never half a PDF.
        default_storage.save(name, ContentFile(data))
        return
    temporary = default_storage.save(f"{name}.{uuid.uuid4().hex}.part", ContentFile(data))
    os.replace(default_storage.path(temporary), default_storage.path(name))


def _on_disk(storage) -> bool:
    try:
        storage.path("")
    except NotImplementedError:
        return False
    return True


def render_pdf(version: HandbookVersion, root: str) -> bytes:
    """The A4 PDF of a published version: the printed layout of its snapshot, the public address and its QR code on
    the first page, "หน้า x / y", the status and the approval date (Buddhist Era) at the foot of every page; title,
    author and language (th) in the metadata, tagged (PDF/UA-1) for screen readers."""
    global renders
    # Pango through cffi: loaded by the process that renders, when it renders.
    from weasyprint import CSS, HTML
    from weasyprint.urls import FatalURLFetchingError

    public_url = public_address(version.handbook_id, root)

    def file_url(index: int) -> str:
        kwargs = {"pk": version.handbook_id, "number": version.number, "index": index}
        return root + reverse("public:form_file", kwargs=kwargs)

    approved = format_thai_date(version.approved_at)
    html = render_to_string(
        "handbooks/pdf.html",
        {
            "snap": with_file_links(version.snapshot, file_url),
            "public_url": public_url,
            "qr_code": qr_data_uri(public_url),
            "status_label": _("เผยแพร่คู่มือแล้ว"),
            "approved_at": version.approved_at,
        },
    )
    status = _css_string(_("สถานะ เผยแพร่คู่มือแล้ว"))
    published = _css_string(_("วันที่เผยแพร่ %(date)s (ฉบับที่ %(n)s)") % {"date": approved, "n": version.number})
    footer = CSS(
        string=f"@page {{ @bottom-left {{ content: {status}; font-size: 9pt; }} "
        f"@bottom-right {{ content: {published}; font-size: 9pt; }} }}"
    )
    folder = _static_folder()
    try:
        document = HTML(string=html, base_url=folder.as_uri() + "/", url_fetcher=_static_fetcher(folder)).render(
            stylesheets=[footer]
        )
    except FatalURLFetchingError as error:
        # A stylesheet or a font that cannot be read must not give a PDF in a fallback font, stored for good.
        raise RuntimeError(f"The handbook PDF could not read its static files: {error}") from error
    fonts = _FontsWithTheirText()
    for key, font in document.fonts.items():
        fonts[key] = font
    document.fonts = fonts
    data = document.write_pdf(pdf_variant="pdf/ua-1")
    renders += 1
    return data


def qr_data_uri(address: str) -> str:
    """A QR code of `address` as an SVG data URI (no file to store, nothing to fetch)."""
    import segno

    # Error correction M still reads from a scuffed or creased print-out at the counter.
    return segno.make(address, error="m", micro=False).svg_data_uri(scale=4)


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


@cache
def _static_folder() -> Path:
    found = finders.find("css/print.css")
    if not found:
        raise ImproperlyConfigured("static/css/print.css not found: the handbook PDF reads its stylesheets from disk.")
    return Path(found).resolve().parents[1]


def _static_fetcher(folder: Path):
    """WeasyPrint's fetcher, limited to files inside the static folder and data: URIs (the QR code). Anything else
    (http, a path outside the folder) is refused and fails the render."""
    from weasyprint.urls import URLFetcher

    class StaticFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("file:"):
                path = Path(url2pathname(urlsplit(url).path)).resolve()
                if not path.is_relative_to(folder):
                    raise ValueError(f"not a static file: {url}")
            return super().fetch(url, headers)

    return StaticFilesOnly(allowed_protocols={"file", "data"}, fail_on_errors=True)


# ----- the text of each glyph -------------------------------------------------------------------------------------
# A PDF says which text each glyph stands for (its ToUnicode map): copy-paste, search, screen readers and pdftotext
# read it. WeasyPrint 70 builds that map from what it drew, first use wins, so a glyph shared by two spellings gets
# one of them ("ประชาชน" read as "ประชำชน" once "คำ" came first: ำ is drawn as ํ + the า glyph); with full_fonts
# it maps only the font's cmap, and Sarabun's tone marks over upper vowels (ที่, ขั้น) are other glyphs
# (uni0E48.small …, put there by its ccmp feature), so they vanish from the text. Here each embedded font gets the
# map read from the font file itself: its cmap, then every glyph its GSUB substitutes for those. (ำ still reads as
# ํ + า, the NFKC decomposition of ำ: one glyph cannot stand for two texts.)

NIKHAHIT = "\u0e4d"


class _FontsWithTheirText(dict):
    """Stands in for `Document.fonts`, where WeasyPrint collects the fonts it embeds while drawing."""

    def __setitem__(self, key, font) -> None:
        font.to_unicode = _GlyphText(_glyph_texts(hashlib.sha256(font.file_content).hexdigest(), font))
        super().__setitem__(key, font)


class _GlyphText(dict):
    """A font's glyph → text map as WeasyPrint fills it while drawing, with the font's own text where known."""

    def __init__(self, known: dict[int, str]):
        super().__init__()
        self.known = known

    def __setitem__(self, glyph: int, text: str) -> None:
        super().__setitem__(glyph, self.known.get(glyph, text))


_TEXTS: dict[str, dict[int, str]] = {}


def _glyph_texts(digest: str, font) -> dict[int, str]:
    if digest not in _TEXTS:
        _TEXTS[digest] = glyph_texts(font.file_content, font.index)
    return _TEXTS[digest]


def glyph_texts(content: bytes, index: int = 0) -> dict[int, str]:
    """Glyph id → the text it stands for: the cmap's glyphs, then (until nothing changes) each glyph a GSUB single,
    alternate or ligature substitution puts in place of glyphs already known."""
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(content), fontNumber=index, lazy=True)
    text: dict[str, str] = {}
    for code, name in sorted(font.getBestCmap().items()):
        text.setdefault(name, chr(code))
    subtables = []
    if "GSUB" in font:
        for lookup in font["GSUB"].table.LookupList.Lookup:
            for sub in lookup.SubTable:
                subtables.append(sub.ExtSubTable if lookup.LookupType == 7 else sub)
    changed = True
    while changed:
        changed = False
        for sub in subtables:
            for glyph, value in _substituted(sub, text):
                if glyph not in text and value:
                    text[glyph] = value
                    changed = True
    ids = {name: number for number, name in enumerate(font.getGlyphOrder())}
    return {ids[name]: value for name, value in text.items() if name in ids}


def _substituted(sub, text: dict[str, str]):
    kind = type(sub).__name__
    if kind == "SingleSubst":
        yield from ((new, text[old]) for old, new in sub.mapping.items() if old in text)
    elif kind == "AlternateSubst":
        yield from ((new, text[old]) for old, alternates in sub.alternates.items() if old in text for new in alternates)
    elif kind == "LigatureSubst":
        for first, ligatures in sub.ligatures.items():
            for ligature in ligatures:
                parts = [first, *ligature.Component]
                if all(part in text for part in parts):
                    # ccmp puts the nikhahit of ำ before a tone mark (น้ำ is drawn น + [ํ้] + า): the text keeps the
                    # order it was typed in, tone mark first.
                    chars = "".join(text[part] for part in parts)
                    yield ligature.LigGlyph, "".join(sorted(chars, key=lambda char: char == NIKHAHIT))
