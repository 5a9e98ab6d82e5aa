"""The fields of the API's answers, with their descriptions in Thai and English, for the OpenAPI schema.

The answers themselves are built as plain data (`opendata.documents`, `opendata.views`); these serializers
describe them field by field. tests/opendata checks that passing an answer through its serializer changes nothing,
so a field added to a document without a line here (or the reverse) fails.
"""

from __future__ import annotations

from rest_framework import serializers as s


def d(thai: str, english: str) -> str:
    return f"{thai} — {english}"


class AgencyRefSerializer(s.Serializer):
    id = s.IntegerField(help_text=d("รหัสหน่วยงานในระบบ", "Agency id"))
    name = s.CharField(help_text=d("ชื่อหน่วยงานตามที่ฉบับนี้บันทึกไว้", "Agency name as this version recorded it"))
    code = s.CharField(help_text=d("รหัสหน่วยงาน 8 หลัก", "8-digit agency code"))
    chain = s.ListField(
        child=s.CharField(),
        help_text=d("ชื่อหน่วยงานต้นสังกัดจากกระทรวงลงมาถึงหน่วยงานนี้", "Names from the ministry down to this agency"),
    )
    ministry = s.CharField(help_text=d("กระทรวงต้นสังกัด", "Ministry"))
    url = s.URLField(help_text=d("ที่อยู่ของหน่วยงานใน API", "The agency in this API"))


class LawRefSerializer(s.Serializer):
    id = s.IntegerField(allow_null=True, help_text=d("รหัสกฎหมาย", "Law id"))
    title = s.CharField(help_text=d("ชื่อกฎหมาย", "Title"))
    kind_display = s.CharField(help_text=d("ประเภทกฎหมาย", "Kind of law"))
    year_be = s.IntegerField(allow_null=True, help_text=d("ปี พ.ศ.", "Year (Buddhist Era)"))
    url = s.CharField(allow_blank=True, help_text=d("ลิงก์ตัวบทกฎหมาย", "Link to the text of the law"))
    api_url = s.URLField(allow_null=True, help_text=d("ที่อยู่ของกฎหมายใน API", "The law in this API"))


class AreaSerializer(s.Serializer):
    code = s.CharField(allow_blank=True, help_text=d("รหัสพื้นที่ให้บริการ", "Service area code"))
    name = s.CharField(help_text=d("พื้นที่ให้บริการ", "Service area"))


class DurationSerializer(s.Serializer):
    value = s.IntegerField(allow_null=True, help_text=d("ระยะเวลา", "Amount of time"))
    unit = s.CharField(allow_blank=True, help_text=d("หน่วยเวลา (minute, hour, day, working_day)", "Time unit"))
    unit_display = s.CharField(allow_blank=True, help_text=d("หน่วยเวลา (ภาษาไทย)", "Time unit in Thai"))
    iso8601 = s.CharField(
        allow_null=True,
        help_text=d("ระยะเวลาแบบ ISO 8601 (วันทำการนับเป็นวัน)", "ISO 8601 duration (working days as days)"),
    )


class LegalTimeSerializer(DurationSerializer):
    law = s.CharField(allow_blank=True, help_text=d("กฎหมายที่กำหนดระยะเวลา", "Law that sets the time"))


class StatisticsSerializer(s.Serializer):
    average_per_month = s.IntegerField(allow_null=True, help_text=d("จำนวนคำขอเฉลี่ยต่อเดือน", "Requests per month"))
    max = s.IntegerField(allow_null=True, help_text=d("จำนวนคำขอที่มากที่สุด", "Most requests in a month"))
    min = s.IntegerField(allow_null=True, help_text=d("จำนวนคำขอที่น้อยที่สุด", "Fewest requests in a month"))


