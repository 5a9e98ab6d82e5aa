"""Issue 13: the reports (/reports/) for ก.พ.ร. and each ministry. Every figure is checked against what plain Python
computes from the objects the test created, on the page, in the Excel file and in the CSV file; the scope of each
approver; the charts; bad filters; the number of queries, which must not grow with the data."""

from __future__ import annotations

import datetime
import re
from collections import Counter, defaultdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from handbooks.models import Decision, Handbook, Status
from laws.models import Law
from procedures.models import Procedure
from tests.approvals.helpers import pending, published
from tests.approvals.report_data import (
    build_world,
    csv_rows,
    number,
    page_tables,
    root_name,
    same_rows,
    xlsx_rows,
)

pytestmark = pytest.mark.django_db

PAGES = ["reports:index", "reports:pending", "reports:returns", "reports:stale", "reports:laws"]
TABLES = {
    "reports:index": ["states"],
    "reports:pending": ["ageing", "waiting", "pending-list"],
    "reports:returns": ["returns", "reasons"],
    "reports:stale": ["stale", "stale-list"],
    "reports:laws": ["laws", "laws-list"],
}
STATE_COLUMNS = [Status.DRAFT, Status.PENDING, Status.PENDING_CENTRAL, Status.RETURNED, Status.PUBLISHED]


@pytest.fixture
def world(tree, author, approver, outsider, approver_b, central):
    return build_world(tree, author, approver, outsider, approver_b, central)


def tables_of(client, name: str, **params) -> dict:
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    return page_tables(response.content.decode())


def by_first_cell(table: dict) -> dict[str, list]:
    return {row[0]: [number(c) for c in row[1:]] for row in table["rows"]}


# ----- 1. counts by ministry × state


def expected_states(handbooks) -> dict[str, list[int]]:
    counts: dict[str, Counter] = defaultdict(Counter)
    for h in handbooks:
        name = root_name(h.agency)
        counts[name][h.status] += 1
        counts[name]["flagged"] += h.flagged_at is not None
    return {
        name: [c[s] for s in STATE_COLUMNS] + [sum(c[s] for s in STATE_COLUMNS), c["flagged"]]
        for name, c in counts.items()
    }


def expected_without_published(procedures) -> Counter:
    out = Counter()
    for p in procedures:
        if not any(h.live_version_id for h in p.handbooks.all()):
            out[root_name(p.agency)] += 1
    return out


def test_counts_by_ministry_and_state_match_the_handbooks(world, central, login):
    table = tables_of(login(central), "reports:index")["states"]
    rows = by_first_cell(table)
    expected = expected_states(Handbook.objects.all())
    without = expected_without_published(Procedure.objects.all())
    assert set(expected) == {"กระทรวงพาณิชย์", "กระทรวงมหาดไทย"}
    for name, figures in expected.items():
        assert rows[name] == [*figures, without[name]], name
    # Ministries without handbooks are listed with zeros (สำนักนายกรัฐมนตรี holds สำนักงาน ก.พ.ร.).
    assert rows["สำนักนายกรัฐมนตรี"] == [0] * 8
    total = [number(c) for c in table["total"][1:]]
    assert total == [sum(r[i] for r in rows.values()) for i in range(8)]
    assert total[:6] == [*(Handbook.objects.filter(status=s).count() for s in STATE_COLUMNS), Handbook.objects.count()]
    assert total[7] == sum(without.values()) >= 3
    # both stages are there
    assert rows["กระทรวงมหาดไทย"][1:3] == [3, 2]


