"""manage.py export_open_data DIR: CSV files per section kind (UTF-8 with BOM, Thai headers) read back with the csv
module, the JSON Lines file equal to the API's answers, datapackage.json describing both, the progress bar, and the
public page that lists and serves the latest export."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from opendata.export import TABLES
from opendata.models import OpenDataExport
from tests.approvals.helpers import attach_form_file, make_handbook, published, start_revision
from tests.opendata.helpers import get
from tests.portal.test_thai_everywhere import _texts_a_reader_meets, english_words

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


def run_export(folder: Path) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("export_open_data", str(folder), base_url=BASE, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def read_csv(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name} has no UTF-8 BOM"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def handbooks(author, approver, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    first = published(author, approver, rows=2)
    second = make_handbook(author, rows=3)
    attach_form_file(second)
    second.submit(author)
    second.approve(approver)
    second.refresh_from_db()
    start_revision(first, author, criteria="ร่างที่ยังไม่อนุมัติ")  # the live version stays what is exported
    make_handbook(author)  # a draft: not exported
    return [first, second]


def test_the_csv_files_read_back_with_the_csv_module(client, handbooks, tmp_path, capsys):
    folder = tmp_path / "export"
    out, _err = run_export(folder)
    assert "ส่งออกคู่มือที่เผยแพร่ 2 ฉบับ" in out
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([*(t.filename for t in TABLES), "handbooks.jsonl", "datapackage.json"])

    for table in TABLES:
        rows = read_csv(folder / table.filename)
        with (folder / table.filename).open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle))
        assert header == [column.header for column in table.columns]
        assert all(any("\u0e00" <= ch <= "\u0e7f" for ch in h) for h in header), header  # Thai headers
        expected = sum(len(table.rows(get(client, "api:handbook", pk=h.pk))) for h in handbooks)
        assert len(rows) == expected, table.name

    first, second = handbooks
    by_id = {int(row["รหัสคู่มือ"]): row for row in read_csv(folder / "handbooks.csv")}
    assert set(by_id) == {first.pk, second.pk}
    snap = first.live_version.snapshot
    row = by_id[first.pk]
    assert row["ชื่อกระบวนงาน"] == snap["procedure"]["name"]
    assert row["ชื่ออ้างอิงของคู่มือประชาชน"] == snap["handbook"]["reference_name"]
    assert row["หลักเกณฑ์ วิธีการ เงื่อนไข"] == snap["handbook"]["criteria"] != "ร่างที่ยังไม่อนุมัติ"
    assert row["หน่วยงานที่รับผิดชอบ"] == "กรมพัฒนาธุรกิจการค้า" and row["กระทรวง"] == "กระทรวงพาณิชย์"
    assert row["พื้นที่ให้บริการ"] == "ส่วนกลาง" and row["ระยะเวลาดำเนินการรวม (ISO 8601)"] == "PT30M"
    assert row["ผ่านการลดขั้นตอนและระยะเวลาแล้ว"] == "ไม่ใช่" and row["ฉบับที่"] == "1"

    steps = [r for r in read_csv(folder / "steps.csv") if int(r["รหัสคู่มือ"]) == first.pk]
    assert [(r["ลำดับ"], r["รายละเอียดของขั้นตอนการบริการ"], r["ระยะเวลา"], r["หน่วยเวลา"]) for r in steps] == [
        ("1", "ตรวจสอบเอกสาร 0", "30", "นาที"),
        ("2", "ตรวจสอบเอกสาร 1", "30", "นาที"),
    ]
    assert steps[0]["หน่วยงานที่รับผิดชอบ"] == "กระทรวงพาณิชย์"
    fees = [r for r in read_csv(folder / "fees.csv") if int(r["รหัสคู่มือ"]) == first.pk]
    assert [(r["ค่าธรรมเนียม"], r["หน่วย"], r["สกุลเงิน"]) for r in fees] == [("5.00", "บาท", "THB")] * 2
    channels = read_csv(folder / "channels.csv")
    assert channels[0]["เวลาเปิด"] == "08:30" and channels[0]["มีพักเที่ยง"] == "ใช่"
    forms = [r for r in read_csv(folder / "forms.csv") if int(r["รหัสคู่มือ"]) == second.pk]
    uploaded = [r["ไฟล์"] for r in forms if r["ไฟล์"]]
    assert uploaded == [f"{BASE}{reverse('public:form_file', args=[second.pk, 1, 3])}"]
    laws = read_csv(folder / "laws.csv")
    assert {(int(r["รหัสคู่มือ"]), int(r["รหัสกฎหมาย"])) for r in laws} == {
        (h.pk, law["id"]) for h in handbooks for law in h.live_version.snapshot["procedure"]["laws"]
    }


def test_each_json_line_is_the_apis_answer(client, handbooks, tmp_path):
    folder = tmp_path / "export"
    run_export(folder)
    lines = (folder / "handbooks.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [get(client, "api:handbook", pk=h.pk) for h in handbooks]


def test_datapackage_describes_every_file(handbooks, tmp_path):
    folder = tmp_path / "export"
    run_export(folder)
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "data-package" and package["homepage"] == BASE + "/"
    resources = {r["path"]: r for r in package["resources"]}
    assert set(resources) == {*(t.filename for t in TABLES), "handbooks.jsonl"}
    for path, resource in resources.items():
        content = (folder / path).read_bytes()
        assert resource["bytes"] == len(content)
        assert resource["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()
    for table in TABLES:
        resource = resources[table.filename]
        assert resource["encoding"] == "utf-8-sig" and resource["mediatype"] == "text/csv"
        with (folder / table.filename).open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle))
        assert [f["name"] for f in resource["schema"]["fields"]] == header
        assert {f["type"] for f in resource["schema"]["fields"]} <= {
            "integer",
            "number",
            "string",
            "boolean",
            "datetime",
        }
    assert resources["steps.csv"]["schema"]["foreignKeys"][0]["reference"]["resource"] == "handbooks"
    record = OpenDataExport.objects.get()
    assert record.handbooks == 2 and record.directory == str(folder.resolve())
    assert {f["name"]: f["bytes"] for f in record.files} == {p.name: p.stat().st_size for p in folder.iterdir()}


def test_the_progress_bar_and_the_base_address(handbooks, tmp_path, settings):
    _out, err = run_export(tmp_path / "a")
    assert "2/2 คู่มือ" in err and "[" + "#" * 30 + "]" in err
    settings.SITE_URL = ""
    with pytest.raises(CommandError, match="--base-url"):
        call_command("export_open_data", str(tmp_path / "b"), stdout=io.StringIO(), stderr=io.StringIO())
    quiet = io.StringIO()
    call_command(
        "export_open_data", str(tmp_path / "c"), base_url=BASE, no_progress=True, stderr=quiet, stdout=io.StringIO()
    )
    assert quiet.getvalue() == ""


def test_the_public_page_lists_and_serves_the_latest_export(client, handbooks, tmp_path):
    empty = client.get(reverse("opendata:downloads"))
    assert empty.status_code == 200 and "ยังไม่มีชุดข้อมูลที่ส่งออก" in empty.content.decode()
    run_export(tmp_path / "old")
    folder = tmp_path / "new"
    run_export(folder)
    page = client.get(reverse("opendata:downloads")).content.decode()
    assert "ชุดล่าสุด:" in page and "คู่มือ 2 ฉบับ" in page
    # Thai wording, English only where the page marks it so (tests/portal/test_thai_everywhere.py's rule)
    words = [w for _tag, text in _texts_a_reader_meets(page) for w in english_words(text)]
    assert words == []
    for path in folder.iterdir():
        assert reverse("opendata:file", args=[path.name]) in page
    response = client.get(reverse("opendata:file", args=["steps.csv"]))
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == (folder / "steps.csv").read_bytes()
    for name in ["passwd", "..%2F..%2Fetc%2Fpasswd", ".export-x", "handbooks.csv.bak"]:
        assert client.get(reverse("opendata:file", args=[name])).status_code == 404
    (folder / "fees.csv").unlink()  # removed by hand after the export
    assert client.get(reverse("opendata:file", args=["fees.csv"])).status_code == 404


def test_an_export_on_the_media_volume_is_sent_by_nginx(client, handbooks, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    settings.FILES_X_ACCEL_PREFIX = "/_protected/"
    run_export(tmp_path / "open-data")
    response = client.get(reverse("opendata:file", args=["handbooks.jsonl"]))
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == "/_protected/open-data/handbooks.jsonl"
    assert response["Content-Type"] == "application/x-ndjson; charset=utf-8"
    settings.FILES_X_ACCEL_PREFIX = ""
    streamed = client.get(reverse("opendata:file", args=["handbooks.jsonl"]))
    assert b"".join(streamed.streaming_content) == (tmp_path / "open-data" / "handbooks.jsonl").read_bytes()