class ProcedureSerializer(s.Serializer):
    id = s.IntegerField(allow_null=True, help_text=d("รหัสกระบวนงาน", "Procedure id"))
    number = s.IntegerField(allow_null=True, help_text=d("เลขลำดับกระบวนงาน", "Running number"))
    name = s.CharField(help_text=d("ส่วนที่ 1 ชื่อกระบวนงาน", "Section 1: procedure name"))
    agency = AgencyRefSerializer(allow_null=True, help_text=d("ส่วนที่ 2 หน่วยงานเจ้าของกระบวนงาน", "Section 2: owner"))
    type_display = s.CharField(help_text=d("ส่วนที่ 3 ประเภทของงานบริการ", "Section 3: type of service"))
    scope = s.CharField(allow_blank=True, help_text=d("ขอบเขตการให้บริการ (central, regional_local)", "Scope"))
    linkage = s.CharField(allow_blank=True, help_text=d("ลักษณะการเชื่อมโยง (single, multi, continuing)", "Linkage"))
    category = s.CharField(allow_blank=True, help_text=d("ส่วนที่ 4 หมวดหมู่ของงานบริการ (รหัส)", "Section 4: category"))
    category_display = s.CharField(allow_blank=True, help_text=d("หมวดหมู่ของงานบริการ", "Category in Thai"))
    laws = LawRefSerializer(many=True, help_text=d("ส่วนที่ 5 กฎหมายที่ให้อำนาจการอนุญาต หรือที่เกี่ยวข้อง", "Section 5: laws"))
    impact = s.CharField(allow_blank=True, help_text=d("ส่วนที่ 6 ระดับผลกระทบ (รหัส)", "Section 6: impact"))
    impact_display = s.CharField(allow_blank=True, help_text=d("ระดับผลกระทบ", "Impact in Thai"))
    areas = AreaSerializer(many=True, help_text=d("ส่วนที่ 7 พื้นที่ให้บริการ", "Section 7: service areas"))
    legal_time = LegalTimeSerializer(
        help_text=d("ส่วนที่ 8 กฎหมายข้อบังคับ/ข้อตกลงที่กำหนดระยะเวลา", "Section 8: legally set time")
    )
    statistics = StatisticsSerializer(help_text=d("ส่วนที่ 9 ข้อมูลสถิติ", "Section 9: statistics"))


class ChannelSerializer(s.Serializer):
    kind = s.CharField(help_text=d("ช่องทาง (in_person, postal, online, one_stop, other)", "Kind of channel"))
    kind_display = s.CharField(help_text=d("ช่องทาง", "Kind of channel in Thai"))
    place = s.CharField(allow_blank=True, help_text=d("สถานที่ให้บริการ", "Place"))
    address = s.CharField(allow_blank=True, help_text=d("ที่อยู่", "Address"))
    phone = s.CharField(allow_blank=True, help_text=d("โทรศัพท์", "Telephone"))
    website = s.CharField(allow_blank=True, help_text=d("เว็บไซต์", "Website"))
    hours_24 = s.BooleanField(help_text=d("เปิดตลอด 24 ชั่วโมง", "Open 24 hours"))
    day_from = s.IntegerField(allow_null=True, help_text=d("ตั้งแต่วัน (1 = จันทร์ … 7 = อาทิตย์)", "First day (1 = Monday)"))
    day_from_display = s.CharField(allow_blank=True, help_text=d("ตั้งแต่วัน", "First day in Thai"))
    day_to = s.IntegerField(allow_null=True, help_text=d("ถึงวัน (1 = จันทร์ … 7 = อาทิตย์)", "Last day (7 = Sunday)"))
    day_to_display = s.CharField(allow_blank=True, help_text=d("ถึงวัน", "Last day in Thai"))
    except_holidays = s.BooleanField(help_text=d("ยกเว้นวันหยุดที่ทางราชการกำหนด", "Closed on official holidays"))
    open_time = s.CharField(allow_null=True, help_text=d("เวลาเปิด (HH:MM)", "Opening time"))
    close_time = s.CharField(allow_null=True, help_text=d("เวลาปิด (HH:MM)", "Closing time"))
    lunch_break = s.BooleanField(help_text=d("มีพักเที่ยง", "Closed at lunch"))
    hours_text = s.CharField(allow_blank=True, help_text=d("ระยะเวลาเปิดให้บริการตามที่คู่มือพิมพ์", "Opening hours as printed"))
    note = s.CharField(allow_blank=True, help_text=d("หมายเหตุการให้บริการ", "Note"))


