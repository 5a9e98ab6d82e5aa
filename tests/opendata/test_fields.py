"""Every endpoint's fields against the live snapshot (issue 14): sections 1–19 of a handbook as structured fields,
the list rows, versions, agencies and laws, and the serializers that document them in the OpenAPI schema."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
import yaml
from django.urls import reverse

from handbooks.models import Document, Fee, HandbookVersion, ServiceChannel, Step
from opendata import serializers as ser
from opendata.documents import iso_duration
from tests.approvals.helpers import attach_form_file, make_handbook, published, start_revision
from tests.factories import LawFactory, ProcedureFactory, UserFactory
from tests.opendata.helpers import get

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% the file published with version 1\n%%EOF\n"


@pytest.fixture
def rich(author, approver, settings, tmp_path):
    """A published handbook with two rows of each kind and the less common values: an hour-long step, a percentage
    fee given as a range, a 24-hour online channel, a document issued by another agency, an uploaded form file."""
    settings.MEDIA_ROOT = tmp_path
    handbook = make_handbook(author, rows=2)
    Step.objects.filter(handbook=handbook, position=1).update(duration_value=2, duration_unit="hour")
    Document.objects.filter(handbook=handbook, position=1).update(issued_by="กรมการปกครอง", copies=2, unit="set")
    Fee.objects.create(
        handbook=handbook,
        position=5,
        description="ร้อยละของทุนจดทะเบียน",
        amount=Decimal("2.50"),
        unit="percent",
        is_range=True,
        note="ร้อยละ 0.5 ถึง 2.5 ตามทุน",
    )
    ServiceChannel.objects.create(
        handbook=handbook,
        position=5,
        kind="online",
        website="https://service.example.go.th",
        hours_24=True,
        note="ดำเนินการในวันและเวลาทำการถัดไป",
    )
    attach_form_file(handbook, PDF)
    handbook.submit(author, change_note="ฉบับแรก")
    handbook.approve(approver, comment="เรียบร้อย")
    handbook.refresh_from_db()
    return handbook


def _same(api_row: dict, snapshot_row: dict, skip: set[str] = frozenset()) -> None:
    """Every field the API row shares with the snapshot row holds the snapshot's value."""
    shared = (set(api_row) & set(snapshot_row)) - skip
    assert shared, (api_row, snapshot_row)
    for key in shared:
        assert api_row[key] == snapshot_row[key], (key, api_row[key], snapshot_row[key])