def test_a_ministry_approver_sees_only_the_ministry(world, login):
    client = login(world.users["minister_c"])
    rows = by_first_cell(tables_of(client, "reports:index")["states"])
    assert list(rows) == ["กระทรวงพาณิชย์"]
    commerce = [h for h in Handbook.objects.all() if root_name(h.agency) == "กระทรวงพาณิชย์"]
    without = expected_without_published(Procedure.objects.all())
    assert rows["กระทรวงพาณิชย์"] == [*expected_states(commerce)["กระทรวงพาณิชย์"], without["กระทรวงพาณิชย์"]]
    # The other ministry cannot be chosen: a Thai message, no figures.
    response = client.get(reverse("reports:index"), {"ministry": world.interior.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "ไม่พบกระทรวงที่เลือกในขอบเขตของท่าน" in html and "data-table" not in html
    assert "กระทรวงมหาดไทย" not in html


def test_a_department_approver_counts_only_the_department(world, approver, agency_a, login):
    rows = by_first_cell(tables_of(login(approver), "reports:index")["states"])
    mine = [h for h in Handbook.objects.select_related("agency") if agency_a.contains(h.agency)]
    assert list(rows) == ["กระทรวงพาณิชย์"]
    assert rows["กระทรวงพาณิชย์"][:7] == expected_states(mine)["กระทรวงพาณิชย์"]


def test_the_central_approver_may_narrow_to_one_ministry(world, central, login):
    client = login(central)
    rows = by_first_cell(tables_of(client, "reports:index", ministry=world.interior.pk)["states"])
    assert list(rows) == ["กระทรวงมหาดไทย"]
    assert rows["กระทรวงมหาดไทย"][:7] == expected_states(Handbook.objects.all())["กระทรวงมหาดไทย"]
    html = client.get(reverse("reports:index"), {"ministry": world.interior.pk}).content.decode()
    assert re.search(rf'<option value="{world.interior.pk}" selected>', html)  # the form keeps the choice


# ----- 2. pending requests by age


def waits(now) -> dict[tuple[str, int], list[float]]:
    """(ministry, stage) → days waiting, computed from the handbooks."""
    out = defaultdict(list)
    for h in Handbook.objects.filter(status__in=[Status.PENDING, Status.PENDING_CENTRAL]):
        stage = 2 if h.status == Status.PENDING_CENTRAL else 1
        since = (h.endorsed_at or h.submitted_at) if stage == 2 else h.submitted_at
        out[(root_name(h.agency), stage)].append((now - since) / datetime.timedelta(days=1))
    return out


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    h = (len(values) - 1) * p
    low = int(h)
    high = min(low + 1, len(values) - 1)
    return values[low] + (h - low) * (values[high] - values[low])


def test_ageing_buckets_and_percentiles_per_ministry(world, central, login):
    now = timezone.now()
    tables = tables_of(login(central), "reports:pending")
    found = waits(now)
    # the histogram's table: whole days in 0–7, 8–14, 15–30, 31–60, 61–90, >90
    edges = [(0, 7), (8, 14), (15, 30), (31, 60), (61, 90), (91, 10**6)]
    expected = [[0, 0] for _ in edges]
    for (_name, stage), days in found.items():
        for d in days:
            i = next(i for i, (lo, hi) in enumerate(edges) if lo <= int(d) <= hi)
            expected[i][stage - 1] += 1
    ageing = tables["ageing"]
    assert [r[0] for r in ageing["rows"]] == ["0–7 วัน", "8–14 วัน", "15–30 วัน", "31–60 วัน", "61–90 วัน", "มากกว่า 90 วัน"]
    assert [[number(c) for c in r[1:]] for r in ageing["rows"]] == [[a, b, a + b] for a, b in expected]
    assert expected == [[1, 1], [1, 0], [1, 0], [1, 0], [0, 1], [1, 0]]
    # median and 90th percentile per ministry and stage
    rows = by_first_cell(tables["waiting"])
    for name in ("กระทรวงพาณิชย์", "กระทรวงมหาดไทย"):
        cells = []
        for stage in (1, 2):
            days = found.get((name, stage), [])
            if days:
                cells += [len(days), round(percentile(days, 0.5), 1), round(percentile(days, 0.9), 1), int(max(days))]
            else:
                cells += [0, None, None, None]
        assert rows[name] == cells, name
    assert rows["กระทรวงมหาดไทย"][:4] == [3, 45.3, 89.3, 100]  # 20.3, 45.3, 100.3 days
    every = {stage: [d for (_n, s), ds in found.items() if s == stage for d in ds] for stage in (1, 2)}
    total = [number(c) for c in tables["waiting"]["total"][1:]]
    assert total[:3] == [5, round(percentile(every[1], 0.5), 1), round(percentile(every[1], 0.9), 1)]
    assert total[4:7] == [2, round(percentile(every[2], 0.5), 1), round(percentile(every[2], 0.9), 1)]


def test_the_pending_list_is_oldest_first_and_says_how_stage_two_is_measured(world, central, login):
    client = login(central)
    html = client.get(reverse("reports:pending")).content.decode()
    assert "ขั้นที่ 2 นับจากวันที่ผู้อนุมัติของหน่วยงานเห็นชอบและส่งต่อ" in html
    rows = page_tables(html)["pending-list"]["rows"]
    assert [(number(r[0]), number(r[1])) for r in rows] == [
        (100, 1),
        (75, 2),
        (45, 1),
        (20, 1),
        (10, 1),
        (3, 1),
        (1, 2),
    ]
    stage2 = page_tables(client.get(reverse("reports:pending"), {"stage": 2}).content.decode())["pending-list"]
    assert [number(r[0]) for r in stage2["rows"]] == [75, 1]
    h = world.handbooks["d_central2"]
    assert stage2["rows"][0][2] == h.procedure.name and stage2["rows"][0][5] == "กระทรวงมหาดไทย"


def test_the_pending_list_pages_by_25_and_its_files_hold_every_row(author, approver, central, login):
    for _ in range(27):
        pending(author)
    client = login(central)
    html = client.get(reverse("reports:pending")).content.decode()
    assert len(page_tables(html)["pending-list"]["rows"]) == 25 and "พบ 27 รายการ" in html
    second = page_tables(client.get(reverse("reports:pending"), {"page": 2}).content.decode())
    assert len(second["pending-list"]["rows"]) == 2
    _raw, rows = csv_rows(client.get(reverse("reports:export", args=["pending-list", "csv"])))
    assert len(rows) == 1 + 27
    xlsx = xlsx_rows(client.get(reverse("reports:export", args=["pending-list", "xlsx"])).content)
    assert len(xlsx) == 1 + 27


# ----- 3. returns and old versions


def normalised(text: str) -> str:
    return " ".join(text.split()).lower()


def test_returns_in_the_period_and_the_most_common_reasons(world, central, login):
    client = login(central)
    today = timezone.localdate()
    start = timezone.make_aware(datetime.datetime.combine(today.replace(year=today.year - 1), datetime.time.min))
    in_period = [d for d in Decision.objects.select_related("handbook__agency") if d.decided_at >= start]
    tables = tables_of(client, "reports:returns")
    rows = by_first_cell(tables["returns"])
    for name in ("กระทรวงพาณิชย์", "กระทรวงมหาดไทย"):
        mine = [d for d in in_period if root_name(d.handbook.agency) == name]
        returns = [d for d in mine if d.outcome == Decision.Outcome.RETURNED]
        stage1 = sum(d.stage == 1 for d in returns)
        assert rows[name] == [stage1, len(returns) - stage1, len(returns), len({d.handbook_id for d in returns})], name
    assert rows["กระทรวงมหาดไทย"][:3] == [1, 1, 2]
    # reasons grouped by their normalised text, most common first
    returns = [d for d in in_period if d.outcome == Decision.Outcome.RETURNED]
    counted = Counter(normalised(d.note) for d in returns)
    reasons = [(r[1], number(r[2])) for r in tables["reasons"]["rows"]]
    assert [(normalised(text), n) for text, n in reasons] == sorted(counted.items(), key=lambda kv: (-kv[1], kv[0]))
    assert reasons[0] == ("เอกสารหลักฐานไม่ครบถ้วน", 2)  # typed once with spaces around it
    # a longer period takes in the return of 400 days ago: the same reason typed with a line break
    older = tables_of(
        client, "reports:returns", date_from="01/01/2560", date_to=today.strftime("%d/%m/") + str(today.year + 543)
    )
    assert ("ค่าธรรมเนียม ไม่ถูกต้อง", 2) in [(r[1], number(r[2])) for r in older["reasons"]["rows"]]
    html = client.get(reverse("reports:returns"), {"date_from": "01/01/2560"}).content.decode()
    assert 'value="01/01/2560"' in html and "ตั้งแต่ 1 มกราคม 2560" in html


def test_handbooks_not_revised_for_more_than_n_years(world, central, login):
    client = login(central)
    now = timezone.now()
    published_ = list(Handbook.objects.filter(live_version__isnull=False).select_related("live_version", "agency"))
    for years, expected_keys in [(3, {"a_old"}), (2, {"a_old", "d_published"}), (5, set())]:
        tables = tables_of(client, "reports:stale", years=years)
        rows = by_first_cell(tables["stale"])
        for name in ("กระทรวงพาณิชย์", "กระทรวงมหาดไทย"):
            mine = [h for h in published_ if root_name(h.agency) == name]
            old = [h for h in mine if (now - h.live_version.approved_at).days > years * 365.25 - 1]
            assert rows[name][:2] == [len(mine), len(old)], (years, name)
        listed = {r[0] for r in tables["stale-list"]["rows"]}
        assert listed == {world.handbooks[k].procedure.name for k in expected_keys}, years
    html = client.get(reverse("reports:stale")).content.decode()
    assert 'value="3"' in html  # the default, shown in the box


# ----- 4. laws overdue for review


def test_overdue_laws_by_ministry_count_each_law_once(world, central, login):
    today = timezone.localdate()
    tables = tables_of(login(central), "reports:laws")
    rows = by_first_cell(tables["laws"])
    overdue: dict[str, set] = defaultdict(set)
    procedures: dict[str, set] = defaultdict(set)
    for p in Procedure.objects.prefetch_related("law_links__law"):
        for link in p.law_links.all():
            if link.law.next_review_on < today:
                overdue[root_name(p.agency)].add(link.law_id)
                procedures[root_name(p.agency)].add(p.pk)
    for name in ("กระทรวงพาณิชย์", "กระทรวงมหาดไทย"):
        assert rows[name][:2] == [len(overdue[name]), len(procedures[name])], name
    assert rows["กระทรวงมหาดไทย"][2] == 1  # the law due within 90 days
    every = set().union(*overdue.values())
    assert number(tables["laws"]["total"][1]) == len(every) == Law.objects.overdue(today).count() == 3
    listed = {r[0]: r for r in tables["laws-list"]["rows"]}
    shared = listed[world.laws["shared"].title]
    assert number(shared[2]) == 200 and number(shared[3]) == 2
    assert shared[4] == "กระทรวงพาณิชย์, กระทรวงมหาดไทย"
    assert [number(r[2]) for r in tables["laws-list"]["rows"]] == sorted(
        (number(r[2]) for r in listed.values()), reverse=True
    )


def test_a_ministry_approver_sees_the_ministrys_overdue_laws_only(world, login):
    client = login(world.users["minister_i"])
    tables = tables_of(client, "reports:laws")
    assert list(by_first_cell(tables["laws"])) == ["กระทรวงมหาดไทย"]
    assert tables["laws"]["total"][1:] == tables["laws"]["rows"][0][1:] == ["2", "2", "1"]
    waiting = tables_of(client, "reports:pending")["waiting"]  # one ministry: its row is the total
    assert waiting["total"][1:] == waiting["rows"][0][1:] and waiting["rows"][0][1] == "3"
    listed = {r[0]: r for r in tables["laws-list"]["rows"]}
    assert set(listed) == {
        world.laws["shared"].title,
        world.handbooks["d_pending1"].procedure.law_links.get().law.title,
    }
    assert listed[world.laws["shared"].title][4] == "กระทรวงมหาดไทย"


# ----- exports: the same figures as the page


@pytest.mark.parametrize("name", PAGES)
def test_every_table_exports_to_excel_and_csv_as_the_page_shows_it(world, central, login, name):
    client = login(central)
    tables = tables_of(client, name)
    assert set(tables) == set(TABLES[name])
    for slug, table in tables.items():
        on_page = [table["header"], *table["rows"], *([table["total"]] if table["total"] else [])]
        response = client.get(reverse("reports:export", args=[slug, "xlsx"]))
        assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        assert response["Content-Disposition"].startswith(f'attachment; filename="{slug}-')
        sheet = xlsx_rows(response.content)
        assert sheet[0] == table["header"]
        assert same_rows(on_page[1:], sheet[1:]), (slug, on_page, sheet)
        raw, rows = csv_rows(client.get(reverse("reports:export", args=[slug, "csv"])))
        assert raw.startswith(b"\xef\xbb\xbf") and rows[0] == table["header"]
        typed = [[(number(c) if re.fullmatch(r"-?\d+(\.\d+)?", c) else c) for c in row] for row in rows[1:]]
        assert same_rows(on_page[1:], typed), (slug, on_page, rows)


def test_numbers_are_numbers_in_excel_and_the_headers_are_thai(world, central, login):
    sheet = xlsx_rows(login(central).get(reverse("reports:export", args=["states", "xlsx"])).content)
    assert sheet[0][:3] == ["กระทรวง / หน่วยงานระดับบนสุด", "ร่าง", "รออนุมัติ ขั้นที่ 1"]
    assert all(isinstance(c, int) for c in sheet[-1][1:]) and sheet[-1][0] == "รวมทั้งหมด"


def test_exported_text_cannot_run_as_a_spreadsheet_formula(author, approver, central, login):
    handbook = pending(author)
    Procedure.objects.filter(pk=handbook.procedure_id).update(name='=HYPERLINK("http://evil.example","x") [N]')
    client = login(central)
    _raw, rows = csv_rows(client.get(reverse("reports:export", args=["pending-list", "csv"])))
    assert rows[1][2].startswith("'=HYPERLINK")
    sheet = xlsx_rows(client.get(reverse("reports:export", args=["pending-list", "xlsx"])).content)
    assert sheet[1][2].startswith("'=HYPERLINK")


def test_an_export_keeps_the_pages_filters(world, central, login):
    client = login(central)
    _raw, rows = csv_rows(
        client.get(reverse("reports:export", args=["states", "csv"]), {"ministry": world.interior.pk})
    )
    assert [r[0] for r in rows[1:]] == ["กระทรวงมหาดไทย", "รวมทั้งหมด"]
    html = client.get(reverse("reports:index"), {"ministry": world.interior.pk}).content.decode()
    assert f'href="{reverse("reports:export", args=["states", "xlsx"])}?ministry={world.interior.pk}"' in html


# ----- charts


def test_the_charts_are_inline_svg_with_a_bar_per_ministry_and_per_bucket(world, central, login):
    client = login(central)
    html = client.get(reverse("reports:index")).content.decode()
    chart = html[html.index('<figure class="mb-3" data-chart="states">') : html.index("</figure>")]
    rows = by_first_cell(page_tables(html)["states"])
    assert chart.count('<g class="chart-bar"') == len(rows) == 3
    non_zero = sum(1 for figures in rows.values() for n in figures[:5] if n)
    assert chart.count('<rect class="chart-segment') == non_zero
    assert '<title id="chart-states-title">' in chart and '<desc id="chart-states-desc">' in chart
    for name, figures in rows.items():
        assert f'data-label="{name}" data-total="{sum(figures[:5])}"' in chart
    pending_html = client.get(reverse("reports:pending")).content.decode()
    histogram = pending_html[pending_html.index('data-chart="ageing"') :]
    histogram = histogram[: histogram.index("</figure>")]
    assert histogram.count('<g class="chart-bar"') == 6
    assert [int(n) for n in re.findall(r'data-total="(\d+)"', histogram)] == [2, 1, 1, 1, 1, 1]
    for page in (html, pending_html):  # the CSP: no inline script, no style attribute
        assert " style=" not in page and "<style" not in page
        assert not re.search(r"<script(?![^>]*\bsrc=)", page)


# ----- who may see the reports


@pytest.mark.parametrize("name", PAGES)
def test_authors_are_refused_and_visitors_sent_to_sign_in(author, client, login, name):
    assert login(author).get(reverse(name)).status_code == 403
    assert login(author).get(reverse("reports:export", args=[TABLES[name][0], "csv"])).status_code == 403
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


def test_the_menu_and_the_dashboard_link_to_the_reports_for_approvers_only(author, approver, login):
    link = f'href="{reverse("reports:index")}"'
    assert link in login(approver).get(reverse("portal:dashboard")).content.decode()
    assert link not in login(author).get(reverse("portal:dashboard")).content.decode()


# ----- bad filters: a Thai message, what was typed kept, never a 500


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("reports:index", {"ministry": "abc"}, "ไม่พบกระทรวงที่เลือกในขอบเขตของท่าน"),
        ("reports:index", {"ministry": "99999999"}, "ไม่พบกระทรวงที่เลือกในขอบเขตของท่าน"),
        ("reports:pending", {"stage": "7"}, "กรุณาเลือกขั้นการอนุมัติจากรายการ"),
        ("reports:returns", {"date_from": "31/02/2569"}, "กรุณากรอกวันที่ในรูปแบบ วว/ดด/ปปปป"),
        ("reports:returns", {"date_from": "01/01/0001"}, "กรุณาระบุวันที่ระหว่างปี พ.ศ. 2500 ถึง 2700"),
        ("reports:returns", {"date_from": "01/01/2569", "date_to": "01/01/2568"}, "วันที่สิ้นสุดต้องไม่ก่อนวันที่เริ่มต้น"),
        ("reports:stale", {"years": "0"}, "กรุณาระบุจำนวนปีตั้งแต่ 1 ถึง 50"),
        ("reports:stale", {"years": "999999999999999999999"}, "กรุณาระบุจำนวนปีตั้งแต่ 1 ถึง 50"),
        ("reports:stale", {"years": "สาม"}, "กรุณาระบุจำนวนปีเป็นตัวเลขจำนวนเต็ม"),
    ],
)
def test_bad_filters_give_a_thai_message_and_keep_what_was_typed(central, login, name, params, message):
    client = login(central)
    response = client.get(reverse(name), params)
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    assert "data-invalid-filters" in html and "data-table" not in html
    for key, value in params.items():
        if key in ("date_from", "date_to", "years"):  # typed boxes (a select cannot show a value it lacks)
            assert f'value="{value}"' in html
    table = TABLES[name][0]
    export = client.get(reverse("reports:export", args=[table, "xlsx"]), params)
    assert export.status_code == 400 and message in export.content.decode()


