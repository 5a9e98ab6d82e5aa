"""The one-page form at the size of a real handbook (issue 12): numbered row lines, sections that collapse without
script, a jump menu to sections 10–19 with the number of rows of each, the document name labelled by its group."""

import re

import pytest
from django.urls import reverse

from handbooks.models import Document
from tests.factories import HandbookFactory, add_rows
from tests.handbooks.helpers import form_data

pytestmark = pytest.mark.django_db

SECTIONS = {
    "section-reference": "10.",
    "section-channels": "11.",
    "section-criteria": "12.",
    "section-steps": "13.",
    "section-reduced": "14.",
    "section-documents": "15.",
    "section-fees": "16.",
    "section-complaints": "17.",
    "section-forms": "18.",
    "section-note": "19.",
}


def _page(client, handbook, data=None) -> str:
    url = reverse("handbooks:update", args=[handbook.pk])
    return (client.post(url, data) if data is not None else client.get(url)).content.decode()


def _labels(page: str, prefix: str) -> list[str]:
    """The row headings of one section, in page order (the <template> clone source left out)."""
    section = re.search(rf'data-formset="{prefix}".*?<template data-empty-form>', page, re.S).group(0)
    return re.findall(r"<span class=\"hb-row-no\" data-row-label>([^<]*)</span>", section)


def test_rows_are_numbered_lines_as_the_official_counts_them(author, login):
    handbook = HandbookFactory(agency=author.agency, author=author, rows=3)
    page = _page(login(author), handbook)
    assert _labels(page, "documents") == ["เอกสารที่ 1", "เอกสารที่ 2", "เอกสารที่ 3"]
    assert _labels(page, "steps") == ["ขั้นตอนที่ 1", "ขั้นตอนที่ 2", "ขั้นตอนที่ 3"]
    assert _labels(page, "fees")[-1] == "ค่าธรรมเนียมที่ 3"
    assert 'data-formset="documents" data-row-noun="เอกสาร"' in page  # the script numbers added rows the same way


def test_a_removed_row_sent_back_is_not_counted(author, login):
    handbook = HandbookFactory(agency=author.agency, author=author, rows=3)
    data = form_data(handbook, author)
    data["documents-0-DELETE"] = "on"
    data["total_time_value"] = "สามสิบ"  # an error: the page comes back with the removed row hidden
    page = _page(login(author), handbook, data)
    assert _labels(page, "documents") == ["เอกสาร", "เอกสารที่ 1", "เอกสารที่ 2"]  # the hidden one has no number
    assert '<span data-row-count="documents">2</span> รายการ' in page


def test_every_section_collapses_without_script_and_the_jump_menu_links_each_with_its_row_count(author, login):
    handbook = HandbookFactory(agency=author.agency, author=author, rows=1)
    add_rows(handbook, 21)  # 22 documents, as the Department of Lands handbook has
    page = _page(login(author), handbook)
    for anchor, number in SECTIONS.items():
        assert re.search(
            rf'<details class="card mb-3 hb-section" id="{anchor}" open>\s*'
            rf'<summary class="card-header hb-section-head"><h2 class="h5">{re.escape(number)} ',
            page,
        ), anchor
    menu = re.search(r'<nav class="hb-jump mb-3" id="jump-menu" aria-label="ไปยังส่วนของคู่มือ">(.*?)</nav>', page, re.S)
    links = re.findall(r'<a href="#(section-[a-z]+)">(\d+)\. ', menu.group(1))
    assert links == [(anchor, number.rstrip(".")) for anchor, number in SECTIONS.items()]
    assert '15. เอกสาร <span class="badge rounded-pill text-bg-light border" data-row-count="documents">22</span>' in (
        menu.group(1)
    )
    assert '<span class="hb-count"><span data-row-count="documents">22</span> รายการ</span>' in page
    assert 'href="#jump-menu"' in page  # back to the menu from the action bar


def test_the_document_name_is_labelled_by_its_group(author, login):
    handbook = HandbookFactory(agency=author.agency, author=author, rows=1)
    Document.objects.create(
        handbook=handbook, group="identity", name="บัตรประจำตัวประชาชน", issued_by="กรมการปกครอง", originals=1
    )  # position 0: before the factory's "other" row
    page = _page(login(author), handbook)
    labels = re.findall(r'<label class="form-label requiredField" for="id_(documents-[^"]+-name)">([^<]*)<', page)
    assert labels == [
        ("documents-0-name", "เอกสารอื่น ๆ สำหรับยื่นเพิ่มเติม"),
        ("documents-1-name", "เอกสารยืนยันตัวตนที่ออกโดยหน่วยงานภาครัฐ"),
        ("documents-__prefix__-name", "รายการเอกสาร"),  # a new row, before its group is chosen
    ]
    # The script relabels from the options' own words; the empty choice's label travels on the select.
    select = re.search(r'<select name="documents-0-group"[^>]*>', page).group(0)
    assert "data-document-group" in select and 'data-label-empty="รายการเอกสาร"' in select


def test_long_names_get_most_of_a_line_and_counts_a_narrow_cell(author, login):
    page = _page(login(author), HandbookFactory(agency=author.agency, author=author, rows=1))
    assert '<div class="col-md-8 col-lg-9" data-field="place">' in page
    assert '<div class="col-md-7 col-lg-6" data-field="name">' in page
    assert '<div class="col-4 col-md-2" data-field="originals">' in page
    assert '<div class="col-md-12 col-lg-6" data-field="description">' in page


def test_hints_officials_read_carry_no_rule_codes(author, login):
    page = _page(login(author), HandbookFactory(agency=author.agency, author=author, rows=1))
    form = re.search(r'<form method="post" enctype="multipart/form-data".*?</form>', page, re.S).group(0)
    hints = " ".join(re.findall(r'<p class="form-text[^"]*">([^<]*)</p>', form))
    assert "ช่องทางไปรษณีย์หรือออนไลน์ให้บริการตลอด 24 ชั่วโมง" in hints
    assert not re.search(r"\(H\d", hints), hints
