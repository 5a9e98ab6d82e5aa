"""Nothing unpublished ever appears (issue 14): a handbook is drafted, published, revised without approval (also
submitted) and unpublished, and at each step every address of the API, the CPSV-AP document and the bulk export
are read (through the response cache, as production serves them): words of the unapproved revision never appear,
and after unpublication the handbook, its versions, its file and the laws only it cited are gone."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from handbooks.models import Fee
from procedures.models import ProcedureLaw
from tests.approvals.helpers import make_handbook, start_revision
from tests.factories import LawFactory, ProcedureFactory
from tests.security.helpers import all_url_names

pytestmark = pytest.mark.django_db

SECRET = "ข้อความลับที่ยังไม่อนุมัติ"
SECRET_LAW = "พระราชบัญญัติที่ยังไม่อนุมัติ พ.ศ. 2569"


def _addresses(handbook, law_ids: list[int], agency) -> dict[str, list[str]]:
    """Every address of the API (each URL name of the "api" namespace) about this handbook, its laws, its agency."""
    pk = handbook.pk
    urls = {
        "api:index": [reverse("api:index")],
        "api:schema": [reverse("api:schema")],
        "api:docs": [reverse("api:docs")],
        "api:handbooks": [
            reverse("api:handbooks"),
            reverse("api:handbooks") + "?order=newest",
            reverse("api:handbooks") + f"?agency={agency.pk}",
            reverse("api:handbooks") + "?category=permit",
            reverse("api:handbooks") + "?area=central",
            reverse("api:handbooks") + "?q=ลับ",
            reverse("api:handbooks") + "?q=การขออนุญาตทดสอบ",
            reverse("api:handbooks") + "?updated_since=2000-01-01",
            *(reverse("api:handbooks") + f"?law={law}" for law in law_ids),
        ],
        "api:handbook": [reverse("api:handbook", args=[pk])],
        "api:handbook_cpsv": [reverse("api:handbook_cpsv", args=[pk])],
        "api:versions": [reverse("api:versions", args=[pk])],
        "api:version": [reverse("api:version", args=[pk, 1]), reverse("api:version", args=[pk, 2])],
        "api:agencies": [reverse("api:agencies") + "?page_size=100"],
        "api:agency": [reverse("api:agency", args=[agency.pk])],
        "api:laws": [reverse("api:laws") + "?page_size=100"],
        "api:law": [reverse("api:law", args=[law]) for law in law_ids],
    }
    api_names = {name for name in all_url_names() if name.startswith("api:")}
    assert set(urls) == api_names, f"an API address the test does not read: {api_names - set(urls)}"
    return urls


def _read_all(client, urls: dict[str, list[str]]) -> dict[str, tuple[int, str]]:
    seen = {}
    for addresses in urls.values():
        for url in addresses:
            response = client.get(url)
            seen[url] = (response.status_code, response.content.decode())
    return seen


def _export(tmp_path: Path, step: str) -> str:
    folder = tmp_path / step
    call_command("export_open_data", str(folder), base_url="http://testserver", no_progress=True, stdout=io.StringIO())
    return "".join(path.read_text(encoding="utf-8-sig") for path in sorted(folder.iterdir()))


def _handbook_ids_in_csv(tmp_path: Path, step: str) -> set[int]:
    with (tmp_path / step / "handbooks.csv").open(encoding="utf-8-sig", newline="") as handle:
        return {int(row["รหัสคู่มือ"]) for row in csv.DictReader(handle)}


def test_publish_revise_unpublish_never_shows_what_was_not_approved(
    client, author, approver, agency_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    law, only_here = LawFactory(), LawFactory()
    procedure = ProcedureFactory(agency=agency_a, laws=[law, only_here])
    handbook = make_handbook(author, procedure=procedure)
    secret_law = LawFactory(title=SECRET_LAW)
    urls = _addresses(handbook, [law.pk, only_here.pk, secret_law.pk], agency_a)
    handbook_urls = [
        *urls["api:handbook"],
        *urls["api:handbook_cpsv"],
        *urls["api:versions"],
        *urls["api:version"],
        *urls["api:law"],
    ]

    # 1. a draft: nowhere
    seen = _read_all(client, urls)
    assert all(seen[url][0] == 404 for url in handbook_urls), {u: seen[u][0] for u in handbook_urls}
    assert all(f"/handbooks/{handbook.pk}/" not in body for _status, body in seen.values())
    _export(tmp_path, "draft")
    assert _handbook_ids_in_csv(tmp_path, "draft") == set()

    # 2. published: everywhere
    handbook.submit(author, change_note="ฉบับแรก")
    handbook.approve(approver)
    published_name = handbook.live_version.snapshot["handbook"]["reference_name"]
    seen = _read_all(client, urls)
    for url in [*urls["api:handbook"], *urls["api:handbook_cpsv"], urls["api:version"][0]]:
        assert seen[url][0] == 200 and published_name in seen[url][1], url
    assert seen[urls["api:versions"][0]][0] == 200 and '"number":1' in seen[urls["api:versions"][0]][1]
    assert seen[urls["api:version"][1]][0] == 404
    for url in urls["api:handbooks"]:
        expected = "?q=ลับ" not in url and f"?law={secret_law.pk}" not in url
        assert (f"/handbooks/{handbook.pk}/" in seen[url][1]) is expected, url
    assert [seen[reverse("api:law", args=[x])][0] for x in (law.pk, only_here.pk, secret_law.pk)] == [200, 200, 404]
    assert published_name in _export(tmp_path, "published")
    assert _handbook_ids_in_csv(tmp_path, "published") == {handbook.pk}

    # 3. revised without approval, then submitted: the live version only
    start_revision(handbook, author, criteria=SECRET, reference_name=f"{published_name} {SECRET}")
    Fee.objects.create(handbook=handbook, position=9, description=SECRET, amount=Decimal("99.00"))
    ProcedureLaw.objects.create(procedure=procedure, law=secret_law, position=9)
    ProcedureLaw.objects.filter(procedure=procedure, law=only_here).delete()
    procedure.name = f"{procedure.name[:-4]} {SECRET} [N]"
    procedure.save()
    for state in ("revision", "submitted"):
        if state == "submitted":
            handbook.submit(author, change_note=SECRET)
        seen = _read_all(client, urls)
        for url, (_status, body) in seen.items():
            assert SECRET not in body and SECRET_LAW not in body, (state, url)
        assert seen[urls["api:handbook"][0]][0] == 200
        assert [seen[reverse("api:law", args=[x])][0] for x in (law.pk, only_here.pk, secret_law.pk)] == [200, 200, 404]
        assert '"results":[]' in seen[reverse("api:handbooks") + "?q=ลับ"][1]
        text = _export(tmp_path, state)
        assert SECRET not in text and SECRET_LAW not in text and published_name in text
    handbook.withdraw(author)

    # 4. unpublished: gone from every address, the export and the file
    handbook.unpublish(approver, "ยกเลิก")
    seen = _read_all(client, urls)
    assert all(seen[url][0] == 404 for url in handbook_urls), {u: seen[u][0] for u in handbook_urls}
    for url, (_status, body) in seen.items():
        assert SECRET not in body and published_name not in body, url
        assert f"/handbooks/{handbook.pk}/" not in body, url
    assert published_name not in _export(tmp_path, "unpublished")
    assert _handbook_ids_in_csv(tmp_path, "unpublished") == set()
