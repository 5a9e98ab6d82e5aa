"""Demo laws: the real laws that the demo procedures cite, a few of them overdue for review (section 6) and one due
soon, so that the review page and the notices on procedure and handbook pages have something to show.
Idempotent (looked up by the normalised title)."""

import datetime

from .models import REVIEW_YEARS, Law, local_date, normalise_title

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

# Days from the day the demo is loaded to the law's next review (negative: that many days overdue). The other laws
# keep the dates of their entry into the registry (reviewed today, next review in REVIEW_YEARS years).
NEXT_REVIEW_IN_DAYS = {
    "พระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. 2499": -120,
    "พระราชบัญญัติโรงงาน พ.ศ. 2535": -30,
    "ประมวลกฎหมายที่ดิน": -400,
    "กฎกระทรวงกำหนดแบบคำขออนุญาตประกอบกิจการโรงงาน พ.ศ. 2563": 45,
}


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def review_dates(title: str, today: datetime.date) -> dict:
    """The demo's review dates for `title`, or {} for a law that keeps those of its entry."""
    if title not in NEXT_REVIEW_IN_DAYS:
        return {}
    next_review_on = today + datetime.timedelta(days=NEXT_REVIEW_IN_DAYS[title])
    return {"reviewed_on": _years_before(next_review_on, REVIEW_YEARS), "next_review_on": next_review_on}


def load(stdout) -> None:
    created = 0
    today = local_date()
    for title, kind, year, url in LAWS:
        law = Law.objects.filter(title_key=normalise_title(title)).first()
        if law is None:
            Law.objects.create(title=title, kind=kind, year_be=year, url=url, **review_dates(title, today))
            created += 1
        elif (dates := review_dates(title, today)) and law.reviewed_on == local_date(law.created_at):
            # A demo database from before the review dates: the law still carries the dates of its entry (never
            # refreshed since). Once moved, its dates differ from that day and a later run leaves them.
            if not law.refreshes.exists():
                Law.objects.filter(pk=law.pk).update(**dates)
    stdout.write(f"กฎหมาย {len(LAWS)} ฉบับ (สร้างใหม่ {created}, เลยกำหนดทบทวน {Law.objects.overdue(today).count()})")
