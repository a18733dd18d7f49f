import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from briefs.demo import DEMO_GARDEN
from briefs.models import Brief
from tests.briefs.conftest import write_note

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def run(*args, **options):
    out, err = StringIO(), StringIO()
    call_command("import_garden", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_import_then_reimport_prints_counts():
    out, err = run(str(DEMO_GARDEN))
    assert out.strip() == "created 4, updated 0, unchanged 0, failed 0" and err == ""
    out, _ = run(str(DEMO_GARDEN))
    assert out.strip() == "created 0, updated 0, unchanged 4, failed 0"


def test_dry_run_says_so_and_stores_nothing():
    out, _ = run(str(DEMO_GARDEN), dry_run=True)
    assert out.strip() == "created 4, updated 0, unchanged 0, failed 0 (dry run)"
    assert not Brief.objects.exists()


def test_verbose_lists_every_file():
    out, _ = run(str(DEMO_GARDEN), verbosity=2)
    assert out.count("created: ") == 4


def test_failures_name_the_file_on_stderr_and_raise_command_error(tmp_path):
    write_note(tmp_path, "good.md", "# Good\n")
    write_note(tmp_path, "empty.md", "")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import_garden", str(tmp_path), stdout=out, stderr=err)
    assert exc.value.returncode == 1
    assert f"{tmp_path / 'empty.md'}: empty file" in err.getvalue()
    assert "created 1, updated 0, unchanged 0, failed 1" in out.getvalue()


def manage(*args, env_db: Path) -> subprocess.CompletedProcess:
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": f"sqlite:///{env_db}",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)


def test_exit_status_and_no_traceback_from_the_real_command(tmp_path):
    """The command as a shell runs it: exit status 0, then 1 with bad files, never a traceback."""
    db = tmp_path / "db.sqlite3"
    assert manage("migrate", "-v0", env_db=db).returncode == 0
    good = manage("import_garden", str(DEMO_GARDEN), env_db=db)
    assert good.returncode == 0 and "created 4" in good.stdout
    bad = tmp_path / "bad"
    write_note(bad, "binary.md", b"\x00\x01\x02binary")
    write_note(bad, "badfront.md", "---\n: [\n---\n# x\n")
    write_note(bad, "huge.md", "# h\n" + "x" * (3 * 1024 * 1024))
    result = manage("import_garden", str(bad), str(tmp_path / "missing.md"), env_db=db)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    for name in ("binary.md", "badfront.md", "huge.md", "missing.md"):
        assert name in result.stderr
    assert "failed 4" in result.stdout
