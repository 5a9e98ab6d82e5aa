"""Rows added, removed and reordered in the browser survive a server re-render with errors, then save as arranged."""

import re

import pytest
from django.urls import reverse

from handbooks.models import ServiceChannel, Step
from tests.factories import HandbookFactory
from tests.handbooks.helpers import add_row, form_data

pytestmark = pytest.mark.django_db


def _order(html: str, needles: list[str]) -> list[int]:
    return [html.index(f'value="{n}"') for n in needles]


def test_added_removed_and_reordered_rows_survive_a_validation_error(author, login, ministry):
    handbook = HandbookFactory(agency=author.agency, author=author, rows=3)
    client = login(author)
    url = reverse("handbooks:update", args=[handbook.pk])
    data = form_data(handbook, author)
    # The script: a new channel moved to the top, row 1 removed, row 0 moved below row 2.
    add_row(
        data,
        "channels",
        kind="in_person",
        place="จุดบริการใหม่",
        day_from=1,
        day_to=5,
        open_time="08:30",
        close_time="16:30",
        position=0,
    )
    data["channels-2-position"], data["channels-0-position"], data["channels-1-position"] = "1", "2", "3"
    data["channels-1-DELETE"] = "on"
    # A new step added at the end, and a validation error elsewhere on the page.
    add_row(
        data,
        "steps",
        kind="sign",
        detail="ลงนาม",
        duration_value=10,
        duration_unit="minute",
        responsible_ministry=ministry.pk,
        position=3,
    )
    data["total_time_value"] = "สามสิบ"

    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "กรุณากรอกเป็นจำนวนเต็ม" in html
    assert 'name="channels-TOTAL_FORMS" value="4"' in html and 'name="steps-TOTAL_FORMS" value="4"' in html
    new, second, first = _order(html, ["จุดบริการใหม่", "สำนักงานทดสอบ 2", "สำนักงานทดสอบ 0"])
    assert new < second < first  # shown in the order the official arranged
    assert re.search(r'<input type="checkbox" name="channels-1-DELETE" id="id_channels-1-DELETE" checked>', html)
    assert re.search(r'<div class="hb-row d-none" data-row>\s*<div[^>]*>\s*<span[^>]*>[^<]*</span>', html)
    assert re.search(r">\s*ลงนาม</textarea>", html)  # the added step is still there
    assert ServiceChannel.objects.filter(handbook=handbook).count() == 3  # nothing written yet

    data["total_time_value"] = "100"
    response = client.post(url, data)
    assert response.status_code == 302
    places = list(ServiceChannel.objects.filter(handbook=handbook).values_list("place", flat=True))
    assert places == ["จุดบริการใหม่", "สำนักงานทดสอบ 2", "สำนักงานทดสอบ 0"]
    assert list(Step.objects.filter(handbook=handbook).values_list("detail", flat=True))[-1] == "ลงนาม"


def test_an_untouched_blank_row_is_ignored(author, login):
    handbook = HandbookFactory(agency=author.agency, author=author)
    data = form_data(handbook, author)
    add_row(data, "fees", unit="baht", position=5)  # added then left blank: the defaults and its position are sent
    assert login(author).post(reverse("handbooks:update", args=[handbook.pk]), data).status_code == 302
    assert handbook.fees.count() == 1