def test_handbook_detail_is_the_live_snapshot_section_by_section(client, rich):
    snap = rich.live_version.snapshot
    doc = get(client, "api:handbook", pk=rich.pk)
    base = "http://testserver"
    procedure, part = snap["procedure"], snap["handbook"]

    assert doc["id"] == rich.pk and doc["url"] == base + reverse("api:handbook", args=[rich.pk])
    assert doc["html_url"] == base + reverse("public:handbook", args=[rich.pk])
    assert doc["version"] | {"published_at": None} == {
        "number": 1,
        "published_at": None,
        "change_note": "ฉบับแรก",
        "is_live": True,
        "url": base + reverse("api:version", args=[rich.pk, 1]),
        "html_url": base + reverse("public:version", args=[rich.pk, 1]),
    }
    assert doc["version"]["published_at"] == rich.live_version.approved_at.isoformat()
    # sections 1–9
    p = doc["procedure"]
    assert (p["id"], p["number"], p["name"]) == (procedure["id"], procedure["number"], procedure["name"])  # 1
    _same(p["agency"], procedure["agency"])  # 2
    assert p["agency"]["chain"] == ["กระทรวงพาณิชย์", "กรมพัฒนาธุรกิจการค้า"]
    assert p["type_display"] == procedure["type_display"]  # 3
    assert (p["category"], p["category_display"]) == (procedure["category"], procedure["category_display"])  # 4
    assert [law["id"] for law in p["laws"]] == [law["id"] for law in procedure["laws"]]  # 5
    for api_law, snap_law in zip(p["laws"], procedure["laws"], strict=True):
        _same(api_law, snap_law)
        assert api_law["api_url"] == base + reverse("api:law", args=[snap_law["id"]])
    assert (p["impact"], p["impact_display"]) == (procedure["impact"], procedure["impact_display"])  # 6
    assert (
        p["areas"]
        == [{"code": "central", "name": "ส่วนกลาง"}]
        == [{"code": c, "name": n} for c, n in zip(procedure["area_codes"], procedure["areas"], strict=True)]
    )  # 7
    assert p["legal_time"] == {  # 8
        "law": procedure["legal_time_law"],
        "value": procedure["legal_time_value"],
        "unit": procedure["legal_time_unit"],
        "unit_display": procedure["legal_time_unit_display"],
        "iso8601": iso_duration(procedure["legal_time_value"], procedure["legal_time_unit"]),
    }
    assert p["statistics"] == {  # 9
        "average_per_month": procedure["stat_avg"],
        "max": procedure["stat_max"],
        "min": procedure["stat_min"],
    }
    # sections 10–19
    assert doc["reference_name"] == part["reference_name"]  # 10
    _same(doc["agency"], part["agency"])
    assert len(doc["channels"]) == 3  # 11
    for api_row, snap_row in zip(doc["channels"], snap["channels"], strict=True):
        _same(api_row, snap_row)
    assert doc["channels"][0]["open_time"] == "08:30" and doc["channels"][0]["day_from_display"] == "จันทร์"
    assert doc["channels"][2]["hours_24"] is True and doc["channels"][2]["hours_text"] == "ตลอด 24 ชั่วโมง"
    assert doc["criteria"] == part["criteria"]  # 12
    for api_row, snap_row in zip(doc["steps"], snap["steps"], strict=True):  # 13
        _same(api_row, snap_row, skip={"responsible_ministry"})
        assert api_row["responsible_ministry"] == {
            "id": snap_row["responsible_ministry_id"],
            "name": snap_row["responsible_ministry"],
        }
    assert [s["duration_iso8601"] for s in doc["steps"]] == ["PT30M", "PT2H"]
    assert doc["steps"][0]["responsible_ministry"]["name"] == "กระทรวงพาณิชย์"
    assert doc["total_time"] == {"value": 30, "unit": "minute", "unit_display": "นาที", "iso8601": "PT30M"}
    assert doc["reduced"] is part["reduced"]  # 14
    for api_row, snap_row in zip(doc["documents"], snap["documents"], strict=True):  # 15
        _same(api_row, snap_row)
    assert doc["documents"][1] | {"name": ""} == doc["documents"][1] | {
        "name": "",
        "issued_by": "กรมการปกครอง",
        "originals": 1,
        "copies": 2,
        "unit": "set",
        "unit_display": "ชุด",
    }
    for api_row, snap_row in zip(doc["fees"], snap["fees"], strict=True):  # 16
        _same(api_row, snap_row)
    assert [(f["amount"], f["unit"], f["currency"], f["is_range"]) for f in doc["fees"]] == [
        ("5.00", "baht", "THB", False),
        ("5.00", "baht", "THB", False),
        ("2.50", "percent", None, True),
    ]
    for api_row, snap_row in zip(doc["complaints"], snap["complaints"], strict=True):  # 17
        _same(api_row, snap_row)
    assert [f["name"] for f in doc["forms"]] == [f["name"] for f in snap["forms"]]  # 18
    assert [f["file_url"] for f in doc["forms"][:2]] == [None, None]
    uploaded = doc["forms"][2]["file_url"]
    assert uploaded == base + reverse("public:form_file", args=[rich.pk, 1, 2])
    download = client.get(uploaded.removeprefix(base))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert doc["note"] == part["note"]  # 19


def test_every_answer_passes_through_its_serializer_unchanged(client, rich, author, approver):
    """The serializers are what the OpenAPI schema documents: an answer with a field they do not declare, or
    without one they declare, fails here."""
    law = rich.live_version.snapshot["procedure"]["laws"][0]["id"]
    cases = [
        (ser.HandbookSerializer, get(client, "api:handbook", pk=rich.pk)),
        (ser.HandbookSerializer, get(client, "api:version", pk=rich.pk, number=1)),
        (ser.VersionListSerializer, get(client, "api:versions", pk=rich.pk)),
        (ser.AgencyDetailSerializer, get(client, "api:agency", pk=rich.agency_id)),
        (ser.LawDetailSerializer, get(client, "api:law", pk=law)),
    ]
    cases += [(ser.HandbookSummarySerializer, row) for row in get(client, "api:handbooks")["results"]]
    cases += [(ser.AgencySerializer, row) for row in get(client, "api:agencies")["results"]]
    cases += [(ser.LawSerializer, row) for row in get(client, "api:laws")["results"]]
    for serializer, data in cases:
        assert json.loads(json.dumps(serializer(data).data)) == data, serializer.__name__