def test_unknown_tables_formats_and_pages_are_not_served(central, login):
    client = login(central)
    assert client.get(reverse("reports:export", args=["nothing", "csv"])).status_code == 404
    assert client.get(reverse("reports:export", args=["states", "pdf"])).status_code == 404
    assert client.get(reverse("reports:pending"), {"page": "abc"}).status_code == 200
    assert client.get(reverse("reports:pending"), {"page": "999999"}).status_code == 200


# ----- queries: a fixed number per page, whatever the data


def count_queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(ctx)


def test_query_counts_do_not_grow_with_the_data(world, central, author, approver, outsider, approver_b, login):
    client = login(central)
    minister = login(world.users["minister_i"])
    urls = [reverse(name) for name in PAGES] + [
        reverse("reports:export", args=[slug, fmt])
        for slugs in TABLES.values()
        for slug in slugs
        for fmt in ("csv", "xlsx")
    ]
    before = {url: (count_queries(client, url), count_queries(minister, url)) for url in urls}
    for _ in range(3):  # more of everything, in both ministries and at both stages
        pending(author)
        published(outsider, approver_b)
        h = pending(world.users["author_d"])
        h.approve(world.users["approver_d"], "เห็นชอบ")
        returned = pending(author)
        returned.return_for_changes(approver, "ข้อมูลค่าธรรมเนียมไม่ครบ")
    after = {url: (count_queries(client, url), count_queries(minister, url)) for url in urls}
    assert after == before
    assert max(n for pair in before.values() for n in pair) <= 14
