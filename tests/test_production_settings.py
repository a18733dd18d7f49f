import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_check(**env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "REDIS_URL"}
    # `check` never connects to Redis: any address will do.
    environment.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", "REDIS_URL": "redis://redis:6379/1"})
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check():
    result = run_check(
        DJANGO_SECRET_KEY="x" * 30 + "-a-long-random-production-secret", DJANGO_ALLOWED_HOSTS="example.org"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_check(DJANGO_ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_a_shared_cache():
    secret = "x" * 30 + "-a-long-random-production-secret"
    result = run_check(DJANGO_SECRET_KEY=secret, DJANGO_ALLOWED_HOSTS="example.org", REDIS_URL="")
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr
