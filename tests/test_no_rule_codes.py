"""Officials never see the manual's rule ids ("H1", "(H6)", "P9"): those are this project's names for the rules, kept
in code and tests (`UnmetRule.rule`, test names). What officials read speaks the form's own Thai words.

Two checks: the sources of user-facing text (templates, translatable strings, the rules' messages, the scripts'
strings), and the pages an official meets while a handbook is incomplete (the checklist, the refusal to submit).
"""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

from handbooks import rules as handbook_rules
from handbooks.models import Document, ServiceChannel
from procedures import rules as procedure_rules
from tests.approvals.helpers import make_handbook

ROOT = Path(__file__).resolve().parent.parent
APPS = ["portal", "laws", "procedures", "handbooks", "approvals"]
# A rule id as the code writes it: A1, P1–P9, H1–H10, with a note's number ("H5.1"). Upper case only, so that
# Bootstrap's classes (h5, p-1) are not mistaken for one; "A4" is the paper size.
RULE_ID = re.compile(r"(?<![A-Za-z0-9_\-./#])(?:A1|[HP](?:10|[1-9]))(?:\.[0-9])?(?![A-Za-z0-9_])")
# What a template never outputs: comments, and the logic of its tags (`{% if e.code == "P5" %}`), but not the
# words of {% translate %} / {% blocktranslate %}.
TEMPLATE_COMMENT = re.compile(
    r"{#.*?#}|{%-?\s*comment\s*-?%}.*?{%-?\s*endcomment\s*-?%}|{%-?(?!\s*(?:translate|blocktranslate)\b).*?%}", re.S
)
TRANSLATE = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}
JS_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')
JS_COMMENT = re.compile(r"^[ \t]*//[^\n]*|/\*.*?\*/", re.M | re.S)


def _templates() -> list[Path]:
    folders = [ROOT / "templates"] + [ROOT / app / kind for app in APPS for kind in ("templates", "jinja2")]
    return sorted(p for folder in folders for p in folder.rglob("*") if p.suffix in {".html", ".txt"})


def test_no_template_shows_a_rule_id():
    found = []
    for path in _templates():
        text = TEMPLATE_COMMENT.sub("", path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(ROOT)}: {m.group()}" for m in RULE_ID.finditer(text)]
    assert len(_templates()) > 40  # it really read the templates
    assert not found, found


def _translatable_strings(path: Path) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in TRANSLATE:
                out += [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    return out


def test_no_translatable_string_or_rule_message_names_a_rule_id():
    found = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            found += [f"{path.relative_to(ROOT)}: {s}" for s in _translatable_strings(path) if RULE_ID.search(s)]
    messages = [*handbook_rules.MESSAGES.values(), *procedure_rules.MESSAGES.values()]
    found += [str(m) for m in messages if RULE_ID.search(str(m))]
    assert not found, found


def test_no_script_string_names_a_rule_id():
    found = []
    strings = 0
    for path in sorted((ROOT / "static" / "js").glob("*.js")):
        code = JS_COMMENT.sub("", path.read_text(encoding="utf-8"))
        literals = JS_STRING.findall(code)
        strings += len(literals)
        found += [f"{path.name}: {s}" for s in literals if RULE_ID.search(s)]
    assert strings > 100  # it really read the scripts' strings
    assert not found, found


class _Readable(HTMLParser):
    """The text an official reads or hears: text nodes and the labelling attributes, outside <script>/<style>."""

    ATTRIBUTES = {"aria-label", "title", "placeholder", "alt", "value", "data-house-hint"}

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._skip += 1
        if tag == "input" and dict(attrs).get("type") == "hidden":
            return
        self.parts += [value for name, value in attrs if name in self.ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def readable(html: str) -> str:
    parser = _Readable()
    parser.feed(html)
    return " ".join(parser.parts)


@pytest.mark.django_db
def test_the_checklist_and_the_refusal_speak_the_forms_words_and_link_the_fields(login, author):
    handbook = make_handbook(author, criteria="")
    handbook.procedure.law_links.all().delete()  # a rule of the procedure: its field is on the procedure form
    ServiceChannel.objects.filter(handbook=handbook).update(place="", day_from=None)
    Document.objects.filter(handbook=handbook).update(name="ทะเบียนบ้าน", originals=0)  # two hints, no rule
    client = login(author)
    edit = reverse("handbooks:update", args=[handbook.pk])
    procedure_form = reverse("procedures:update", args=[handbook.procedure.pk])
    pages = {
        "form": client.get(edit),
        "detail": client.get(reverse("handbooks:detail", args=[handbook.pk])),
        "refused": client.post(reverse("approvals:submit", args=[handbook.pk]), {"change_note": ""}),
        "procedure": client.get(reverse("procedures:detail", args=[handbook.procedure.pk])),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        text = readable(response.content.decode())
        assert not RULE_ID.findall(text), (name, RULE_ID.findall(text))
    form = pages["form"].content.decode()
    # Section, row number and field label, linked to the field itself.
    assert (
        '<a href="#id_channels-0-place"><span class="unmet-where fw-semibold">11. ช่องทางการให้บริการ · '
        "ช่องทางการให้บริการที่ 1 · สถานที่ให้บริการ</span>:"
    ) in form
    assert '<a href="#id_criteria"><span class="unmet-where fw-semibold">12. หลักเกณฑ์ วิธีการ' in form
    assert (
        f'<a href="{procedure_form}#id_law_search"><span class="unmet-where fw-semibold">ส่วนกระบวนงาน · '
        "กฎหมายที่ให้อำนาจการอนุญาต หรือที่เกี่ยวข้อง</span>:"
    ) in form
    # The advice follows, apart from what blocks submission.
    advice = form[form.index("ข้อแนะนำ (ไม่บังคับ") :]
    assert "15. รายการเอกสาร หลักฐานประกอบการยื่นคำขอ · เอกสารที่ 1 · " in advice and 'href="#id_documents-0-name"' in advice
    refused = pages["refused"].content.decode()
    assert (
        f'<a href="{edit}#id_channels-0-place">' in refused and f'<a href="{procedure_form}#id_law_search">' in refused
    )
