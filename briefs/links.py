"""How `[[wikilinks]]` name notes, as Obsidian matches them: by file name (without .md), title or frontmatter
`aliases`, whatever the case. Pure: no Django."""

from __future__ import annotations

from posixpath import basename

MAX_NAME = 300
FILE, ALIAS, TITLE = 0, 1, 2  # when two notes share a name, the lower wins (models.LinkName.Source)


def link_name(text: str) -> str:
    """The name a link target or a note name is matched by: `History/Cold War.md` and `cold  war` match."""
    name = basename(str(text).replace("\\", "/")).strip()
    return fold(name[:-3] if name.lower().endswith(".md") else name)


def fold(text: str) -> str:
    return " ".join(text.split()).casefold()[:MAX_NAME]


def note_names(*, garden_path: str, title: str, frontmatter: dict) -> dict[str, int]:
    """Every name of a note → how it got it (FILE, ALIAS, TITLE), the strongest kept."""
    raw = frontmatter.get("aliases", frontmatter.get("alias")) or []
    aliases = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
    names: dict[str, int] = {}
    found = [(link_name(garden_path), FILE), *((fold(str(a)), ALIAS) for a in aliases if isinstance(a, str | int)),
             (fold(title), TITLE)]  # fmt: skip
    for name, source in found:
        if name and name not in names:
            names[name] = source
    return names
