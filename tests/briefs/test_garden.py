"""Gardens (issue 27): tags, wikilinks across the garden, images, and the warnings of the import report."""

import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from briefs.images import MAX_IMAGE_BYTES, ImageIndex, ImageRefused, clean_image
from briefs.models import Brief, MissingLink, Tag
from briefs.services import garden_import, import_notes
from briefs.sources import from_uploads, images_from_uploads
from tests.briefs.conftest import write_note
from tests.briefs.garden import image_bytes

pytestmark = pytest.mark.django_db


def note(title: str, body: str = "", tags: str = "") -> str:
    """A study note the parser classifies (one theme), so that only the garden's own warnings are reported."""
    front = f"tags: [{tags}]\n" if tags else ""
    return f"---\ndg-publish: true\n{front}---\n# {title}\n\n{body}\n\n## Key Themes\n\n- The theme of {title}.\n"


def warnings_of(report) -> dict[str, list[str]]:
    return {f.name.rsplit("/", 1)[-1]: f.warnings for f in report.files}


# --------------------------------------------------------------------------- tags


def test_frontmatter_and_body_tags_become_brief_tags_and_are_replaced_on_reimport(tmp_path):
    path = write_note(tmp_path, "Thaw.md", note("The Thaw", "Khrushchev's reforms. #history/russia", "Cold-War, exam"))
    garden_import(paths=[tmp_path])
    brief = Brief.objects.get()
    assert sorted(brief.tags.values_list("name", flat=True)) == ["cold-war", "exam", "history/russia"]
    path.write_text(note("The Thaw", "No body tag now.", "exam, revision"), encoding="utf-8")
    assert garden_import(paths=[tmp_path]).updated == 1
    assert sorted(brief.tags.values_list("name", flat=True)) == ["exam", "revision"]
    assert Tag.objects.filter(name="cold-war").exists()  # tags stay for other briefs; only the link went


# --------------------------------------------------------------------------- links


def _linked_garden(folder, *, linker_first: bool):
    """Two notes, the one with links imported first or second (folder names sort the import)."""
    a, b = ("1/linker.md", "2/Target Note.md") if linker_first else ("2/linker.md", "1/Target Note.md")
    links = "See [[target note]], [[The Thaw|the thaw]], [[CW#Key Themes]], [[Cold War]] and [[Nowhere]]."
    write_note(folder, a, note("Linker", links))
    target = "---\ndg-publish: true\naliases: [CW]\ntitle: The Thaw\n---\n"
    target += "# Cold War\n\n## Key Themes\n\n- Containment.\n"
    write_note(folder, b, target)
    return a.split("/")[1], b.split("/")[1]


@pytest.mark.parametrize("linker_first", [True, False])
def test_links_resolve_across_the_garden_in_either_order(tmp_path, linker_first):
    linker, target = _linked_garden(tmp_path, linker_first=linker_first)
    report = garden_import(paths=[tmp_path])
    assert report.created == 2
    # By file name, title and alias, whatever the case; a first heading is not a name ("Cold War"), and a link
    # to no note is kept and reported for its file.
    brief = Brief.objects.get(title="Linker")
    assert list(brief.missing_links.values_list("target", flat=True)) == ["Cold War", "Nowhere"]
    assert warnings_of(report) == {
        linker: ["link [[Cold War]]: no note has this name", "link [[Nowhere]]: no note has this name"],
        target: [],
    }


def test_a_later_import_resolves_the_links_of_an_earlier_one(tmp_path):
    (tmp_path / "one").mkdir()
    write_note(tmp_path / "one", "linker.md", note("Linker", "See [[Détente]]."))
    first = garden_import(paths=[tmp_path / "one"])
    assert warnings_of(first) == {"linker.md": ["link [[Détente]]: no note has this name"]}
    write_note(tmp_path / "two", "DÉTENTE.md", note("Relaxation"))
    second = garden_import(paths=[tmp_path / "two"])
    assert warnings_of(second) == {"DÉTENTE.md": []}
    assert not MissingLink.objects.exists()


def test_links_render_to_the_brief_and_heading_and_missing_ones_to_a_span(tmp_path):
    _linked_garden(tmp_path, linker_first=True)
    garden_import(paths=[tmp_path])
    target = Brief.objects.get(title="The Thaw")
    html = Brief.objects.get(title="Linker").html
    assert f'href="/briefs/{target.slug}/"' in html and "the thaw" in html
    assert f'href="/briefs/{target.slug}/#user-content-key-themes"' in html
    assert "wikilink-missing" in html and "Nowhere" in html and 'href="Nowhere' not in html


# --------------------------------------------------------------------------- images


