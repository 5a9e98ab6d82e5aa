import pytest

from tests.factories import UserFactory


@pytest.fixture
def publish():
    """publish(handbook): submitted by its author and approved (status published), through the transitions."""

    def _publish(handbook):
        approver = UserFactory(username=f"publisher_{handbook.agency_id}", agency=handbook.agency, is_approver=True)
        handbook.submit(handbook.author)
        version = handbook.approve(approver)
        handbook.refresh_from_db()
        return version

    return _publish


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
