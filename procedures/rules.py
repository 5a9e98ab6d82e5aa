"""The procedure rules of the manual (P1–P9), in one place.

Forms call these while cleaning input; `procedures.checks.unmet_rules` calls them on a saved procedure, so the
wording of a refusal is the same wherever a rule is met.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

NAME_SUFFIX = "[N]"
CENTRAL_AREA = "central"
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_WHOLE = re.compile(r"^\d+$")
# What officials write for "the law sets no time" (P9), spaces removed and Thai digits read as Arabic first. The
# slide: "หากไม่มีการกำหนด ให้ใส่คำว่า “ไม่มี” หรือ “ศูนย์ (0)”"; "ศูนย์" alone and "0"/"๐" mean the same, and "-" is
# how real handbooks print "none".
NONE_WORDS = {"ไม่มี", "ศูนย์", "ศูนย์(0)", "-", ""}

MESSAGES = {
    "P1": _("หน่วยงานเจ้าของกระบวนงานต้องเป็นหน่วยงานระดับ “กระทรวง” หรือ “กรม” เท่านั้น"),
    "P1_missing": _("กรุณาเลือกหน่วยงานเจ้าของกระบวนงาน (ระดับกระทรวงหรือกรม)"),
    "P1_scope": _("ท่านไม่มีสิทธิ์สร้างกระบวนงานให้หน่วยงานนี้ กรุณาเลือกหน่วยงานในสังกัดของท่าน"),
    "P3": _("ชื่อกระบวนงานต้องลงท้ายด้วย [N] เช่น “การขออนุญาตประกอบกิจการโรงงาน [N]”"),
    "P3_empty": _("กรุณากรอกชื่อกระบวนงานก่อน [N]"),
    "P4": _(
        "กรุณาเลือกประเภทของงานบริการให้ครบทั้งสองส่วน: ส่วนกลางหรือส่วนภูมิภาค "
        "และเบ็ดเสร็จในหน่วยเดียว เชื่อมโยงหลายหน่วยงาน หรือต่อเนื่องจากหน่วยงานอื่น"
    ),
    "P5": _("กรุณาเลือกกฎหมายที่ให้อำนาจการอนุญาต หรือที่เกี่ยวข้อง อย่างน้อย 1 ฉบับ"),
    "P8": _("พื้นที่ให้บริการต้องเลือก “ส่วนกลาง” ด้วยเสมอ"),
    "P9": _("ระยะเวลาที่กำหนดตามกฎหมายให้ระบุเป็นเลขจำนวนเต็ม (เช่น 30) หากไม่มีการกำหนด ให้ใส่คำว่า “ไม่มี” หรือ “ศูนย์ (0)”"),
    "P9_required": _("กรุณากรอกระยะเวลาที่กำหนดตามกฎหมาย หากไม่มีการกำหนด ให้ใส่คำว่า “ไม่มี” หรือ “ศูนย์ (0)”"),
    # Advice, not a rule of the slide: the printed handbook reads better when it names the law that sets the time.
    "P9_law": _("ควรระบุกฎหมายข้อบังคับ/ข้อตกลงที่กำหนดระยะเวลา เพราะระบุระยะเวลามากกว่า 0"),
}


def normalise_name(name: str | None) -> str:
    """Trailing and leading spaces go; runs of spaces inside the name become one."""
    return re.sub(r"\s+", " ", name or "").strip()


def name_error(name: str | None) -> str | None:
    """P3: the name ends with [N] and has words before it."""
    name = normalise_name(name)
    if not name.endswith(NAME_SUFFIX):
        return str(MESSAGES["P3"])
    if not name[: -len(NAME_SUFFIX)].strip():
        return str(MESSAGES["P3_empty"])
    return None


def owner_error(agency) -> str | None:
    """P1: a ministry or a department, nothing lower."""
    if agency is None:
        return str(MESSAGES["P1_missing"])
    if not agency.can_own_procedure:
        return str(MESSAGES["P1"])
    return None


def type_error(scope: str | None, linkage: str | None) -> str | None:
    """P4: both parts of ประเภทของงานบริการ are chosen from the manual's lists."""
    from .models import Procedure

    if scope not in Procedure.Scope.values or linkage not in Procedure.Linkage.values:
        return str(MESSAGES["P4"])
    return None


def laws_error(law_count: int) -> str | None:
    """P5: at least one law gives the authority to permit."""
    return None if law_count > 0 else str(MESSAGES["P5"])


def areas_error(area_codes: Iterable[str]) -> str | None:
    """P8: ส่วนกลาง is among the service areas."""
    return None if CENTRAL_AREA in set(area_codes) else str(MESSAGES["P8"])


def parse_whole_number(text: str | int | None) -> int:
    """A whole number ≥ 0 typed with Arabic or Thai digits (thousands commas allowed); the words for none —
    "ไม่มี", "ศูนย์", "ศูนย์ (0)" — mean 0 (P9).

    Raises ValueError for anything else (decimals, negatives, other words).
    """
    if isinstance(text, int):
        if text < 0:
            raise ValueError(text)
        return text
    value = re.sub(r"\s+", "", str(text or "")).translate(_THAI_DIGITS).replace(",", "")
    if value in NONE_WORDS:
        return 0
    if not _WHOLE.match(value):
        raise ValueError(text)
    return int(value)


def legal_time_error(value) -> str | None:
    """P9: a whole number, or the manual's words for none ("ไม่มี", "ศูนย์ (0)")."""
    try:
        parse_whole_number(value)
    except ValueError:
        return str(MESSAGES["P9"])
    return None


def legal_time_hint(value, law_text: str | None = None) -> str | None:
    """Advice beside P9, never a refusal (the slide asks only for the number): a time above 0 should name the law
    or rule that sets it."""
    try:
        number = parse_whole_number(value)
    except ValueError:
        return None
    if number > 0 and not (law_text or "").strip():
        return str(MESSAGES["P9_law"])
    return None
