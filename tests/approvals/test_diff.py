"""approvals.diff: scalar fields of sections 1–19 and rows added / removed / changed."""

import copy

import pytest

from approvals.diff import ADDED, CHANGED, REMOVED, diff_rows, diff_snapshots
from handbooks.snapshot import build_snapshot, handbook_queryset
from tests.approvals.helpers import make_handbook


@pytest.fixture
def snap(author):
    handbook = make_handbook(author, rows=3)
    return build_snapshot(handbook_queryset().get(pk=handbook.pk))


def _section(diff, key):
    return next(s for s in diff.sections if s.key == key)


@pytest.mark.django_db
def test_identical_snapshots_have_no_diff(snap):
    assert diff_snapshots(snap, copy.deepcopy(snap)).is_empty


@pytest.mark.django_db
def test_scalar_change_of_section_13_total_time_and_section_1_name(snap):
    new = copy.deepcopy(snap)
    new["handbook"]["total_time_value"] = 45
    new["procedure"]["name"] = "ชื่อใหม่ [N]"
    diff = diff_snapshots(snap, new)
    changes = {(c.section, c.label): (c.old, c.new) for c in diff.scalars}
    assert changes[("13", "ระยะเวลาดำเนินการรวม")] == ("30 นาที", "45 นาที")
    assert changes[("1", "ชื่อกระบวนงาน")][1] == "ชื่อใหม่ [N]"
    assert len(diff.scalars) == 2


@pytest.mark.django_db
def test_step_inserted_in_the_middle_is_one_added_row_not_every_later_row_changed(snap):
    new = copy.deepcopy(snap)
    inserted = dict(new["steps"][0], detail="ขั้นตอนที่แทรกใหม่", duration_value=10)
    new["steps"].insert(1, inserted)
    steps = _section(diff_snapshots(snap, new), "steps")
    assert [(r.kind, r.summary) for r in steps.rows] == [(ADDED, "ขั้นตอนที่แทรกใหม่")]
    assert ("ระยะเวลา", "", 10) in [(f.label, f.old, f.new) for f in steps.rows[0].fields]


@pytest.mark.django_db
def test_document_removed_and_fee_changed_and_channel_added(snap):
    new = copy.deepcopy(snap)
    del new["documents"][2]
    new["fees"][0]["amount"] = "10.00"
    new["fees"][0]["note"] = "อัตราใหม่"
    new["channels"].append(dict(new["channels"][0], kind="online", kind_display="ทางออนไลน์/เว็บไซต์", place="เว็บไซต์กรม"))
    diff = diff_snapshots(snap, new)
    assert [(r.kind, r.summary) for r in _section(diff, "documents").rows] == [(REMOVED, "เอกสารประกอบ 2")]
    fee = _section(diff, "fees").rows
    assert [(r.kind, [(f.label, f.old, f.new) for f in r.fields]) for r in fee] == [
        (CHANGED, [("ค่าธรรมเนียม", "5.00", "10.00"), ("หมายเหตุ", "", "อัตราใหม่")])
    ]
    assert [(r.kind, r.summary) for r in _section(diff, "channels").rows] == [(ADDED, "เว็บไซต์กรม")]
    assert diff.counts == {ADDED: 1, REMOVED: 1, CHANGED: 1}


def test_a_typo_fixed_in_a_document_name_is_a_change_not_remove_and_add():
    fields = [("name", "รายการเอกสาร"), ("copies", "สำเนา")]
    old = [{"group": "other", "name": "สำเนาทะเบียนบ้าร", "copies": 1}]
    new = [{"group": "other", "name": "สำเนาทะเบียนบ้าน", "copies": 1}]
    rows = diff_rows(old, new, ("group", "name"), fields)
    assert [(r.kind, r.kind_label) for r in rows] == [(CHANGED, "แก้ไข")]
    other = diff_rows(old, [{"group": "other", "name": "หนังสือมอบอำนาจ", "copies": 1}], ("group", "name"), fields)
    assert [r.kind_label for r in other] == ["ลบ", "เพิ่ม"]


@pytest.mark.django_db
def test_first_publication_lists_every_row_as_added(snap):
    diff = diff_snapshots(None, snap)
    assert _section(diff, "steps").count(ADDED) == 3
    assert not any(r.kind != ADDED for s in diff.sections for r in s.rows)


@pytest.mark.django_db
def test_a_form_sample_whose_file_was_replaced_is_a_change(snap):
    """Section 18: replacing only the uploaded file keeps the row (and its link) but the approver must see it."""
    forms = snap["forms"] or [{"name": "แบบคำขอ", "url": "", "file_url": "/handbooks/forms/1/file/", "note": ""}]
    old = copy.deepcopy(snap)
    old["forms"] = [dict(forms[0], file="handbooks/forms/1/form-aaaaaaaaaaaa.pdf")]
    new = copy.deepcopy(old)
    new["forms"][0]["file"] = "handbooks/forms/1/form-bbbbbbbbbbbb.pdf"
    rows = _section(diff_snapshots(old, new), "forms").rows
    assert [r.kind for r in rows] == [CHANGED]
    assert [(f.label, f.old, f.new) for f in rows[0].fields] == [
        ("ไฟล์", "handbooks/forms/1/form-aaaaaaaaaaaa.pdf", "handbooks/forms/1/form-bbbbbbbbbbbb.pdf")
    ]
