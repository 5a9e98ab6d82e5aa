"""Demo agencies and officials. Real Thai ministries and departments; codes follow the 2+3+3 shape."""

from django.contrib.auth import get_user_model

from .models import Agency

L = Agency.Level

# (code, Thai name, English name, level, parent code)
AGENCIES = [
    ("01000000", "สำนักนายกรัฐมนตรี", "Office of the Prime Minister", L.MINISTRY, None),
    (
        "01015000",
        "สำนักงานคณะกรรมการพัฒนาระบบราชการ (สำนักงาน ก.พ.ร.)",
        "Office of the Public Sector Development Commission",
        L.DEPARTMENT,
        "01000000",
    ),
    ("03000000", "กระทรวงการคลัง", "Ministry of Finance", L.MINISTRY, None),
    ("03007000", "กรมสรรพากร", "The Revenue Department", L.DEPARTMENT, "03000000"),
    ("14000000", "กระทรวงพาณิชย์", "Ministry of Commerce", L.MINISTRY, None),
    ("14003000", "กรมการค้าภายใน", "Department of Internal Trade", L.DEPARTMENT, "14000000"),
    ("14004000", "กรมพัฒนาธุรกิจการค้า", "Department of Business Development", L.DEPARTMENT, "14000000"),
    ("14004001", "กองทะเบียนธุรกิจ", "Business Registration Division", L.DIVISION, "14004000"),
    (
        "14004002",
        "สำนักงานพัฒนาธุรกิจการค้าจังหวัดเชียงใหม่",
        "DBD Chiang Mai Provincial Office",
        L.REGIONAL,
        "14004000",
    ),
    ("15000000", "กระทรวงมหาดไทย", "Ministry of Interior", L.MINISTRY, None),
    ("15003000", "กรมการปกครอง", "Department of Provincial Administration", L.DEPARTMENT, "15000000"),
    ("15003001", "ที่ทำการปกครองอำเภอเมืองเชียงใหม่", "Mueang Chiang Mai District Office", L.REGIONAL, "15003000"),
    ("15007000", "กรมที่ดิน", "Department of Lands", L.DEPARTMENT, "15000000"),
    ("15007001", "สำนักงานที่ดินจังหวัดเชียงใหม่", "Chiang Mai Provincial Land Office", L.REGIONAL, "15007000"),
    ("15008000", "กรมส่งเสริมการปกครองท้องถิ่น", "Department of Local Administration", L.DEPARTMENT, "15000000"),
    ("15008001", "เทศบาลนครเชียงใหม่", "Chiang Mai City Municipality", L.LOCAL, "15008000"),
    (
        "15008002",
        "องค์การบริหารส่วนจังหวัดขอนแก่น",
        "Khon Kaen Provincial Administrative Organization",
        L.LOCAL,
        "15008000",
    ),
    (
        "15008003",
        "องค์การบริหารส่วนตำบลบางพลีใหญ่",
        "Bang Phli Yai Subdistrict Administrative Organization",
        L.LOCAL,
        "15008000",
    ),
    ("15008004", "เทศบาลนครนนทบุรี", "Nonthaburi City Municipality", L.LOCAL, "15008000"),
    ("21000000", "กระทรวงสาธารณสุข", "Ministry of Public Health", L.MINISTRY, None),
    ("21010000", "สำนักงานคณะกรรมการอาหารและยา", "Food and Drug Administration", L.DEPARTMENT, "21000000"),
    ("22000000", "กระทรวงอุตสาหกรรม", "Ministry of Industry", L.MINISTRY, None),
    ("22002000", "กรมโรงงานอุตสาหกรรม", "Department of Industrial Works", L.DEPARTMENT, "22000000"),
    ("22002001", "กองควบคุมโรงงาน", "Factory Control Division", L.DIVISION, "22002000"),
    (
        "22005000",
        "สำนักงานมาตรฐานผลิตภัณฑ์อุตสาหกรรม",
        "Thai Industrial Standards Institute",
        L.DEPARTMENT,
        "22000000",
    ),
]

DEMO_PASSWORD = "Demo-Portal-2569"  # noqa: S105  # nosec B105 - local demo accounts, listed in the README

# username, first name, last name, agency code, roles
USERS = [
    ("admin", "ผู้ดูแล", "ระบบ", "01015000", {"is_staff": True, "is_superuser": True}),
    ("author", "สมชาย", "ใจดี", "14004000", {"is_author": True}),
    ("approver", "สมหญิง", "รักงาน", "14004000", {"is_approver": True}),
    ("central", "ประเสริฐ", "พัฒนาราชการ", "01015000", {"is_approver": True, "is_central_approver": True}),
    ("author_diw", "วิชัย", "โรงงานดี", "22002000", {"is_author": True}),
    ("author_dol", "มาลี", "ที่ดินงาม", "15007000", {"is_author": True}),
    ("author_local", "อรุณี", "เชียงใหม่", "15008001", {"is_author": True}),
    ("approver_moi", "บุญมี", "มหาดไทย", "15000000", {"is_approver": True}),
]


def load(stdout) -> None:
    by_code: dict[str, Agency] = {}
    for code, name, name_en, level, parent_code in AGENCIES:
        agency = Agency.objects.filter(code=code).first() or Agency(code=code)
        agency.name, agency.name_en, agency.level_kind = name, name_en, level
        agency.parent = by_code[parent_code] if parent_code else None
        agency.save()
        by_code[code] = agency
    User = get_user_model()
    for username, first, last, code, roles in USERS:
        user, created = User.objects.get_or_create(username=username)
        user.first_name, user.last_name, user.agency = first, last, by_code[code]
        user.email = f"{username}@demo.info.go.th"
        for field, value in roles.items():
            setattr(user, field, value)
        if created:
            user.set_password(DEMO_PASSWORD)
        user.save()
    stdout.write(f"หน่วยงาน {len(AGENCIES)} แห่ง, ผู้ใช้งาน {len(USERS)} คน")
