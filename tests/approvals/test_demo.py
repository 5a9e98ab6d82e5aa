import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from handbooks.models import ApprovalChain, Handbook
from handbooks.workflow import HandbookVersion, Status


@pytest.mark.django_db
def test_demo_publishes_two_handbooks_leaves_one_pending_and_is_idempotent(client):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    published = Handbook.objects.filter(status=Status.PUBLISHED)
    assert published.count() == 2
    assert Handbook.objects.filter(status=Status.PENDING).count() == 1
    # Issue 13: กระทรวงพาณิชย์ publishes in two stages; its handbook waits for ก.พ.ร. after its approver agreed,
    # and ก.พ.ร. flagged the published factory handbook for correction.
    company = Handbook.objects.get(status=Status.PENDING_CENTRAL)
    assert (company.agency.get_root().code, company.endorsed_by.username) == ("14000000", "approver")
    assert ApprovalChain.objects.get(ministry__code="14000000").stages == 2
    assert list(Handbook.objects.flagged().values_list("procedure__name", flat=True)) == [
        published.get(procedure__name__contains="ประกอบกิจการโรงงาน").procedure.name
    ]
    versions = HandbookVersion.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert HandbookVersion.objects.count() == versions == 2
    assert Handbook.objects.filter(status=Status.PENDING_CENTRAL).count() == 1
    factory = published.get(procedure__name__contains="ประกอบกิจการโรงงาน")
    assert factory.live_version.approved_by.username == "central"
    land = published.get(procedure__name__contains="โอนอสังหาริมทรัพย์")
    assert land.live_version.approved_by.username == "approver_moi"
    assert client.get(reverse("public:handbook", kwargs={"pk": factory.pk})).status_code == 200
    assert [h.pk for h in client.get(reverse("public:home"), {"q": "โรงงาน"}).context["object_list"]] == [factory.pk]
