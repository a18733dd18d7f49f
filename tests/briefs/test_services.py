import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from briefs import sources
from briefs.demo import DEMO_GARDEN, load_demo
from briefs.models import Brief, StudyItem, Topic
from briefs.services import garden_import, import_notes, normalize_permalink, permalink_from_path
from briefs.sources import MAX_NOTE_BYTES, ImportTooLarge
from tests.briefs.conftest import SEED, SLUGS, TIMELINE, sample_bytes, write_note

pytestmark = pytest.mark.django_db

NOTE = "---\ndg-publish: true\npermalink: /course/unit-ii/{slug}/\n---\n# {title}\n\n## Key Themes\n\n- **A:** b\n"


def statuses(report) -> dict[str, str]:
    return {f.name.rsplit("/", 1)[-1]: f.status for f in report.files}


def test_demo_garden_imports_every_kind(imported):
    assert imported.summary() == "created 4, updated 0, unchanged 0, failed 0"
    kinds = dict(Brief.objects.values_list("slug", "kind"))
    assert kinds == {
        SLUGS[SEED]: "briefing",
        "russian-history-iii-khrushchev-study-guide": "study_guide",
        "russian-history-iii-khrushchev-era-timeline": "timeline",
        "russian-history-iii-khrushchev-faq": "faq",
    }
    brief = Brief.objects.get(slug=SLUGS[TIMELINE])
    assert brief.items.filter(kind="event").count() == 16
    assert brief.published and brief.frontmatter["dg-publish"] is True
    assert brief.source_name.endswith(TIMELINE)
    assert "Encyclopædia" in Brief.objects.get(slug=SLUGS[SEED]).html


def test_topic_tree_from_permalink_folders(imported):
    brief = Brief.objects.select_related("topic__parent").get(slug=SLUGS[TIMELINE])
    assert brief.topic.name == "Russian History III"
    assert brief.topic.parent.name == "Russian History"
    assert brief.topic.path == (
        "network-school/lectures-quizzes-and-references/briefs-timelines-and-study-guides/"
        "russian-history/russian-history-iii"
    )
    root = Topic.objects.get(parent=None)
    assert root.name == "Network School"
    assert Topic.objects.count() == 5  # the four notes share one folder chain


def test_reimport_is_unchanged_and_writes_nothing(imported, django_assert_max_num_queries):
    before = {b.pk: b.updated_at for b in Brief.objects.all()}
    with django_assert_max_num_queries(4):  # one look-up per note
        report = garden_import(paths=[DEMO_GARDEN])
    assert report.summary() == "created 0, updated 0, unchanged 4, failed 0"
    assert {b.pk: b.updated_at for b in Brief.objects.all()} == before


def test_changed_note_is_updated_in_place(garden_dir):
    garden_import(paths=[garden_dir])
    brief = Brief.objects.get(slug=SLUGS[TIMELINE])
    path = garden_dir / TIMELINE
    path.write_text(path.read_text().replace("## Cast of Characters", "## Notes"), encoding="utf-8")
    report = garden_import(paths=[garden_dir])
    assert report.summary() == "created 0, updated 1, unchanged 3, failed 0"
    brief.refresh_from_db()
    assert brief.items.count() == 16 and not brief.items.filter(kind="character").exists()
    assert list(brief.items.values_list("position", flat=True)) == list(range(1, 17))


def test_dry_run_stores_nothing(garden_dir):
    report = garden_import(paths=[garden_dir], dry_run=True)
    assert report.summary() == "created 4, updated 0, unchanged 0, failed 0 (dry run)"
    assert not Brief.objects.exists() and not Topic.objects.exists()