def test_the_openapi_schema_documents_every_field_in_thai_and_english(client):
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    handbook = schema["components"]["schemas"]["Handbook"]["properties"]
    assert set(handbook) == set(ser.HandbookSerializer().fields)
    assert handbook["fees"]["description"] == "ส่วนที่ 16 ค่าธรรมเนียม — Section 16: fees"
    fee = schema["components"]["schemas"]["Fee"]["properties"]
    assert all(" — " in prop.get("description", "") for prop in fee.values()), fee
    paths = set(schema["paths"])
    assert {"/api/v1/handbooks/", "/api/v1/handbooks/{id}/", "/api/v1/handbooks/{id}/cpsv/"} <= paths
    assert {"/api/v1/handbooks/{id}/versions/", "/api/v1/handbooks/{id}/versions/{number}/"} <= paths
    assert {"/api/v1/agencies/", "/api/v1/agencies/{id}/", "/api/v1/laws/", "/api/v1/laws/{id}/"} <= paths
    as_json = client.get(reverse("api:schema"), {"format": "json"})
    assert json.loads(as_json.content)["info"]["title"].startswith("API ข้อมูลเปิด")


def test_list_rows_are_what_the_live_versions_published(client, rich, author, approver):
    start_revision(rich, author, criteria="ยังไม่อนุมัติ", reference_name="ชื่อที่ยังไม่อนุมัติ")
    rows = get(client, "api:handbooks")["results"]
    assert len(rows) == 1
    snap = rich.live_version.snapshot
    assert rows[0] == {
        "id": rich.pk,
        "url": f"http://testserver/api/v1/handbooks/{rich.pk}/",
        "html_url": f"http://testserver/handbook/{rich.pk}/",
        "name": snap["procedure"]["name"],
        "reference_name": snap["handbook"]["reference_name"],
        "agency": {"id": snap["handbook"]["agency"]["id"], "name": "กรมพัฒนาธุรกิจการค้า"},
        "category": "permit",
        "category_display": snap["procedure"]["category_display"],
        "areas": ["ส่วนกลาง"],
        "version": 1,
        "published_at": rich.live_version.approved_at.isoformat(),
    }


def test_versions_list_each_published_version_and_show_each_as_it_was(client, rich, author, approver, central):
    first_name = rich.live_version.snapshot["handbook"]["reference_name"]
    start_revision(rich, author, reference_name="ชื่ออ้างอิงฉบับที่สอง")
    rich.submit(author)
    rich.approve(approver)
    versions = get(client, "api:versions", pk=rich.pk)
    assert [(v["number"], v["is_live"]) for v in versions["results"]] == [(2, True), (1, False)]
    assert get(client, "api:version", pk=rich.pk, number=1)["reference_name"] == first_name
    assert get(client, "api:version", pk=rich.pk, number=2)["reference_name"] == "ชื่ออ้างอิงฉบับที่สอง"
    assert get(client, "api:handbook", pk=rich.pk)["version"]["number"] == 2
    get(client, "api:version", pk=rich.pk, number=3, status=404)


def test_agencies_are_the_tree_with_parent_level_code_and_children(client, tree, ministry, agency_a, agency_a_child):
    rows = get(client, "api:agencies", {"page_size": 100})["results"]
    by_code = {row["code"]: row for row in rows}
    assert set(by_code) == set(tree)
    a = by_code["14004000"]
    assert a == {
        "id": agency_a.pk,
        "code": "14004000",
        "name": "กรมพัฒนาธุรกิจการค้า",
        "name_en": agency_a.name_en,
        "level": "department",
        "level_display": "กรม (หรือเทียบเท่า)",
        "parent": ministry.pk,
        "depth": 1,
        "children_count": 1,
        "url": f"http://testserver/api/v1/agencies/{agency_a.pk}/",
        "html_url": f"http://testserver/agencies/{agency_a.pk}/",
        "handbooks_url": f"http://testserver/api/v1/handbooks/?agency={agency_a.pk}",
    }
    assert by_code["14000000"]["children_count"] == 2 and by_code["14000000"]["parent"] is None
    subtree = get(client, "api:agencies", {"subtree": ministry.pk})["results"]
    assert {row["code"] for row in subtree} == {"14000000", "14004000", "14004001", "14003000"}
    children = get(client, "api:agencies", {"parent": ministry.pk})["results"]
    assert {row["code"] for row in children} == {"14004000", "14003000"}
    assert {row["code"] for row in get(client, "api:agencies", {"level": "ministry"})["results"]} == {
        "14000000",
        "01000000",
    }
    detail = get(client, "api:agency", pk=agency_a_child.pk)
    assert [(c["code"], c["level"]) for c in detail["chain"]] == [
        ("14000000", "ministry"),
        ("14004000", "department"),
        ("14004001", "division"),
    ]
    get(client, "api:agency", pk=999999, status=404)


