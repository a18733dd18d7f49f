"""A garden uploaded through the API is imported by a real worker, never inside the request, and its progress and
report are read back through the API."""

from django.core.files.uploadedfile import SimpleUploadedFile

from briefs.models import Brief, GardenImport
from tests.api.conftest import api
from tests.integration.conftest import wait_for

NOTE = "---\npermalink: /worker/{slug}/\n---\n# Note {slug}\n\nIn 1956 something happened.\n"


def test_an_uploaded_garden_is_imported_by_the_worker(celery_worker, teacher):
    files = [SimpleUploadedFile(f"n{i}.md", NOTE.format(slug=f"n{i}").encode()) for i in range(25)]
    files.append(SimpleUploadedFile("empty.md", b""))
    client = api(teacher)
    response = client.post("/api/v1/briefs/import/", {"files": files}, format="multipart")
    assert response.status_code == 202
    job = response.json()
    assert job["status"] in ("queued", "running", "done") and job["total"] == 26
    done = wait_for(
        lambda: (r := client.get(f"/api/v1/briefs/imports/{job['id']}/").json())["status"] == "done" and r, timeout=90
    )
    assert done, "the worker never finished the import"
    assert (done["created"], done["failed"], done["done"]) == (25, 1, 26)
    assert next(f for f in done["files"] if f["name"] == "empty.md")["reason"] == "empty file"
    assert Brief.objects.filter(permalink__startswith="/worker/").count() == 25
    assert not GardenImport.objects.get(pk=job["id"]).uploads.exists()
