"""Demo procedures: four real ones, created by the demo authors of `portal.demo`. Idempotent (agency + name).

The handbook demo looks these up by their exact names.
"""

from django.contrib.auth import get_user_model

from laws.models import Law, normalise_title
from portal.models import Agency

from .models import Procedure, ProcedureLaw, ServiceArea, TimeUnit

P = Procedure

PROCEDURES = [
    {
        "name": "การจดทะเบียนพาณิชย์ (ตั้งใหม่) ตามพระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. 2499 กรณีผู้ขอจดทะเบียนเป็นบุคคลธรรมดา [N]",
        "agency": "14004000",
        "author": "author",
        "category": P.Category.REGISTER,
        "scope": P.Scope.REGIONAL_LOCAL,
        "linkage": P.Linkage.SINGLE,
        "impact": P.Impact.GENERAL,
        "areas": ["central", "regional", "local"],
        "laws": ["พระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. 2499"],
        "legal_time_law": "กฎกระทรวงพาณิชย์ ฉบับที่ 3 (พ.ศ. 2540) ออกตามความในพระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. 2499",
        "legal_time_value": 0,
        "legal_time_unit": TimeUnit.MINUTE,
    },
    {
        "name": "การขออนุญาตประกอบกิจการโรงงาน (ร.ง.4) [N]",
        "agency": "22002000",
        "author": "author_diw",
        "category": P.Category.PERMIT,
        "scope": P.Scope.CENTRAL,
        "linkage": P.Linkage.SINGLE,
        "impact": P.Impact.SIGNIFICANT,
        "areas": ["central", "regional"],
        "laws": [
            "พระราชบัญญัติโรงงาน พ.ศ. 2535",
            "กฎกระทรวงกำหนดแบบคำขออนุญาตประกอบกิจการโรงงาน พ.ศ. 2563",
        ],
        "legal_time_law": "พระราชบัญญัติโรงงาน พ.ศ. 2535",
        "legal_time_value": 30,
        "legal_time_unit": TimeUnit.DAY,
    },
    {
        "name": "จดทะเบียนประเภทโอนอสังหาริมทรัพย์กรณีไม่ต้องประกาศ [N]",
        "agency": "15007000",
        "author": "author_dol",
        "category": P.Category.REGISTER,
        "scope": P.Scope.CENTRAL,
        "linkage": P.Linkage.SINGLE,
        "impact": P.Impact.GENERAL,
        "areas": ["central", "regional"],
        "laws": ["ประมวลกฎหมายที่ดิน"],
        "legal_time_law": "",
        "legal_time_value": 0,
        "legal_time_unit": TimeUnit.MINUTE,
    },
    {
        "name": "การจดทะเบียนจัดตั้งบริษัทจำกัด [N]",
        "agency": "14004000",
        "author": "author",
        "category": P.Category.REGISTER,
        "scope": P.Scope.CENTRAL,
        "linkage": P.Linkage.SINGLE,
        "impact": P.Impact.GENERAL,
        "areas": ["central"],
        "laws": ["ประมวลกฎหมายแพ่งและพาณิชย์"],
        "legal_time_law": "ประมวลกฎหมายแพ่งและพาณิชย์",
        "legal_time_value": 1,
        "legal_time_unit": TimeUnit.DAY,
    },
]


FIELDS = ("category", "scope", "linkage", "impact", "legal_time_law", "legal_time_value", "legal_time_unit")


def load(stdout) -> None:
    User = get_user_model()
    created = 0
    for spec in PROCEDURES:
        agency = Agency.objects.get(code=spec["agency"])
        author = User.objects.filter(username=spec["author"]).first()
        fields = {
            key: spec[key]
            for key in (
                "category",
                "scope",
                "linkage",
                "impact",
                "legal_time_law",
                "legal_time_value",
                "legal_time_unit",
            )
        }
        procedure, was_created = Procedure.objects.get_or_create(
            agency=agency, name=spec["name"], defaults={**fields, "created_by": author, "updated_by": author}
        )
        if not was_created:
            continue
        created += 1
        procedure.areas.set(ServiceArea.objects.filter(code__in=spec["areas"]))
        for position, title in enumerate(spec["laws"]):
            law = Law.objects.get(title_key=normalise_title(title))
            ProcedureLaw.objects.create(procedure=procedure, law=law, position=position)
    stdout.write(f"กระบวนงาน {len(PROCEDURES)} รายการ (สร้างใหม่ {created})")
