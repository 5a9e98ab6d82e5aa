"""Officials read Thai everywhere and are addressed as ท่าน (issue 12): Django's and django-axes' own English on the
pages officials and administrators use (password rules, the admin's labels, "Skip to main content") is translated
in portal/locale, and no page, message or e-mail says คุณ or ฉัน."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

from procedures.models import ServiceArea
from tests.approvals.helpers import in_state, make_handbook, published
from tests.factories import LawFactory, ProcedureFactory
from tests.portal.pages import read, visible_text

ROOT = Path(__file__).resolve().parents[2]

# "คุณ" as a pronoun; these words merely contain it.
NOT_A_PRONOUN = ("ขอบคุณ", "คุณภาพ", "คุณสมบัติ", "คุณวุฒิ", "คุณลักษณะ", "คุณค่า", "คุณประโยชน์", "บุญคุณ")


def addresses_with_khun_or_chan(text: str) -> bool:
    for word in NOT_A_PRONOUN:
        text = text.replace(word, "")
    return "คุณ" in text or "ฉัน" in text


# ----- ท่าน -----


def _project_sources():
    for path in ROOT.rglob("*"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in {".venv", "var", "tests", "node_modules", "staticfiles", "test-artifacts", ".git"}:
            continue
        if path.suffix in {".py", ".html", ".txt", ".js", ".po"} and path.is_file():
            yield relative, path.read_text(encoding="utf-8", errors="replace")


def test_no_page_message_or_email_of_the_portal_says_khun_or_chan():
    offending = []
    for relative, text in _project_sources():
        for number, line in enumerate(text.splitlines(), 1):
            # A comment may name the words it avoids; what a user reads may not use them.
            code = line.split("#", 1)[0] if relative.suffix in {".py", ".po"} else line
            if relative.suffix == ".po" and not code.startswith("msgstr"):
                continue
            if addresses_with_khun_or_chan(code):
                offending.append(f"{relative}:{number}: {line.strip()}")
    assert offending == []


def po_entries(path: Path) -> list[dict[str, str]]:
    """The entries of a .po file: {"msgctxt"?, "msgid", "msgid_plural"?, "msgstr" (or "msgstr[0]")}, unescaped."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[0\])?) "(.*)"$', line)
            if match:
                key = match.group(1).replace("[0]", "")
                entry[key] = match.group(2)
            elif line.startswith('"') and key:
                entry[key] += line[1:-1]
        if entry.get("msgid"):
            entries.append({k: v.replace('\\"', '"').replace("\\n", "\n") for k, v in entry.items()})
    return entries


def _django_thai_entries_with_khun_or_chan() -> list[str]:
    """The msgids Django's own Thai catalogues translate with คุณ/ฉัน (its admin: "คุณแน่ใจหรือ…", "ไม่ พาฉันกลับ")
    that Django 5.2 still uses (its English catalogue lists them)."""
    import django

    found = []
    for po in Path(django.__file__).parent.rglob("locale/th/LC_MESSAGES/django.po"):
        current = {e["msgid"] for e in po_entries(po.parents[2] / "en" / "LC_MESSAGES" / "django.po")}
        for entry in po_entries(po):
            msgid = entry["msgid"]
            if msgid in current and "%(" not in msgid and "msgid_plural" not in entry:
                if addresses_with_khun_or_chan(entry.get("msgstr", "")):
                    found.append(msgid)
    return found


def test_django_admin_addresses_the_administrator_as_than_not_khun():
    entries = _django_thai_entries_with_khun_or_chan()
    assert "No, take me back" in entries and "My actions" in entries  # the catalogue still says พาฉัน / ของฉัน
    with translation.override("th"):
        wording = {msgid: translation.gettext(msgid) for msgid in entries}
    assert {msgid: text for msgid, text in wording.items() if addresses_with_khun_or_chan(text)} == {}


@pytest.mark.django_db
def test_the_copy_button_says_copy_to_your_agency_as_than(login, outsider, author, approver):
    handbook = published(author, approver)
    html = login(outsider).get(reverse("handbooks:detail", args=[handbook.pk])).content.decode()
    assert "คัดลอกไปยังหน่วยงานของท่าน" in html and "ของฉัน" not in html


# ----- Django's own English, in Thai -----