class MinistryRefSerializer(s.Serializer):
    id = s.IntegerField(help_text=d("รหัสหน่วยงาน", "Agency id"))
    name = s.CharField(help_text=d("ชื่อหน่วยงานระดับกระทรวง", "Ministry-level agency"))


class StepSerializer(s.Serializer):
    kind = s.CharField(help_text=d("ขั้นตอน (check, consider, sign, other)", "Kind of step"))
    kind_display = s.CharField(help_text=d("ขั้นตอน", "Kind of step in Thai"))
    detail = s.CharField(allow_blank=True, help_text=d("รายละเอียดของขั้นตอนการบริการ", "What happens"))
    duration_value = s.IntegerField(allow_null=True, help_text=d("ระยะเวลา", "Duration"))
    duration_unit = s.CharField(allow_blank=True, help_text=d("หน่วยเวลา (minute, hour, day, working_day)", "Unit"))
    duration_unit_display = s.CharField(allow_blank=True, help_text=d("หน่วยเวลา", "Unit in Thai"))
    duration_iso8601 = s.CharField(allow_null=True, help_text=d("ระยะเวลาแบบ ISO 8601", "ISO 8601 duration"))
    responsible_ministry = MinistryRefSerializer(
        allow_null=True, help_text=d("หน่วยงานที่รับผิดชอบ (ระดับกระทรวง)", "Responsible agency (ministry level)")
    )
    receiving_point = s.CharField(allow_blank=True, help_text=d("จุดรับคำขอ / ส่วนงานที่รับผิดชอบ", "Receiving point"))
    note = s.CharField(allow_blank=True, help_text=d("หมายเหตุ", "Note"))


class DocumentSerializer(s.Serializer):
    group = s.CharField(help_text=d("กลุ่มเอกสาร (identity, other)", "Document group"))
    group_display = s.CharField(allow_blank=True, help_text=d("กลุ่มเอกสาร", "Document group in Thai"))
    name = s.CharField(help_text=d("รายการเอกสาร", "Document"))
    issued_by = s.CharField(allow_blank=True, help_text=d("หน่วยงานภาครัฐผู้ออกเอกสาร", "Issuing agency"))
    originals = s.IntegerField(help_text=d("จำนวนเอกสารฉบับจริง", "Originals"))
    copies = s.IntegerField(help_text=d("จำนวนเอกสารสำเนา", "Copies"))
    unit = s.CharField(allow_blank=True, help_text=d("หน่วยนับเอกสาร (copy, set, sheet, book)", "Counting unit"))
    unit_display = s.CharField(allow_blank=True, help_text=d("หน่วยนับเอกสาร", "Counting unit in Thai"))
    from_power_of_attorney = s.BooleanField(help_text=d("เอกสารจากการมอบอำนาจ", "Needed when acting by proxy"))
    note = s.CharField(allow_blank=True, help_text=d("หมายเหตุ", "Note"))


class FeeSerializer(s.Serializer):
    description = s.CharField(help_text=d("รายละเอียดค่าธรรมเนียม", "What the fee is for"))
    amount = s.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, help_text=d("ค่าธรรมเนียม", "Amount (decimal string)")
    )
    unit = s.CharField(allow_blank=True, help_text=d("หน่วย (baht, percent)", "Unit: baht or percent"))
    unit_display = s.CharField(allow_blank=True, help_text=d("หน่วย", "Unit in Thai"))
    currency = s.CharField(
        allow_null=True, help_text=d("สกุลเงิน (THB) หรือ null เมื่อเป็นร้อยละ", "THB, or null for a percentage")
    )
    is_range = s.BooleanField(help_text=d("ค่าธรรมเนียมเป็นช่วง (ระบุอัตราสูงสุด)", "A range: the amount is the maximum"))
    note = s.CharField(allow_blank=True, help_text=d("หมายเหตุ", "Note"))