def _zip(files: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def _import_zip(files: dict) -> object:
    uploads = [("garden.zip", _zip(files))]
    return import_notes(from_uploads(uploads), dry_run=False, images=images_from_uploads(uploads))


def test_images_of_a_zip_are_stored_re_encoded_under_a_hash_and_missing_or_fake_ones_reported():
    photo = image_bytes("JPEG", exif=b"Exif\x00\x00GPS secret")
    report = _import_zip({
        "garden/notes/unit.md": note("Unit", "![[map.png]] ![Photo](img/photo.jpg) ![[fake.png]] ![[gone.png]]"),
        "garden/attachments/map.png": image_bytes("PNG"),
        "garden/notes/img/photo.jpg": photo,
        "garden/attachments/fake.png": b"<?php echo 'not an image'; ?>",
    })  # fmt: skip
    assert warnings_of(report)["unit.md"] == [
        "image fake.png: not a PNG, JPEG, GIF or WebP image",
        "image gone.png: not found in the import",
    ]
    urls = Brief.objects.get().image_urls
    assert urls["fake.png"] == "" and urls["gone.png"] == ""
    assert urls["map.png"].startswith("/media/garden/") and urls["map.png"].endswith(".png")
    stored = default_storage.open(urls["img/photo.jpg"].removeprefix("/media/")).read()
    assert b"GPS secret" not in stored and Image.open(io.BytesIO(stored)).format == "JPEG"
    assert "garden/notes" not in urls["img/photo.jpg"]  # never the upload's path


def test_markdown_images_render_with_their_stored_url_and_alt():
    _import_zip({"n.md": note("N", "![A map of Europe](map.png)"), "map.png": image_bytes()})
    brief = Brief.objects.get()
    assert f'<img src="{brief.image_urls["map.png"]}" alt="A map of Europe">' in brief.html


def test_clean_image_refuses_too_large_bombs_and_other_types():
    with pytest.raises(ImageRefused, match="larger than 5 MB"):
        clean_image(b"\x89PNG" + b"0" * MAX_IMAGE_BYTES)
    with pytest.raises(ImageRefused, match="pixels"):
        clean_image(image_bytes("PNG", size=(6000, 5000)))
    with pytest.raises(ImageRefused, match="not a PNG"):
        clean_image(image_bytes("BMP"))
    with pytest.raises(ImageRefused, match="damaged"):
        clean_image(image_bytes("JPEG", size=(300, 300))[:1000])
    assert clean_image(image_bytes("WEBP")).suffix == "webp"
    assert clean_image(image_bytes("GIF")).name == clean_image(image_bytes("GIF")).name  # content-hash name


def test_image_references_resolve_as_obsidian_does():
    index = ImageIndex(["a/img/x.png", "b/x.png", "x.png", "a/Map Of Europe.PNG"])
    assert index.resolve("img/x.png", note_path="a/n.md") == "a/img/x.png"  # relative to the note
    assert index.resolve("b/x.png", note_path="a/n.md") == "b/x.png"  # from the garden's root
    assert index.resolve("x.png", note_path="b/n.md") == "b/x.png"  # by name, nearest first
    assert index.resolve("x.png", note_path="c/n.md") == "x.png"  # by name, shortest path
    assert index.resolve("map%20of%20europe.png", note_path="z.md") == "a/Map Of Europe.PNG"
    assert index.resolve("../../etc/passwd.png", note_path="a/n.md") is None
    assert index.resolve("https://example.com/x.png", note_path="a/n.md") is None


def test_a_folder_import_finds_images_in_the_folder(tmp_path):
    write_note(tmp_path, "notes/n.md", note("N", "![[chart.png]]"))
    write_note(tmp_path, "files/chart.png", image_bytes())
    report = garden_import(paths=[tmp_path])
    assert warnings_of(report) == {"n.md": []}
    assert Brief.objects.get().image_urls["chart.png"].startswith("/media/garden/")


# --------------------------------------------------------------------------- the report


def test_parser_problems_are_warnings_and_the_file_still_imports(tmp_path):
    write_note(tmp_path, "n.md", "---\ndg-publish: true\n---\n# N\n\nJust prose.\n\n## Random stuff\n\n- one\n- two\n")
    report = garden_import(paths=[tmp_path])
    assert report.created == 1
    assert warnings_of(report) == {
        "n.md": [
            "section “Random stuff” is not a kind of study section; kept as text",
            "no study sections found (key themes, glossary, timeline, FAQ…); imported as a plain note",
        ]
    }


def test_dry_run_reports_image_warnings_and_stores_nothing(tmp_path):
    write_note(tmp_path, "n.md", note("N", "![[fake.png]]"))
    write_note(tmp_path, "fake.png", b"GIF89a but not really")
    report = garden_import(paths=[tmp_path], dry_run=True)
    assert warnings_of(report)["n.md"][0].startswith("image fake.png: ")
    assert not Brief.objects.exists()


def test_unchanged_garden_writes_nothing_and_reports_unchanged(tmp_path, django_assert_max_num_queries):
    _linked_garden(tmp_path, linker_first=True)
    write_note(tmp_path, "pic.md", note("Pic", "![[p.png]] #tagged"))
    write_note(tmp_path, "p.png", image_bytes())
    garden_import(paths=[tmp_path])
    with django_assert_max_num_queries(3):  # one look-up per note, nothing else
        report = garden_import(paths=[tmp_path])
    assert report.summary() == "created 0, updated 0, unchanged 3, failed 0"


def test_import_queries_do_not_grow_with_links_tags_and_images(tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(n: int) -> int:
        folder = tmp_path / str(n)
        links = " ".join(f"[[Note {i}]] #tag{i} ![[p{i}.png]]" for i in range(n))
        write_note(folder, f"note-{n}.md", note(f"Note {n}", links, ", ".join(f"t{n}-{i}" for i in range(n))))
        for i in range(n):
            write_note(folder, f"p{i}.png", image_bytes(size=(i + 1, 1)))
        with CaptureQueriesContext(connection) as ctx:
            garden_import(paths=[folder])
        return len(ctx.captured_queries)

    assert queries(1) == queries(30)


def test_the_command_prints_the_warnings_of_a_file_that_imported(tmp_path):
    from django.core.management import call_command

    write_note(tmp_path, "n.md", note("N", "![[gone.png]]"))
    out, err = io.StringIO(), io.StringIO()
    call_command("import_garden", str(tmp_path), stdout=out, stderr=err)
    assert "n.md: warning: image gone.png: not found in the import" in err.getvalue()
    assert "created 1" in out.getvalue()