@pytest.mark.django_db
def test_the_password_rules_on_the_change_password_page_are_thai(login, author):
    response = login(author).post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "123456", "new_password2": "123456"},
    )
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    for thai in (
        "รหัสผ่านต้องมีอย่างน้อย 12 ตัวอักษร",  # the rules listed under the field
        "รหัสผ่านต้องไม่เป็นตัวเลขทั้งหมด",
        "รหัสผ่านต้องไม่ใช่รหัสผ่านที่ใช้กันทั่วไป",
        "รหัสผ่านต้องไม่คล้ายกับข้อมูลส่วนตัวอื่นของท่าน",
        "รหัสผ่านสั้นเกินไป ต้องมีอย่างน้อย 12 ตัวอักษร",  # what is wrong with the one typed
        "รหัสผ่านเป็นตัวเลขทั้งหมด",
        "รหัสผ่านนี้ใช้กันทั่วไปจนเดาได้ง่าย",
    ):
        assert thai in text
    assert english_words(text) == []


@pytest.mark.django_db
def test_a_password_like_the_officials_email_is_refused_in_thai(login, author):
    author.email = "somchai.jaidee@dbd.go.th"
    author.set_password("the-old-password-1")
    author.save()
    response = login(author).post(
        reverse("password_change"),
        {
            "old_password": "the-old-password-1",
            "new_password1": "somchai.jaidee@dbd",
            "new_password2": "somchai.jaidee@dbd",
        },
    )
    assert "รหัสผ่านคล้ายกับที่อยู่อีเมลมากเกินไป" in visible_text(response.content.decode())


@pytest.mark.django_db
def test_the_admin_skip_link_and_django_axes_names_are_thai(login, admin_user):
    text = visible_text(login(admin_user).get(reverse("admin:index")).content.decode())
    assert "ข้ามไปยังเนื้อหาหลัก" in text and "Skip to main content" not in text
    assert "การเข้าสู่ระบบ" in text  # django-axes' app
    for name in ("ประวัติการเข้าสู่ระบบ", "ความพยายามเข้าสู่ระบบที่ไม่สำเร็จ", "การเข้าสู่ระบบไม่สำเร็จ"):
        assert name in text
    assert "Axes" not in text and "Access logs" not in text


@pytest.mark.django_db
def test_the_admin_scripts_messages_are_thai_and_address_the_administrator_as_than(login, admin_user):
    """The admin's JavaScript (the selection counter, the two-list picker, the calendar) reads its words from
    the JavaScript catalogue: every message of Django's admin has a Thai translation there."""
    import json

    import django

    response = login(admin_user).get(reverse("admin:jsi18n"))
    assert response.status_code == 200
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});", response.content.decode(), re.S).group(1))
    english = Path(django.__file__).parent / "contrib/admin/locale/en/LC_MESSAGES/djangojs.po"
    missing = []
    for entry in po_entries(english):
        msgid = entry["msgid"]
        key = f"{entry['msgctxt']}\x04{msgid}" if "msgctxt" in entry else msgid
        keys = [key] if key in catalog else []
        texts = [t for key in keys for t in (catalog[key] if isinstance(catalog[key], list) else [catalog[key]])]
        if not texts or any(english_words(re.sub(r"%\(\w+\)s|%s", "", t)) for t in texts):
            missing.append(msgid)
        if any(addresses_with_khun_or_chan(t) for t in texts):
            missing.append(msgid)
    assert sorted(missing) == []


# ----- every page an official or an administrator opens -----

# Words that are Thai usage (acronyms, the OPDC's bilingual motto, the admin's own technical field names).
ALLOWED = {
    "PDF",
    "CSV",
    "Excel",  # the reports' export button: the program's name, as Thai officials call it
    "IP",
    "IPv4",
    "IPv6",
    "GET",
    "POST",
    "HTTP",
    "JSON",
    "sha256",
    "Control",
    "Command",
    "Mac",
    "GOOD",
    "GOVERNANCE",
    "FOR",
    "BETTER",
    "LIFE",
    "md5",  # the tests' password hasher, in the admin's summary of a stored password
    "PNG",
    "JPEG",
    "KB",
    "MB",
    "GB",
    "API",
}
# Addresses, paths, form data (django-axes keeps a failed sign-in's "username=***") and the user agent it stores
# for a client that sends none: data, not wording.
URLISH = re.compile(
    r"\S+://\S*|www\.\S+|\S+@\S+|[\w.-]+\.(?:go\.th|pdf|png|jpg)\b|(?<![\w<])/[\w/.-]+|<unknown>|\b\w+=\S*"
)
WORD = re.compile(r"[A-Za-z][\w’']+")