class ComplaintSerializer(s.Serializer):
    channel = s.CharField(help_text=d("ช่องทางการร้องเรียน", "Complaint channel"))
    website = s.CharField(allow_blank=True, help_text=d("เว็บไซต์", "Website"))
    note = s.CharField(allow_blank=True, help_text=d("หมายเหตุ", "Note"))


class FormSerializer(s.Serializer):
    name = s.CharField(help_text=d("ชื่อแบบฟอร์ม", "Form"))
    url = s.CharField(allow_blank=True, help_text=d("ลิงก์ตัวอย่างการกรอกข้อมูล", "Link to a sample"))
    file_url = s.URLField(
        allow_null=True, help_text=d("ที่อยู่สาธารณะของไฟล์ที่เผยแพร่กับฉบับนี้", "Public address of the file published")
    )
    note = s.CharField(allow_blank=True, help_text=d("หมายเหตุ", "Note"))


class VersionSummarySerializer(s.Serializer):
    """A published version in brief: the version a handbook answer shows, and each item of a version list."""

    number = s.IntegerField(help_text=d("ฉบับที่", "Version number"))
    published_at = s.CharField(help_text=d("วันเวลาที่อนุมัติเผยแพร่ (ISO 8601)", "Approved at (ISO 8601)"))
    change_note = s.CharField(allow_blank=True, help_text=d("สรุปการเปลี่ยนแปลง", "Change note"))
    is_live = s.BooleanField(help_text=d("เป็นฉบับที่เผยแพร่อยู่ในปัจจุบัน", "The version citizens read now"))
    url = s.URLField(help_text=d("ฉบับนี้ใน API", "This version in the API"))
    html_url = s.URLField(help_text=d("หน้าเว็บของฉบับนี้", "This version's web page"))


class HandbookSerializer(s.Serializer):
    """A published version of a citizen handbook (คู่มือสำหรับประชาชน), sections 1–19."""

    id = s.IntegerField(help_text=d("รหัสคู่มือ", "Handbook id"))
    url = s.URLField(help_text=d("คู่มือนี้ใน API (ฉบับที่เผยแพร่อยู่)", "This handbook in the API"))
    html_url = s.URLField(help_text=d("หน้าเว็บสาธารณะของคู่มือ", "Public web page"))
    cpsv_url = s.URLField(help_text=d("คู่มือนี้ในรูปแบบ CPSV-AP JSON-LD", "As CPSV-AP JSON-LD"))
    version = VersionSummarySerializer(help_text=d("ฉบับที่แสดง", "The version shown"))
    procedure = ProcedureSerializer(help_text=d("ส่วนที่ 1–9: กระบวนงาน", "Sections 1–9: the procedure"))
    reference_name = s.CharField(help_text=d("ส่วนที่ 10 ชื่ออ้างอิงของคู่มือประชาชน", "Section 10: reference name"))
    agency = AgencyRefSerializer(allow_null=True, help_text=d("หน่วยงานที่รับผิดชอบคู่มือ", "Responsible agency"))
    channels = ChannelSerializer(many=True, help_text=d("ส่วนที่ 11 ช่องทางการให้บริการ", "Section 11: channels"))
    criteria = s.CharField(
        allow_blank=True,
        help_text=d("ส่วนที่ 12 หลักเกณฑ์ วิธีการ เงื่อนไข ในการยื่นคำขอและในการพิจารณาอนุญาต", "Section 12: criteria"),
    )
    steps = StepSerializer(many=True, help_text=d("ส่วนที่ 13 ขั้นตอน ระยะเวลา และส่วนงานที่รับผิดชอบ", "Section 13: steps"))
    total_time = DurationSerializer(help_text=d("ส่วนที่ 13 ระยะเวลาดำเนินการรวม", "Section 13: total time"))
    reduced = s.BooleanField(
        help_text=d("ส่วนที่ 14 ผ่านการดำเนินการลดขั้นตอนและระยะเวลาแล้ว", "Section 14: steps and time reduced")
    )
    documents = DocumentSerializer(
        many=True, help_text=d("ส่วนที่ 15 รายการเอกสาร หลักฐานประกอบการยื่นคำขอ", "Section 15: documents")
    )
    fees = FeeSerializer(many=True, help_text=d("ส่วนที่ 16 ค่าธรรมเนียม", "Section 16: fees"))
    complaints = ComplaintSerializer(many=True, help_text=d("ส่วนที่ 17 ช่องทางการร้องเรียน", "Section 17: complaints"))
    forms = FormSerializer(many=True, help_text=d("ส่วนที่ 18 ตัวอย่างแบบฟอร์ม ตัวอย่าง และคู่มือการกรอก", "Section 18: forms"))
    note = s.CharField(allow_blank=True, help_text=d("ส่วนที่ 19 หมายเหตุ", "Section 19: note"))


