"""There is no Docker engine here: check that the compose file lines up with the settings."""

from pathlib import Path

import environ
import yaml

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def test_the_stack_has_its_five_services():
    assert set(SERVICES) == {"db", "redis", "web", "worker", "beat"}


def test_every_service_is_started_again_when_it_exits():
    assert {name: service.get("restart") for name, service in SERVICES.items()} == dict.fromkeys(
        SERVICES, "unless-stopped"
    )


def test_db_is_postgres_16_with_a_named_volume_and_healthcheck():
    db = SERVICES["db"]
    assert db["image"] == "postgres:16"
    volume = db["volumes"][0].split(":")[0]
    assert volume in COMPOSE["volumes"]
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])


def test_redis_never_evicts_queued_tasks():
    redis = SERVICES["redis"]
    assert redis["image"] == "redis:7"
    command = redis["command"]
    assert command[command.index("--maxmemory-policy") + 1] == "noeviction"


def test_app_services_share_settings_that_point_at_the_db_and_broker():
    db_env = SERVICES["db"]["environment"]
    for name in ("web", "worker", "beat"):
        env = SERVICES[name]["environment"]
        assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
        database = environ.Env.db_url_config(env["DATABASE_URL"])
        assert database["ENGINE"] == "django.db.backends.postgresql"
        assert (database["HOST"], database["NAME"]) == ("db", db_env["POSTGRES_DB"])
        assert (database["USER"], database["PASSWORD"]) == (db_env["POSTGRES_USER"], db_env["POSTGRES_PASSWORD"])
        assert env["CELERY_BROKER_URL"].startswith("redis://redis:6379/")
        assert env["REDIS_URL"].startswith("redis://redis:6379/")
        for var in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DJANGO_DEBUG"):
            assert var in env
        assert SERVICES[name]["depends_on"]["db"]["condition"] == "service_healthy"


def test_commands_run_the_right_processes():
    web = SERVICES["web"]["command"]
    assert "migrate" in web and "gunicorn config.wsgi:application" in web
    assert SERVICES["worker"]["command"][:4] == ["celery", "-A", "config", "worker"]
    beat = SERVICES["beat"]["command"]
    assert beat[:4] == ["celery", "-A", "config", "beat"]
    assert "django_celery_beat.schedulers:DatabaseScheduler" in beat


def test_every_variable_the_compose_file_sets_is_read_by_the_settings():
    settings_text = "".join(p.read_text() for p in (ROOT / "config" / "settings").glob("*.py"))
    env = SERVICES["web"]["environment"]
    for var in env:
        assert f'"{var}"' in settings_text or var == "DJANGO_SETTINGS_MODULE", var


def test_dockerfile_installs_the_pinned_requirements_and_serves_with_gunicorn():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install --no-cache-dir -r requirements.txt" in dockerfile
    assert "gunicorn" in dockerfile
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            assert "==" in line, f"unpinned requirement: {line}"


def test_the_image_build_can_load_the_production_settings():
    """The Dockerfile's collectstatic runs with the production settings and only the variables it sets there."""
    import os
    import re
    import subprocess
    import sys

    line = next(x for x in (ROOT / "Dockerfile").read_text().splitlines() if "collectstatic" in x and "RUN" in x)
    build_env = dict(re.findall(r"(\w+)=(\S+)", line.split("python manage.py")[0]))
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_", "DATABASE_"))}
    environment.update(build_env, DJANGO_SETTINGS_MODULE="config.settings.production")
    code = "import django; django.setup()"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]


def compose_environment(service: str, given: dict[str, str]) -> dict[str, str]:
    """The service's environment as compose would pass it, with `given` as the shell's variables: ${VAR:-default}
    takes the default, and ${VAR:?message} is an error (compose refuses to start)."""
    import re

    def value(match: re.Match) -> str:
        name, kind, rest = match["name"], match["kind"], match["rest"]
        if given.get(name):
            return given[name]
        if kind == ":?":
            raise LookupError(f"{name}: {rest}")
        return rest

    pattern = re.compile(r"\$\{(?P<name>\w+)(?P<kind>:-|:\?)(?P<rest>[^}]*)\}")
    return {k: pattern.sub(value, str(v)) for k, v in SERVICES[service]["environment"].items()}


def test_the_secret_key_must_be_given_and_has_no_public_default():
    import pytest

    with pytest.raises(LookupError, match="DJANGO_SECRET_KEY"):
        compose_environment("web", {})
    assert "SSL_REDIRECT" not in " ".join(SERVICES["web"]["environment"])  # production's default (on) holds


def test_check_deploy_is_clean_on_the_compose_environment():
    """`manage.py check --deploy` with the web service's environment as compose builds it (the database and cache
    hosts pointed at this machine's)."""
    import os
    import secrets
    import subprocess
    import sys

    environment = compose_environment("web", {"DJANGO_SECRET_KEY": secrets.token_urlsafe(50)})
    environment.update(DATABASE_URL="sqlite:///:memory:", REDIS_URL="redis://127.0.0.1:6379/1")
    kept = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_", "DATABASE_", "CELERY_"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env={**kept, **environment}, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    assert "System check identified no issues" in result.stdout
