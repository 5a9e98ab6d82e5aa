"""Demo laws: the real laws that the demo procedures cite. Idempotent (looked up by the normalised title)."""

from .models import Law, normalise_title

K = Law.Kind

# title, kind, year B.E., link (the Office of the Council of State's law site)
LAWS = [
    ("พระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. 2499", K.ACT, 2499, ""),
    ("พระราชบัญญัติโรงงาน พ.ศ. 2535", K.ACT, 2535, ""),
    ("ประมวลกฎหมายที่ดิน", K.OTHER, 2497, ""),
    ("ประมวลกฎหมายแพ่งและพาณิชย์", K.OTHER, 2468, ""),
    ("กฎกระทรวงกำหนดแบบคำขออนุญาตประกอบกิจการโรงงาน พ.ศ. 2563", K.MINISTERIAL_REGULATION, 2563, ""),
    (
        "กฎกระทรวงพาณิชย์ ฉบับที่ 3 (พ.ศ. 2540) ออกตามความในพระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. 2499",
        K.MINISTERIAL_REGULATION,
        2540,
        "",
    ),
    ("พระราชบัญญัติการอำนวยความสะดวกในการพิจารณาอนุญาตของทางราชการ พ.ศ. 2558", K.ACT, 2558, ""),
]


def load(stdout) -> None:
    created = 0
    for title, kind, year, url in LAWS:
        law = Law.objects.filter(title_key=normalise_title(title)).first()
        if law is None:
            Law.objects.create(title=title, kind=kind, year_be=year, url=url)
            created += 1
    stdout.write(f"กฎหมาย {len(LAWS)} ฉบับ (สร้างใหม่ {created})")