class AgencyNameSerializer(s.Serializer):
    id = s.IntegerField(allow_null=True, help_text=d("รหัสหน่วยงาน", "Agency id"))
    name = s.CharField(allow_blank=True, help_text=d("ชื่อหน่วยงาน", "Agency name"))


class HandbookSummarySerializer(s.Serializer):
    """A row of the handbook list: what the live version published, without its sections."""

    id = s.IntegerField(help_text=d("รหัสคู่มือ", "Handbook id"))
    url = s.URLField(help_text=d("คู่มือนี้ใน API", "This handbook in the API"))
    html_url = s.URLField(help_text=d("หน้าเว็บสาธารณะ", "Public web page"))
    name = s.CharField(help_text=d("ชื่อกระบวนงาน", "Procedure name"))
    reference_name = s.CharField(help_text=d("ชื่ออ้างอิงของคู่มือประชาชน", "Reference name"))
    agency = AgencyNameSerializer(help_text=d("หน่วยงานที่รับผิดชอบ", "Responsible agency"))
    category = s.CharField(allow_blank=True, help_text=d("หมวดหมู่ของงานบริการ (รหัส)", "Category code"))
    category_display = s.CharField(allow_blank=True, help_text=d("หมวดหมู่ของงานบริการ", "Category in Thai"))
    areas = s.ListField(child=s.CharField(), help_text=d("พื้นที่ให้บริการ", "Service areas"))
    version = s.IntegerField(help_text=d("ฉบับที่เผยแพร่อยู่", "Live version number"))
    published_at = s.CharField(help_text=d("วันเวลาที่อนุมัติเผยแพร่ฉบับนี้ (ISO 8601)", "Approved at (ISO 8601)"))


class VersionListSerializer(s.Serializer):
    handbook = s.URLField(help_text=d("คู่มือใน API", "The handbook in the API"))
    results = VersionSummarySerializer(many=True, help_text=d("ฉบับที่เผยแพร่ทั้งหมด ใหม่สุดก่อน", "Newest first"))


class AgencyChainSerializer(s.Serializer):
    id = s.IntegerField(help_text=d("รหัสหน่วยงาน", "Agency id"))
    name = s.CharField(help_text=d("ชื่อหน่วยงาน", "Agency name"))
    code = s.CharField(help_text=d("รหัสหน่วยงาน 8 หลัก", "8-digit code"))
    level = s.CharField(help_text=d("ระดับหน่วยงาน", "Level"))


