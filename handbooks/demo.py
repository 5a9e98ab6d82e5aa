"""Demo handbooks: four complete, realistic Citizen Handbooks that meet every rule H1–H9 (left in draft; the
approvals demo publishes two of them), one of them at real size (LANDS: 22 documents).

Idempotent: a handbook is keyed by its procedure (looked up by exact name, from procedures/demo.py) and agency.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from portal import audit
from portal.models import Agency
from procedures.models import Procedure

from .models import ComplaintChannel, Document, Fee, FormSample, Handbook, ServiceChannel, Step
from .rules import COMPLAINT_1111, COMPLAINT_PACC, DEFICIENCY_NOTE
from .services import reference_name

T = datetime.time
WEEKDAYS = {"day_from": 1, "day_to": 5, "except_holidays": True}
OFFICE_HOURS = {**WEEKDAYS, "open_time": T(8, 30), "close_time": T(16, 30), "lunch_break": True}

IDCARD = {
    "group": "identity",
    "name": "บัตรประจำตัวประชาชน",
    "issued_by": "กรมการปกครอง",
    "originals": 1,
    "copies": 1,
    "note": "พร้อมรับรองสำเนาถูกต้อง",
}
HOUSE = {
    "group": "identity",
    "name": "สำเนาทะเบียนบ้าน",
    "issued_by": "กรมการปกครอง",
    "originals": 0,
    "copies": 1,
    "note": "พร้อมรับรองสำเนาถูกต้อง",
}
POWER_OF_ATTORNEY = {
    "group": "other",
    "name": "หนังสือมอบอำนาจ (กรณีมอบอำนาจให้ผู้อื่นยื่นแทน)",
    "originals": 1,
    "copies": 0,
    "note": "ติดอากรแสตมป์ 10 บาท",
}
PROXY_ID = {
    "group": "other",
    "name": "บัตรประจำตัวประชาชนของผู้รับมอบอำนาจ",
    "originals": 0,
    "copies": 1,
    "from_power_of_attorney": True,
    "note": "กรณีมอบอำนาจ ยื่นเป็นสำเนาพร้อมรับรองสำเนาถูกต้อง",
}

DOPA = "กรมการปกครอง"
LANDS_OFFICE = "สำนักงานที่ดินจังหวัดเชียงใหม่"

# The Department of Lands handbook at real size, as its offices publish it (issue 12): 22 documents in both groups
# (an original house registration ท.ร.14, a consent letter with a copy of the owner's house registration, a company
# certificate as a copy only), 6 steps, 5 fees (ร้อยละ 2 with its note), forms ท.ด.๑, ท.ด.๙, ท.ด.๑๓, ท.ด.๑๖ without a
# link, and 3 complaint channels. The demo publishes it; the browser, PDF and print tests write and read it.
LANDS = {
    "procedure": "จดทะเบียนประเภทโอนอสังหาริมทรัพย์กรณีไม่ต้องประกาศ [N]",
    "agency": "15007001",
    "author": "author_dol",
    "ministry": "15000000",
    "criteria": (
        "ผู้ขอต้องเป็นเจ้าของที่ดินหรืออสังหาริมทรัพย์และผู้รับโอนตามสัญญา ยื่นคำขอ ณ สำนักงานที่ดินที่ที่ดินตั้งอยู่ "
        "คู่สัญญาต้องมาดำเนินการด้วยตนเองหรือมอบอำนาจ\n\n" + DEFICIENCY_NOTE
    ),
    "total": (150, "minute"),
    "channels": [
        {
            "kind": "in_person",
            "place": LANDS_OFFICE,
            "address": "ศาลากลางจังหวัดเชียงใหม่ ถนนโชตนา ตำบลช้างเผือก อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50300",
            "phone": "0 5311 2100",
            **OFFICE_HOURS,
        }
    ],
    "steps": [
        ("check", "ผู้ขอยื่นคำขอพร้อมเอกสารหลักฐาน เจ้าหน้าที่ตรวจสอบความครบถ้วนของเอกสาร", 20, LANDS_OFFICE),
        ("consider", "เจ้าหน้าที่ตรวจสอบสารบบที่ดินและตรวจอายัด", 20, LANDS_OFFICE),
        ("consider", "เจ้าพนักงานที่ดินสอบสวนสิทธิและความสามารถของคู่กรณี", 40, LANDS_OFFICE),
        ("other", "เจ้าหน้าที่คำนวณค่าธรรมเนียมและภาษีอากร ผู้ขอชำระเงิน", 30, LANDS_OFFICE),
        ("sign", "เจ้าพนักงานที่ดินลงนามจดทะเบียนในโฉนดที่ดิน", 30, LANDS_OFFICE),
        ("other", "แจกโฉนดที่ดินคืนผู้ขอ", 10, LANDS_OFFICE),
    ],
    "documents": [
        {**IDCARD, "note": ""},
        {"group": "identity", "name": "ทะเบียนบ้านฉบับเจ้าบ้าน (ท.ร.14)", "issued_by": DOPA, "originals": 1, "copies": 0},
        {"group": "identity", "name": "ใบสำคัญการสมรส (กรณีผู้ขอมีคู่สมรส)", "issued_by": DOPA, "originals": 1, "copies": 1},
        {"group": "identity", "name": "ใบสำคัญการหย่า (กรณีหย่า)", "issued_by": DOPA, "originals": 1, "copies": 1},
        {
            "group": "identity",
            "name": "ใบสำคัญการเปลี่ยนชื่อตัวหรือชื่อสกุล (ถ้ามี)",
            "issued_by": DOPA,
            "originals": 1,
            "copies": 1,
        },
        {
            "group": "identity",
            "name": "ใบมรณบัตรของคู่สมรส (กรณีคู่สมรสถึงแก่กรรม)",
            "issued_by": DOPA,
            "originals": 1,
            "copies": 1,
        },
        {
            "group": "identity",
            "name": "หนังสือเดินทาง (กรณีผู้ขอเป็นชาวต่างชาติ)",
            "issued_by": "กรมการกงสุล",
            "originals": 1,
            "copies": 1,
            "unit": "book",
        },
        {
            "group": "identity",
            "name": "หนังสือรับรองการจดทะเบียนนิติบุคคล (กรณีนิติบุคคล)",
            "issued_by": "กรมพัฒนาธุรกิจการค้า",
            "originals": 0,
            "copies": 1,
            "note": "ออกให้ไม่เกิน 1 เดือน",
        },
        {"group": "other", "name": "โฉนดที่ดินฉบับเจ้าของที่ดิน", "originals": 1, "copies": 0},
        {"group": "other", "name": "คำขอจดทะเบียนสิทธิและนิติกรรม (ท.ด.๑)", "originals": 1, "copies": 0},
        {"group": "other", "name": "หนังสือสัญญาขายที่ดิน (ท.ด.๑๓)", "originals": 2, "copies": 0},
        {"group": "other", "name": "บันทึกถ้อยคำ (ท.ด.๑๖)", "originals": 1, "copies": 0},
        {"group": "other", "name": "คำขอ (ท.ด.๙) กรณีขอตรวจสอบหลักฐาน", "originals": 1, "copies": 0},
        {"group": "other", "name": "หนังสือยินยอมของคู่สมรส", "originals": 1, "copies": 0},
        POWER_OF_ATTORNEY,
        PROXY_ID,
        {
            "group": "other",
            "name": "หนังสือยินยอมให้ใช้สถานที่ พร้อมสำเนาทะเบียนบ้านของเจ้าของสถานที่",
            "originals": 1,
            "copies": 0,
        },
        {"group": "other", "name": "หนังสือรับรองราคาประเมินทุนทรัพย์", "originals": 1, "copies": 0},
        {"group": "other", "name": "แผนที่แสดงที่ตั้งที่ดิน", "originals": 1, "copies": 0, "unit": "sheet"},
        {"group": "other", "name": "ใบเสร็จรับเงินค่าภาษีที่ดินและสิ่งปลูกสร้าง", "originals": 1, "copies": 1},
        {
            "group": "other",
            "name": "หนังสืออนุญาตของศาล (กรณีผู้เยาว์หรือคนไร้ความสามารถ)",
            "originals": 1,
            "copies": 0,
        },
        {
            "group": "other",
            "name": "รายงานการประชุมผู้ถือหุ้นที่อนุมัติให้ขาย (กรณีนิติบุคคล)",
            "originals": 0,
            "copies": 1,
            "unit": "set",
        },
    ],
    "fees": [
        ("ค่าคำขอ", "5.00", "baht", False, ""),
        (
            "ค่าธรรมเนียมการจดทะเบียนโอน",
            "2.00",
            "percent",
            True,
            "ร้อยละ 2 ของราคาประเมินทุนทรัพย์ กรณีโอนให้แก่บุตรหรือคู่สมรส ร้อยละ 0.5",
        ),
        ("ค่าอากรแสตมป์", "0.50", "percent", False, "ของราคาประเมินทุนทรัพย์หรือราคาซื้อขาย แล้วแต่ราคาใดสูงกว่า"),
        ("ค่าพยาน", "20.00", "baht", False, ""),
        ("เงินมัดจำค่ารังวัดสอบเขตที่ดิน (กรณีต้องรังวัดก่อนโอน)", "1500.00", "baht", False, ""),
    ],
    "complaints": [
        {"channel": "เจ้าพนักงานที่ดินจังหวัดเชียงใหม่", "website": "https://www.dol.go.th", "note": "โทร 0 5311 2100"},
        COMPLAINT_1111,
        COMPLAINT_PACC,
    ],
    # H8: the DOL prints its forms without a link: they are handed out at the counter.
    "forms": [
        ("คำขอจดทะเบียนสิทธิและนิติกรรม (ท.ด.๑)", "", "ขอรับได้ที่เจ้าหน้าที่"),
        ("บันทึกถ้อยคำ (ท.ด.๙)", "", "ขอรับได้ที่เจ้าหน้าที่"),
        ("หนังสือสัญญาขายที่ดิน (ท.ด.๑๓)", "", "ขอรับได้ที่เจ้าหน้าที่"),
        ("บันทึกข้อตกลง (ท.ด.๑๖)", "", "ขอรับได้ที่เจ้าหน้าที่"),
    ],
}

HANDBOOKS = [
    {
        "procedure": ("การจดทะเบียนพาณิชย์ (ตั้งใหม่) ตามพระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. 2499 กรณีผู้ขอจดทะเบียนเป็นบุคคลธรรมดา [N]"),
        "agency": "15008001",
        "author": "author_local",
        "ministry": "15000000",
        "criteria": (
            "ผู้ประกอบพาณิชยกิจต้องยื่นขอจดทะเบียนพาณิชย์ภายใน 30 วันนับแต่วันเริ่มประกอบกิจการ "
            "ณ สำนักงานเทศบาลที่สถานประกอบการตั้งอยู่ ผู้ขอจดทะเบียนต้องบรรลุนิติภาวะและมีสัญชาติไทย\n\n" + DEFICIENCY_NOTE
        ),
        "total": (60, "minute"),
        "channels": [
            {
                "kind": "in_person",
                "place": "งานทะเบียนพาณิชย์ กองคลัง สำนักงานเทศบาลนครเชียงใหม่",
                "address": "เลขที่ 1 ถนนวังสิงห์คำ ตำบลช้างม่อย อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50300",
                "phone": "0 5325 9000",
                "website": "https://www.cmcity.go.th",
                **OFFICE_HOURS,
            },
            {
                "kind": "online",
                "place": "ระบบจดทะเบียนพาณิชย์อิเล็กทรอนิกส์",
                "website": "https://www.dbd.go.th",
                "hours_24": True,
                "note": "ดำเนินการในวันและเวลาทำการถัดไป",
            },
        ],
        "steps": [
            (
                "check",
                "ผู้ยื่นคำขอยื่นคำขอพร้อมเอกสาร เจ้าหน้าที่ตรวจสอบความครบถ้วนของเอกสาร",
                15,
                "งานทะเบียนพาณิชย์ กองคลัง เทศบาลนครเชียงใหม่",
            ),
            ("consider", "นายทะเบียนพิจารณาคำขอและความถูกต้องของข้อมูล", 30, "งานทะเบียนพาณิชย์ กองคลัง เทศบาลนครเชียงใหม่"),
            ("sign", "นายทะเบียนลงนามในใบทะเบียนพาณิชย์และมอบให้ผู้ขอ", 15, "งานทะเบียนพาณิชย์ กองคลัง เทศบาลนครเชียงใหม่"),
        ],
        "documents": [
            IDCARD,
            HOUSE,
            {
                "group": "other",
                "name": "คำขอจดทะเบียนพาณิชย์ (แบบ ทพ.)",
                "originals": 1,
                "copies": 0,
            },
            {
                "group": "other",
                "name": "หนังสือให้ความยินยอมให้ใช้สถานที่ตั้งสำนักงานแห่งใหญ่",
                "originals": 1,
                "copies": 0,
                "note": "กรณีผู้ขอไม่ได้เป็นเจ้าบ้าน",
            },
            POWER_OF_ATTORNEY,
            PROXY_ID,
        ],
        "fees": [("ค่าธรรมเนียมการจดทะเบียน (ตั้งใหม่)", "50.00", "baht", False, "")],
        "complaints": [
            {
                "channel": "งานทะเบียนพาณิชย์ สำนักงานเทศบาลนครเชียงใหม่",
                "website": "https://www.cmcity.go.th",
                "note": "โทร 0 5325 9000",
            },
            COMPLAINT_1111,
        ],
        "forms": [("แบบคำขอจดทะเบียนพาณิชย์ (แบบ ทพ.)", "https://www.dbd.go.th", "")],
    },
    {
        "procedure": "การขออนุญาตประกอบกิจการโรงงาน (ร.ง.4) [N]",
        "agency": "22002000",
        "author": "author_diw",
        "ministry": "22000000",
        "criteria": (
            "ผู้ประกอบกิจการโรงงานจำพวกที่ 3 ต้องได้รับใบอนุญาตก่อนประกอบกิจการ ทำเลที่ตั้งโรงงานต้องเป็นไปตามกฎหมาย"
            "ว่าด้วยการผังเมือง และอาคารโรงงานต้องได้รับอนุญาตก่อสร้างตามกฎหมายว่าด้วยการควบคุมอาคาร\n\n" + DEFICIENCY_NOTE
        ),
        "total": (30, "working_day"),
        "channels": [
            {
                "kind": "in_person",
                "place": "ศูนย์บริการผู้ประกอบการ กรมโรงงานอุตสาหกรรม",
                "address": "เลขที่ 75/6 ถนนพระรามที่ 6 แขวงทุ่งพญาไท เขตราชเทวี กรุงเทพมหานคร 10400",
                "phone": "0 2202 4000",
                **OFFICE_HOURS,
            },
            {
                "kind": "online",
                "place": "ระบบอนุญาตโรงงานอิเล็กทรอนิกส์ (e-License)",
                "website": "https://www.diw.go.th",
                "hours_24": True,
                "note": "เมื่อได้รับเอกสารนั้น ๆ",
            },
        ],
        "steps": [
            (
                "check",
                "ตรวจสอบคำขอ (แบบ ร.ง.3) และเอกสารประกอบ",
                1,
                "ศูนย์บริการผู้ประกอบการ กรมโรงงานอุตสาหกรรม",
                "working_day",
            ),
            (
                "consider",
                "ตรวจสถานที่ตั้งโรงงานและพิจารณาตามหลักเกณฑ์",
                24,
                "กองควบคุมโรงงาน กรมโรงงานอุตสาหกรรม",
                "working_day",
            ),
            (
                "sign",
                "อธิบดีหรือผู้ที่ได้รับมอบหมายลงนามในใบอนุญาต (ร.ง.4)",
                5,
                "กองควบคุมโรงงาน กรมโรงงานอุตสาหกรรม",
                "working_day",
            ),
        ],
        "documents": [
            IDCARD,
            {
                "group": "identity",
                "name": "สำเนาหนังสือรับรองการจดทะเบียนนิติบุคคล",
                "issued_by": "กรมพัฒนาธุรกิจการค้า",
                "originals": 0,
                "copies": 1,
                "from_power_of_attorney": False,
                "note": "สำเนาที่ออกให้ไม่เกิน 6 เดือน (กรณีนิติบุคคล)",
            },
            {"group": "other", "name": "คำขอรับใบอนุญาตประกอบกิจการโรงงาน (แบบ ร.ง.3)", "originals": 1, "copies": 0},
            {
                "group": "other",
                "name": "แผนผังแสดงที่ตั้งโรงงาน แบบแปลนอาคารและการติดตั้งเครื่องจักร",
                "originals": 1,
                "copies": 0,
                "unit": "set",
            },
            {"group": "other", "name": "สำเนาใบอนุญาตก่อสร้างอาคาร", "originals": 0, "copies": 1},
            POWER_OF_ATTORNEY,
        ],
        "fees": [
            (
                "ค่าธรรมเนียมใบอนุญาตประกอบกิจการโรงงาน (รายปี)",
                "50000.00",
                "baht",
                True,
                "ตามขนาดเครื่องจักร ตั้งแต่ 500 บาท ถึง 50,000 บาท ตามอัตราท้ายกฎกระทรวงกำหนดค่าธรรมเนียมเกี่ยวกับโรงงาน",
            )
        ],
        "complaints": [
            {"channel": "กรมโรงงานอุตสาหกรรม", "website": "https://www.diw.go.th", "note": "โทร 0 2202 4000"},
            COMPLAINT_1111,
            COMPLAINT_PACC,
        ],
        "forms": [("แบบคำขอรับใบอนุญาตประกอบกิจการโรงงาน (แบบ ร.ง.3)", "https://www.diw.go.th", "")],
    },
    LANDS,
    {
        "procedure": "การจดทะเบียนจัดตั้งบริษัทจำกัด [N]",
        "agency": "14004000",
        "author": "author",
        "ministry": "14000000",
        "criteria": (
            "ผู้เริ่มก่อการตั้งแต่ 2 คนขึ้นไปจัดทำหนังสือบริคณห์สนธิ จัดประชุมจัดตั้งบริษัท และยื่นขอจดทะเบียนภายใน "
            "3 เดือนนับแต่วันประชุมจัดตั้งบริษัท ชื่อบริษัทต้องได้รับการจองไว้แล้ว\n\n" + DEFICIENCY_NOTE
        ),
        "total": (1, "hour"),
        "channels": [
            {
                "kind": "in_person",
                "place": "กองทะเบียนธุรกิจ กรมพัฒนาธุรกิจการค้า",
                "address": "เลขที่ 563 ถนนนนทบุรี ตำบลบางกระสอ อำเภอเมืองนนทบุรี จังหวัดนนทบุรี 11000",
                "phone": "1570",
                **OFFICE_HOURS,
            },
            {
                "kind": "online",
                "place": "ระบบจดทะเบียนนิติบุคคลทางอิเล็กทรอนิกส์ (DBD e-Registration)",
                "website": "https://www.dbd.go.th",
                "hours_24": True,
                "note": "ดำเนินการในวันและเวลาทำการถัดไป",
            },
            {
                "kind": "postal",
                "place": "กองทะเบียนธุรกิจ กรมพัฒนาธุรกิจการค้า",
                "address": "เลขที่ 563 ถนนนนทบุรี ตำบลบางกระสอ อำเภอเมืองนนทบุรี จังหวัดนนทบุรี 11000",
                "hours_24": True,
                "note": "เมื่อได้รับเอกสารนั้น ๆ",
            },
        ],
        "steps": [
            ("check", "ตรวจสอบคำขอจดทะเบียนและเอกสารประกอบ", 20, "กองทะเบียนธุรกิจ กรมพัฒนาธุรกิจการค้า", "minute"),
            ("consider", "นายทะเบียนพิจารณารับจดทะเบียน", 30, "กองทะเบียนธุรกิจ กรมพัฒนาธุรกิจการค้า", "minute"),
            ("sign", "นายทะเบียนลงนามและออกหนังสือรับรอง", 10, "กองทะเบียนธุรกิจ กรมพัฒนาธุรกิจการค้า", "minute"),
        ],
        "documents": [
            IDCARD,
            {"group": "other", "name": "แบบ บอจ.1 คำขอจดทะเบียนบริษัทจำกัด", "originals": 1, "copies": 0},
            {"group": "other", "name": "หนังสือบริคณห์สนธิ (แบบ บอจ.2)", "originals": 1, "copies": 0},
            {"group": "other", "name": "สำเนาบัญชีรายชื่อผู้ถือหุ้น (แบบ บอจ.5)", "originals": 0, "copies": 1},
            POWER_OF_ATTORNEY,
            PROXY_ID,
        ],
        "fees": [
            (
                "ค่าธรรมเนียมจดทะเบียนจัดตั้งบริษัท",
                "250000.00",
                "baht",
                True,
                "ทุนจดทะเบียนทุก 100,000 บาท ค่าธรรมเนียม 500 บาท ขั้นต่ำ 5,000 บาท สูงสุด 250,000 บาท",
            )
        ],
        "complaints": [
            {"channel": "ศูนย์บริการข้อมูลธุรกิจ กรมพัฒนาธุรกิจการค้า", "website": "https://www.dbd.go.th", "note": "สายด่วน 1570"},
            COMPLAINT_1111,
        ],
        "forms": [("แบบ บอจ.1 และคำอธิบายการกรอก", "https://www.dbd.go.th", "")],
    },
]


@transaction.atomic
def create_from_spec(spec, procedure, agency, author, ministry: Agency | None = None, **fields) -> Handbook:
    """A draft handbook with every row of `spec` (the shape of HANDBOOKS' entries); `fields` override the
    handbook's own (e.g. criteria, note). The steps' responsible ministry is `ministry`, else spec["ministry"]."""
    value, unit = spec["total"]
    handbook = Handbook.objects.create(
        procedure=procedure,
        agency=agency,
        author=author,
        updated_by=author,
        reference_name=reference_name(procedure, author),
        **{
            "criteria": spec["criteria"],
            "total_time_value": value,
            "total_time_unit": unit,
            "note": "คู่มือตัวอย่างสำหรับการสาธิตระบบ",
            **fields,
        },
    )
    ministry = ministry or Agency.objects.get(code=spec["ministry"])
    for i, channel in enumerate(spec["channels"]):
        ServiceChannel.objects.create(handbook=handbook, position=i, **channel)
    for i, step in enumerate(spec["steps"]):
        kind, detail, duration, point = step[:4]
        step_unit = step[4] if len(step) > 4 else unit
        Step.objects.create(
            handbook=handbook,
            position=i,
            kind=kind,
            detail=detail,
            duration_value=duration,
            duration_unit=step_unit,
            responsible_ministry=ministry,
            receiving_point=point,
        )
    for i, document in enumerate(spec["documents"]):
        Document.objects.create(handbook=handbook, position=i, **document)
    for i, (description, amount, fee_unit, is_range, note) in enumerate(spec["fees"]):
        Fee.objects.create(
            handbook=handbook,
            position=i,
            description=description,
            amount=amount,
            unit=fee_unit,
            is_range=is_range,
            note=note,
        )
    for i, complaint in enumerate(spec["complaints"]):
        ComplaintChannel.objects.create(handbook=handbook, position=i, **complaint)
    for i, (name, url, note) in enumerate(spec["forms"]):
        FormSample.objects.create(handbook=handbook, position=i, name=name, url=url, note=note)
    audit.record("handbooks.handbook.created", obj=handbook, actor=author, data={"demo": True})
    return handbook


def load(stdout) -> None:
    User = get_user_model()
    created = 0
    for spec in HANDBOOKS:
        procedure = Procedure.objects.filter(name=spec["procedure"]).first()
        if procedure is None:
            stdout.write(f"ข้ามคู่มือตัวอย่าง: ไม่พบกระบวนงาน “{spec['procedure']}”")
            continue
        agency = Agency.objects.filter(code=spec["agency"]).first()
        author = User.objects.filter(username=spec["author"]).first()
        if agency is None or author is None:
            stdout.write(f"ข้ามคู่มือตัวอย่าง: ไม่พบหน่วยงานหรือผู้จัดทำของ “{spec['procedure']}”")
            continue
        if Handbook.objects.filter(procedure=procedure, agency=agency).exists():
            continue
        create_from_spec(spec, procedure, agency, author)
        created += 1
    stdout.write(f"คู่มือสำหรับประชาชน {len(HANDBOOKS)} ฉบับ (สร้างใหม่ {created})")
