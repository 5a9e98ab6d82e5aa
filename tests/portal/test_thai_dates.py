import datetime
import zoneinfo

from django.template import Context, Template

from portal.templatetags.thai import circled, format_thai_date, format_thai_datetime

BKK = zoneinfo.ZoneInfo("Asia/Bangkok")


def test_long_and_short_buddhist_era_dates():
    d = datetime.date(2026, 11, 25)
    assert format_thai_date(d) == "25 พฤศจิกายน 2569"
    assert format_thai_date(d, "short") == "25/11/2569"
    assert format_thai_date(d, "abbr") == "25 พ.ย. 2569"


def test_year_boundary_uses_bangkok_time_not_utc():
    # 31 Dec 2026 18:30 UTC is already 1 Jan 2027 01:30 in Bangkok: the BE year turns 2570.
    moment = datetime.datetime(2026, 12, 31, 18, 30, tzinfo=datetime.UTC)
    assert format_thai_date(moment) == "1 มกราคม 2570"
    assert format_thai_datetime(moment, "short") == "01/01/2570 01:30 น."
    before = datetime.datetime(2026, 12, 31, 16, 59, tzinfo=datetime.UTC)
    assert format_thai_date(before) == "31 ธันวาคม 2569"


def test_leap_day_and_empty_values():
    assert format_thai_date(datetime.date(2028, 2, 29), "short") == "29/02/2571"
    assert format_thai_date(None) == ""
    assert format_thai_date("") == ""


def test_filter_in_a_template():
    out = Template("{% load thai %}{{ d|thai_date }} | {{ d|thai_date:'short' }}").render(
        Context({"d": datetime.date(2027, 1, 1)})
    )
    assert out == "1 มกราคม 2570 | 01/01/2570"


def test_circled_running_number():
    assert circled(1) == "①"
    assert circled(20) == "⑳"
    assert circled(123) == "(123)"
    assert circled("x") == ""