class AgencySerializer(s.Serializer):
    id = s.IntegerField(help_text=d("รหัสหน่วยงานในระบบ", "Agency id"))
    code = s.CharField(help_text=d("รหัสหน่วยงาน 8 หลัก", "8-digit agency code"))
    name = s.CharField(help_text=d("ชื่อหน่วยงาน", "Name"))
    name_en = s.CharField(allow_blank=True, help_text=d("ชื่อภาษาอังกฤษ", "Name in English"))
    level = s.CharField(
        help_text=d("ระดับหน่วยงาน (ministry, department, division, regional, local, other)", "Level of the agency")
    )
    level_display = s.CharField(help_text=d("ระดับหน่วยงาน", "Level in Thai"))
    parent = s.IntegerField(allow_null=True, help_text=d("รหัสหน่วยงานต้นสังกัด", "Parent agency id"))
    depth = s.IntegerField(help_text=d("ลำดับชั้นในโครงสร้าง (กระทรวง = 0)", "Depth in the tree (ministry = 0)"))
    children_count = s.IntegerField(help_text=d("จำนวนหน่วยงานในสังกัดโดยตรง", "Number of direct sub-units"))
    url = s.URLField(help_text=d("หน่วยงานนี้ใน API", "This agency in the API"))
    html_url = s.URLField(help_text=d("หน้าเว็บคู่มือของหน่วยงาน", "The agency's public page"))
    handbooks_url = s.URLField(help_text=d("คู่มือของหน่วยงานนี้และหน่วยงานในสังกัด", "Handbooks of its subtree"))


class AgencyDetailSerializer(AgencySerializer):
    chain = AgencyChainSerializer(
        many=True, help_text=d("หน่วยงานต้นสังกัดจากกระทรวงลงมาถึงหน่วยงานนี้", "From the ministry down to it")
    )


class HandbookRefSerializer(s.Serializer):
    id = s.IntegerField(help_text=d("รหัสคู่มือ", "Handbook id"))
    url = s.URLField(help_text=d("คู่มือใน API", "The handbook in the API"))
    agency = s.CharField(allow_blank=True, help_text=d("หน่วยงานที่รับผิดชอบ", "Responsible agency"))


class LawProcedureSerializer(s.Serializer):
    id = s.IntegerField(help_text=d("รหัสกระบวนงาน", "Procedure id"))
    name = s.CharField(help_text=d("ชื่อกระบวนงานตามที่คู่มือฉบับที่เผยแพร่บันทึกไว้", "Procedure name as published"))
    handbooks = HandbookRefSerializer(many=True, help_text=d("คู่มือที่เผยแพร่ของกระบวนงานนี้", "Its published handbooks"))


class LawSerializer(s.Serializer):
    id = s.IntegerField(help_text=d("รหัสกฎหมาย", "Law id"))
    title = s.CharField(help_text=d("ชื่อกฎหมายตามที่คู่มือฉบับล่าสุดที่อ้างถึงบันทึกไว้", "Title as last published"))
    kind_display = s.CharField(allow_blank=True, help_text=d("ประเภทกฎหมาย", "Kind of law"))
    year_be = s.IntegerField(allow_null=True, help_text=d("ปี พ.ศ.", "Year (Buddhist Era)"))
    url = s.CharField(allow_blank=True, help_text=d("ลิงก์ตัวบทกฎหมาย", "Link to the text"))
    procedure_count = s.IntegerField(help_text=d("จำนวนกระบวนงานที่อ้างถึง", "Procedures that rely on it"))
    handbook_count = s.IntegerField(help_text=d("จำนวนคู่มือที่เผยแพร่ที่อ้างถึง", "Published handbooks citing it"))
    api_url = s.URLField(help_text=d("กฎหมายนี้ใน API", "This law in the API"))
    handbooks_url = s.URLField(help_text=d("คู่มือที่อ้างถึงกฎหมายนี้", "Handbooks citing it"))


class LawDetailSerializer(LawSerializer):
    procedures = LawProcedureSerializer(
        many=True, help_text=d("กระบวนงานที่อาศัยกฎหมายนี้ (เฉพาะที่มีคู่มือเผยแพร่)", "Procedures relying on it")
    )
