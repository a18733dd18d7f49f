import shutil
from pathlib import Path

import pytest
from django.test import TestCase
from rest_framework.test import APIClient

from briefs.demo import DEMO_GARDEN
from briefs.services import garden_import

SEED = "000_b07bc5ee88bbd8ea.txt"
TIMELINE = "russian-history-iii-khrushchev-era-timeline.md"
FAQ = "russian-history-iii-khrushchev-faq.md"
STUDY_GUIDE = "russian-history-iii-khrushchev-study-guide.md"
SLUGS = {
    SEED: "russian-history-iii-khrushchev-s-rise-to-power-and-leadership-brief",
    TIMELINE: "russian-history-iii-khrushchev-era-timeline",
    FAQ: "russian-history-iii-khrushchev-faq",
    STUDY_GUIDE: "russian-history-iii-khrushchev-study-guide",
}


def sample_bytes(name: str) -> bytes:
    return (DEMO_GARDEN / name).read_bytes()


@pytest.fixture
def garden_dir(tmp_path) -> Path:
    """A writable copy of the demo garden."""
    target = tmp_path / "garden"
    shutil.copytree(DEMO_GARDEN, target)
    return target


@pytest.fixture
def imported(db):
    report = garden_import(paths=[DEMO_GARDEN])
    assert report.created == 4, report.files
    return report


def write_note(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def api_import(client: APIClient, files: list, **data) -> dict:
    """POST notes to the import endpoint, let the queued import run (a test's transaction never commits), and
    read the import back: its report."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post("/api/v1/briefs/import/", {"files": files, **data}, format="multipart")
    assert response.status_code == 202, response.content
    job = client.get(f"/api/v1/briefs/imports/{response.json()['id']}/")
    assert job.status_code == 200
    return job.json()
