"""docker-compose.yml runs N web nodes (`docker compose up --scale web=2`): migrations once in a one-shot service,
web replicas with nothing that must be unique, nginx balancing them by the service name. There is no Docker engine
in CI: the file is checked here, the nodes themselves run natively in tests/deploy/test_two_nodes.py."""

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def services():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["services"]


def test_migrations_run_once_before_every_web_replica(services):
    migrate, web = services["migrate"], services["web"]
    assert "manage.py migrate" in migrate["command"] and migrate["restart"] == "no"
    assert "migrate" not in web["command"] and "gunicorn" in web["command"]
    assert web["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert migrate["build"] == web["build"]


def test_web_scales_shares_its_files_and_nginx_balances_it_by_name(services):
    web = services["web"]
    assert not {"container_name", "ports", "hostname"} & set(web)  # two replicas would collide
    assert web["environment"]["FILE_STORAGE"] == "${FILE_STORAGE:-database}"
    assert "server web:8000;" in (ROOT / "deploy" / "nginx.conf").read_text()
    assert services["nginx"]["depends_on"]["web"]["condition"] == "service_healthy"


def _compose_command() -> list[str] | None:
    """`docker compose` (the plugin) or Debian's `docker-compose` (1.29, which .ci/run installs): either checks the
    file's schema and interpolation without a Docker engine."""
    docker = shutil.which("docker")
    if docker and not subprocess.run([docker, "compose", "version"], capture_output=True).returncode:  # noqa: S603
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def test_docker_compose_accepts_the_file_when_the_client_is_here(tmp_path):
    command = _compose_command()
    if command is None:
        pytest.skip("ไม่มี docker compose ในเครื่องนี้ / no docker compose client here: the file is checked above")
    # A copy beside a .env of its own: the file names .env for every service, and a user's real .env stays unread.
    shutil.copy(ROOT / "docker-compose.yml", tmp_path / "docker-compose.yml")
    (tmp_path / ".env").write_text("POSTGRES_PASSWORD=x\nSECRET_KEY=x\n")
    result = subprocess.run(  # noqa: S603
        [*command, "-f", str(tmp_path / "docker-compose.yml"), "config", "-q"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    (tmp_path / ".env").write_text("SECRET_KEY=x\n")  # the file refuses to start without a database password
    refused = subprocess.run(  # noqa: S603
        [*command, "-f", str(tmp_path / "docker-compose.yml"), "config", "-q"], capture_output=True, text=True
    )
    assert refused.returncode != 0 and "POSTGRES_PASSWORD" in refused.stderr
