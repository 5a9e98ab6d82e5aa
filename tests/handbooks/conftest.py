import pytest
from django.utils import timezone

from handbooks.snapshot import build_snapshot, handbook_queryset


@pytest.fixture
def publish():
    """publish(handbook): give it a live version as the approvals app would (status published)."""
    from handbooks.workflow import HandbookVersion

    def _publish(handbook):
        snap = build_snapshot(handbook_queryset().get(pk=handbook.pk))
        version = HandbookVersion.objects.create(handbook=handbook, number=1, snapshot=snap, approved_at=timezone.now())
        type(handbook).objects.filter(pk=handbook.pk).update(live_version=version, status="published")
        handbook.refresh_from_db()
        return version

    return _publish


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