def bad_garden(folder):
    write_note(folder, "good.md", NOTE.format(slug="good", title="Good"))
    write_note(folder, "empty.md", "")
    write_note(folder, "binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    write_note(folder, "badfront.md", "---\ntitle: [unclosed\n---\n# T\n")
    write_note(folder, "huge.md", "# Huge\n\n" + "- fact\n" * (MAX_NOTE_BYTES // 7 + 1))
    write_note(folder, "only-frontmatter.markdown", "---\ndg-publish: true\n---\n")
    write_note(folder, "image.png", b"\x89PNG")  # attachments are skipped, not failures
    write_note(folder, ".obsidian/workspace.md", "# hidden")


def test_bad_files_fail_by_name_and_the_others_import(tmp_path):
    bad_garden(tmp_path)
    report = garden_import(paths=[tmp_path])
    assert statuses(report) == {
        "badfront.md": "failed",
        "binary.md": "failed",
        "empty.md": "failed",
        "good.md": "created",
        "huge.md": "failed",
        "only-frontmatter.markdown": "failed",
    }
    reasons = {f.name.rsplit("/", 1)[-1]: f.reason for f in report.failures}
    assert "invalid frontmatter" in reasons["badfront.md"]
    assert "binary" in reasons["binary.md"]
    assert "empty" in reasons["empty.md"]
    assert "larger than 1024 KB" in reasons["huge.md"]
    assert list(Brief.objects.values_list("slug", flat=True)) == ["good"]
    assert Topic.objects.count() == 2


def test_missing_path_and_unsupported_file_fail(tmp_path):
    image = write_note(tmp_path, "image.png", b"\x89PNG")
    report = garden_import(paths=[tmp_path / "nope", image])
    assert [f.reason for f in report.failures] == [
        "no such file or directory",
        "not a note (.md, .markdown, .txt) or a .zip archive",
    ]


def test_note_without_permalink_gets_one_from_its_path(tmp_path):
    write_note(tmp_path, "World History/Unit II/The Cold War.md", "# The Cold War\n\nText.\n")
    garden_import(paths=[tmp_path])
    brief = Brief.objects.get()
    assert (brief.permalink, brief.slug, brief.published) == (
        "/world-history/unit-ii/the-cold-war/",
        "the-cold-war",
        False,
    )
    assert brief.topic.name == "Unit II" and brief.topic.parent.name == "World History"


def test_same_slug_under_another_permalink_fails_cleanly(tmp_path):
    write_note(tmp_path, "a.md", NOTE.format(slug="intro", title="A"))
    write_note(tmp_path, "b.md", NOTE.replace("unit-ii", "unit-iii").format(slug="intro", title="B"))
    report = garden_import(paths=[tmp_path])
    assert statuses(report) == {"a.md": "created", "b.md": "failed"}
    assert report.failures[0].reason == "slug intro is already used by /course/unit-ii/intro/"
    assert not Topic.objects.filter(slug="unit-iii").exists()  # its transaction rolled back
    assert Brief.objects.get().title == "A"


def test_two_files_with_one_permalink_in_a_run(tmp_path):
    write_note(tmp_path, "a.md", NOTE.format(slug="same", title="A"))
    write_note(tmp_path, "b.md", NOTE.format(slug="same", title="B"))
    report = garden_import(paths=[tmp_path])
    assert statuses(report) == {"a.md": "created", "b.md": "failed"}
    assert "same permalink" in report.failures[0].reason


def test_a_failed_file_keeps_nothing(tmp_path, monkeypatch):
    write_note(tmp_path, "a.md", NOTE.format(slug="a", title="A"))

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("briefs.models.StudyItem.objects.bulk_create", broken)
    report = garden_import(paths=[tmp_path])
    assert report.failures[0].reason == "unexpected error: disk on fire"
    assert not Brief.objects.exists() and not Topic.objects.exists()


@pytest.mark.parametrize(
    ("raw", "permalink"),
    [
        ("/a/b/", "/a/b/"),
        ("a/b", "/a/b/"),
        ("https://garden.example/a/B C/", "/a/b-c/"),
        ("//a//b//", "/a/b/"),
        ("/a/../b/", None),
        ("/", None),
        ("/!!!/", None),
        ("/" + "x" * 201 + "/", None),
    ],
)
def test_normalize_permalink(raw, permalink):
    assert normalize_permalink(raw) == permalink


def test_permalink_from_path():
    assert permalink_from_path("History/The Thaw.md") == "/History/The Thaw/"
    assert normalize_permalink(permalink_from_path("History/The Thaw.md")) == "/history/the-thaw/"


# --------------------------------------------------------------------------- archives and uploads


def zip_bytes(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_archive_imports_its_notes(tmp_path):
    members = {f"garden/{p.name}": p.read_bytes() for p in DEMO_GARDEN.iterdir()}
    members["garden/image.png"] = b"\x89PNG"
    members["__MACOSX/garden/._x.md"] = b"\x00\x05"
    archive = tmp_path / "garden.zip"
    archive.write_bytes(zip_bytes(members))
    report = garden_import(paths=[archive])
    assert report.summary() == "created 4, updated 0, unchanged 0, failed 0"
    assert all(f.name.startswith(f"{archive}:garden/") for f in report.files)
    assert garden_import(paths=[archive]).unchanged == 4


def test_zip_slip_members_are_refused(tmp_path):
    archive = tmp_path / "evil.zip"
    note = NOTE.format(slug="x", title="X").encode()
    archive.write_bytes(zip_bytes({"../../etc/evil.md": note, "/abs.md": note, "C:/win.md": note, "ok.md": note}))
    report = garden_import(paths=[archive])
    assert [f.reason for f in report.failures] == ["unsafe path in archive"] * 3
    assert report.created == 1


def test_zip_bomb_member_is_refused(tmp_path):
    archive = tmp_path / "bomb.zip"
    archive.write_bytes(zip_bytes({"bomb.md": b"# a\n" + b"a" * (MAX_NOTE_BYTES * 4)}))
    assert archive.stat().st_size < 100_000
    report = garden_import(paths=[archive])
    assert report.failures[0].reason == "larger than 1024 KB, the limit for one note"
    assert not Brief.objects.exists()


def test_zip_with_too_many_members_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("briefs.sources.MAX_ZIP_MEMBERS", 3)
    archive = tmp_path / "many.zip"
    archive.write_bytes(zip_bytes({f"n{i}.md": b"# n" for i in range(4)}))
    report = garden_import(paths=[archive])
    assert [(f.name, f.reason) for f in report.files] == [(str(archive), "archive holds more than 3 files")]


def test_an_import_expanding_beyond_its_limit_is_refused_before_any_work(tmp_path, monkeypatch):
    monkeypatch.setattr("briefs.sources.MAX_IMPORT_BYTES", 100)
    archive = tmp_path / "wide.zip"
    archive.write_bytes(zip_bytes({f"n{i}.md": NOTE.format(slug=f"n{i}", title="N").encode() for i in range(3)}))
    with pytest.raises(ImportTooLarge, match="limit is 0 MB per import"):
        garden_import(paths=[archive])
    assert not Brief.objects.exists()


def test_corrupt_zip_fails_by_name(tmp_path):
    archive = write_note(tmp_path, "broken.zip", b"PK\x03\x04 not really")
    report = garden_import(paths=[archive])
    assert [(f.name, f.reason) for f in report.files] == [(str(archive), "not a valid .zip archive")]


def test_uploads_of_notes_and_archives():
    files = [
        SimpleUploadedFile(SEED, sample_bytes(SEED)),
        SimpleUploadedFile("garden.zip", zip_bytes({TIMELINE: sample_bytes(TIMELINE)})),
        SimpleUploadedFile("empty.md", b""),
        SimpleUploadedFile("photo.jpg", b"\xff\xd8"),
    ]
    found = sources.from_uploads((f.name, f.read()) for f in files)
    report = import_notes(found, dry_run=False)
    assert [(f.name, f.status) for f in report.files] == [
        (SEED, "created"),
        (f"garden.zip:{TIMELINE}", "created"),
        ("empty.md", "failed"),
        ("photo.jpg", "failed"),
    ]


def test_load_demo_is_idempotent():
    load_demo()
    load_demo()
    assert Brief.objects.count() == 4
    assert StudyItem.objects.count() == 17 + 23 + 3 + 23


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the search vector exists on PostgreSQL only")
def test_search_vector_is_stored_on_postgresql(imported):
    assert not Brief.objects.filter(search_vector=None).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_asynchronous_commit_is_only_for_the_import(garden_dir):
    """Outside a test transaction the import relaxes commit durability, and restores it afterwards."""
    report = garden_import(paths=[garden_dir])
    assert report.created == 4
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"
    assert Brief.objects.get(slug=SLUGS[TIMELINE]).search_vector is not None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_search_vector_follows_an_update(garden_dir):
    from briefs.selectors import brief_search

    garden_import(paths=[garden_dir])
    path = garden_dir / TIMELINE
    path.write_text(path.read_text().replace("Gagarin", "Tereshkova"), encoding="utf-8")
    garden_import(paths=[garden_dir])
    assert not brief_search(qs=Brief.objects.all(), query="Gagarin").exists()
    assert brief_search(qs=Brief.objects.all(), query="Tereshkova").get().slug == SLUGS[TIMELINE]


def test_gin_index_only_on_postgresql():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Brief._meta.db_table)
    gin = [name for name, info in constraints.items() if info.get("type") == "gin"]
    assert gin == (["brief_search_gin"] if connection.vendor == "postgresql" else [])


def test_reserved_slug_is_refused(tmp_path):
    write_note(tmp_path, "import.md", "# Import\n")
    report = garden_import(paths=[tmp_path])
    assert report.failures[0].reason == "the last segment of the permalink /import/ is reserved"
