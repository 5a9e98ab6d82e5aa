"""factory_boy factories for the core models. Apps add theirs in tests/<app>/factories.py."""

import factory
from django.contrib.auth import get_user_model

from portal.models import Agency

PASSWORD = "Test-Password-2569"  # noqa: S105


def _agency_code(agency, n: int) -> str:
    """A code Agency.clean() accepts for the agency's level and parent (90000000 is the default ministry's)."""
    serial = f"{n % 999 + 1:03d}"  # never 000, which would repeat the parent's own code
    if agency.level_kind == Agency.Level.MINISTRY:
        return f"9{n % 9 + 1}000000"  # only ten ministry codes start with 9: pass `code` to make more in one test
    if agency.parent is None:
        return f"{90 + n // 999 % 10:02d}{serial}000"
    if agency.level_kind == Agency.Level.DEPARTMENT:
        return f"{agency.parent.code[:2]}{serial}000"
    return f"{agency.parent.code[:5]}{serial}"


class AgencyFactory(factory.django.DjangoModelFactory):
    """An agency that passes the tree's rules with its defaults: a department under the test ministry 90000000.

    Tests that need a particular agency pass its `code` (and get the same row when they ask twice)."""

    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"หน่วยงานทดสอบ {n}")
    level_kind = Agency.Level.DEPARTMENT
    parent = factory.Maybe(
        factory.LazyAttribute(lambda agency: agency.level_kind != Agency.Level.MINISTRY),
        yes_declaration=factory.SubFactory(
            "tests.factories.AgencyFactory", code="90000000", name="กระทรวงทดสอบ", level_kind=Agency.Level.MINISTRY
        ),
        no_declaration=None,
    )
    code = factory.LazyAttributeSequence(_agency_code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "ทดสอบ"
    last_name = factory.Sequence(lambda n: f"ผู้ใช้{n}")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])


class LawFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "laws.Law"

    title = factory.Sequence(lambda n: f"พระราชบัญญัติทดสอบฉบับที่ {n} พ.ศ. 2560")
    kind = "act"
    year_be = 2560


class ProcedureFactory(factory.django.DjangoModelFactory):
    """A procedure that meets every rule P1–P9 (owner at department level, name ends with [N], area ส่วนกลาง)."""

    class Meta:
        model = "procedures.Procedure"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"การขออนุญาตทดสอบลำดับที่ {n} [N]")
    category = "permit"

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        from procedures.models import ServiceArea

        if create:
            self.areas.set(extracted or ServiceArea.objects.filter(code="central"))

    @factory.post_generation
    def laws(self, create, extracted, **kwargs):
        from procedures.models import ProcedureLaw

        if not create:
            return
        for position, law in enumerate(extracted if extracted is not None else [LawFactory()]):
            ProcedureLaw.objects.create(procedure=self, law=law, position=position)


class HandbookFactory(factory.django.DjangoModelFactory):
    """A handbook with one row of each kind that meets every rule H1–H9 (pass rows=N for N rows of each kind)."""

    class Meta:
        model = "handbooks.Handbook"
        skip_postgeneration_save = True

    procedure = factory.SubFactory(ProcedureFactory, agency=factory.SelfAttribute("..agency"))
    reference_name = factory.LazyAttribute(lambda o: f"{o.procedure.name} ทดสอบ")
    criteria = "ผู้ขอต้องมีสัญชาติไทย"
    total_time_value = 30
    total_time_unit = "minute"

    @factory.post_generation
    def rows(self, create, extracted, **kwargs):
        if not create:
            return
        add_rows(self, extracted if extracted is not None else 1)


def add_rows(handbook, count: int) -> None:
    """Give `handbook` `count` valid rows of every repeating section."""
    import datetime

    from handbooks.models import ComplaintChannel, Document, Fee, FormSample, ServiceChannel, Step

    ministry = handbook.agency.ministry()  # H4: steps name a ministry-level agency and the receiving point
    for i in range(count):
        ServiceChannel.objects.create(
            handbook=handbook,
            position=i,
            kind="in_person",
            place=f"สำนักงานทดสอบ {i}",
            day_from=1,
            day_to=5,
            open_time=datetime.time(8, 30),
            close_time=datetime.time(16, 30),
            lunch_break=True,
        )
        Step.objects.create(
            handbook=handbook,
            position=i,
            kind="check",
            detail=f"ตรวจสอบเอกสาร {i}",
            duration_value=30,
            responsible_ministry=ministry,
            receiving_point=f"จุดรับคำขอ {i}",
        )
        Document.objects.create(handbook=handbook, position=i, group="other", name=f"เอกสารประกอบ {i}", originals=1)
        Fee.objects.create(handbook=handbook, position=i, description=f"ค่าคำขอ {i}", amount=5)
        ComplaintChannel.objects.create(handbook=handbook, position=i, channel=f"ศูนย์รับเรื่องร้องเรียน {i}")
        FormSample.objects.create(handbook=handbook, position=i, name=f"แบบคำขอ {i}", url="https://example.go.th/form")