def test_laws_are_those_the_live_snapshots_cite_with_their_procedures(client, author, approver, agency_a, agency_b):
    cited, dropped, later, drafted = (LawFactory() for _ in range(4))
    procedure = ProcedureFactory(agency=agency_a, laws=[cited, dropped])
    first = published(author, approver, procedure=procedure)
    author_b = UserFactory(username="author_b", agency=agency_b, is_author=True)
    approver_b2 = UserFactory(username="approver_b2", agency=agency_b, is_approver=True)
    second = published(author_b, approver_b2, procedure=procedure)
    make_handbook(author, procedure=ProcedureFactory(agency=agency_a, laws=[drafted]))  # never published
    # After approval the procedure's links change: the live versions still cite what they published.
    procedure.law_links.filter(law=dropped).delete()
    procedure.law_links.create(law=later, position=5)

    listed = {row["id"]: row for row in get(client, "api:laws")["results"]}
    assert set(listed) == {cited.pk, dropped.pk}
    assert listed[cited.pk] | {"api_url": "", "handbooks_url": ""} == {
        "id": cited.pk,
        "title": cited.title,
        "kind_display": "พระราชบัญญัติ",
        "year_be": 2560,
        "url": "",
        "procedure_count": 1,
        "handbook_count": 2,
        "api_url": "",
        "handbooks_url": "",
    }
    detail = get(client, "api:law", pk=dropped.pk)
    assert detail["procedures"] == [
        {
            "id": procedure.pk,
            "name": procedure.name,
            "handbooks": [
                {
                    "id": first.pk,
                    "url": f"http://testserver/api/v1/handbooks/{first.pk}/",
                    "agency": "กรมพัฒนาธุรกิจการค้า",
                },
                {"id": second.pk, "url": f"http://testserver/api/v1/handbooks/{second.pk}/", "agency": "กรมการค้าภายใน"},
            ],
        }
    ]
    get(client, "api:law", pk=later.pk, status=404)
    get(client, "api:law", pk=drafted.pk, status=404)
    # The handbook filter by law reads the same index.
    assert {row["id"] for row in get(client, "api:handbooks", {"law": cited.pk})["results"]} == {first.pk, second.pk}
    assert get(client, "api:handbooks", {"law": later.pk})["results"] == []


def test_a_law_is_shown_as_the_newest_live_version_recorded_it(client, author, approver):
    law = LawFactory(title="พระราชบัญญัติทดสอบชื่อเดิม พ.ศ. 2560")
    handbook = published(author, approver, procedure=ProcedureFactory(agency=author.agency, laws=[law]))
    law.title = "พระราชบัญญัติทดสอบชื่อใหม่ พ.ศ. 2560"
    law.save()
    assert get(client, "api:law", pk=law.pk)["title"] == "พระราชบัญญัติทดสอบชื่อเดิม พ.ศ. 2560"
    start_revision(handbook, author)
    handbook.submit(author)
    handbook.approve(approver)
    assert get(client, "api:law", pk=law.pk)["title"] == "พระราชบัญญัติทดสอบชื่อใหม่ พ.ศ. 2560"
    assert HandbookVersion.objects.filter(handbook=handbook).count() == 2


def test_unknown_or_unpublished_addresses_are_404_in_thai_and_english(client, author):
    draft = make_handbook(author)
    for name, kwargs in [
        ("api:handbook", {"pk": draft.pk}),
        ("api:handbook_cpsv", {"pk": draft.pk}),
        ("api:versions", {"pk": draft.pk}),
        ("api:version", {"pk": draft.pk, "number": 1}),
        ("api:law", {"pk": 1}),
    ]:
        body = get(client, name, status=404, **kwargs)
        assert body == {
            "detail": "ไม่พบข้อมูลที่เผยแพร่ตามที่ขอ",
            "detail_en": "No published data was found at this address.",
            "status": 404,
        }
    response = client.post(reverse("api:handbooks"))
    assert response.status_code == 405 and json.loads(response.content)["detail_en"].startswith("This API is read-only")