def english_words(text: str, data: frozenset[str] = frozenset()) -> list[str]:
    """Words of two or more Latin letters (a code such as "A4" or "H5" is not a word)."""
    words = WORD.findall(URLISH.sub(" ", text))
    return [w for w in words if sum(c.isalpha() for c in w) > 1 and w not in ALLOWED and w not in data]


def _texts_a_reader_meets(html: str) -> list[tuple[str, str]]:
    texts = []
    page = read(html)
    for index, (tag, text) in enumerate(page.texts):
        if tag in ("bdi", "textarea") or text.lstrip().startswith(("{", "[")):
            continue  # a stored password's summary; typed or stored data (JSON of a snapshot or an audit row)
        if index in page.marked:
            continue  # marked as English (lang="en": the open data's English beside its Thai) or as code
        texts.append((tag, text))
    return texts


SKIP = ("logout", "/pdf", "/file/", "/files/", "export", "_popup", "/password/done", "/r/")
PER_URL_NAME = 2


def crawl(client, start: list[str], limit: int = 250) -> dict[str, str]:
    """GET every page reachable from `start` by links (at most PER_URL_NAME per URL name): url → html."""
    pages: dict[str, str] = {}
    per_name: dict[str, int] = defaultdict(int)
    queue = list(start)
    seen = set(queue)
    while queue and len(pages) < limit:
        url = queue.pop(0)
        try:
            name = resolve(urlsplit(url).path).view_name
        except Resolver404:
            continue
        if per_name[name] >= PER_URL_NAME:
            continue
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        per_name[name] += 1
        html = response.content.decode()
        pages[url] = html
        for link in re.findall(r'href="(/[^"#]*)', html):
            link = link.replace("&amp;", "&")
            if link not in seen and not any(part in link for part in SKIP):
                seen.add(link)
                queue.append(link)
    return pages


@pytest.fixture
def portal_in_use(client, author, approver, outsider, approver_b, child_author, admin_user):
    """A portal with something on every page: laws, procedures, handbooks in each state, sign-ins (one failed)."""
    law = LawFactory()
    procedure = ProcedureFactory(agency=author.agency, laws=[law])
    for state in ("draft", "pending", "returned", "published", "revision"):
        in_state(state, author, approver)
    make_handbook(author, procedure=procedure)
    published(outsider, approver_b)
    # A real sign-in and failed ones: django-axes' admin pages then have rows.
    client.post(reverse("login"), {"username": "approver", "password": "wrong-password"})
    author.set_password("a-long-enough-password-1")
    author.save()
    client.post(reverse("login"), {"username": "author", "password": "a-long-enough-password-1"})


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["author", "approver", "central", "admin_user"])
def test_every_page_an_official_or_administrator_opens_is_in_thai(persona, persona_client, portal_in_use):
    user, client = persona_client(persona)
    start = [reverse("portal:dashboard"), reverse("password_change"), reverse("procedures:list")]
    start += [reverse("handbooks:list"), reverse("laws:list"), reverse("approvals:queue")]
    if user.is_staff:
        start.append(reverse("admin:index"))
    pages = crawl(client, start)
    assert len(pages) > (60 if user.is_staff else 12)  # the crawl reached the pages it should
    data = frozenset(type(user).objects.values_list("username", flat=True)) | frozenset(
        ServiceArea.objects.values_list("code", flat=True)
    )
    english = defaultdict(set)
    for url, html in pages.items():
        for tag, text in _texts_a_reader_meets(html):
            for word in english_words(text, data):
                english[f"{word} ({tag}: {text[:80]})"].add(urlsplit(url).path)
    assert "\n".join(sorted(english)) == ""


# ----- a template comment that Django prints -----


def test_no_django_template_has_a_comment_across_lines():
    """Django's {# #} comment ends at the line's end: one spanning lines is printed on the page (the workflow panel
    showed its own description to officials). Multi-line comments are {% comment %}…{% endcomment %}."""
    offending = []
    for directory in settings.TEMPLATES[0]["DIRS"] + [p for p in ROOT.glob("*/templates")]:
        for path in Path(directory).rglob("*.html"):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if "{#" in line and "#}" not in line.split("{#", 1)[1]:
                    offending.append(f"{path.relative_to(ROOT)}:{number}")
    assert offending == []
