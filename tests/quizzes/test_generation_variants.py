"""Issue 28 over the note layouts of the garden issue (tests/briefs/notes/): each sample's generated quiz keeps every
rule, and its mix is pinned. The samples are small (two to four items), so are their quizzes."""

from collections import Counter
from pathlib import Path

import pytest

from briefs.parsing import parse_note
from quizzes.generation import generate_questions
from tests.quizzes.generation_checks import quiz_problems
from tests.quizzes.generation_shapes import _items

NOTES = Path(__file__).resolve().parents[1] / "briefs" / "notes"
EXPECTED = {
    "bare-json-frontmatter": {},
    "cold-war-faq": {"single": 1, "true_false": 1},
    "faq-bold-list": {"single": 1, "true_false": 1},
    "faq-q-a-pairs": {"single": 1, "true_false": 1},
    "glossary-bullets": {"short_answer": 1, "single": 1, "true_false": 1},
    "glossary-deflist": {"short_answer": 1, "single": 1, "true_false": 1},
    "glossary-table": {"short_answer": 1, "single": 1, "true_false": 1},
    "nested-lists": {"single": 1, "true_false": 1},
    "obsidian": {"true_false": 1},
    "random-stuff": {},
    "timeline-headings": {"numerical": 1, "single": 1, "true_false": 1},
    "timeline-table": {"numerical": 1, "single": 1, "true_false": 1},
    "toml-frontmatter": {"single": 1},
}


def test_every_sample_layout_is_pinned():
    assert {p.stem for p in NOTES.glob("*.md")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_layout_gives_its_mix_and_keeps_every_rule(name):
    note = parse_note((NOTES / f"{name}.md").read_bytes(), source_name=f"{name}.md")
    items = _items(note, 1)
    pairs = generate_questions(items, title=note.title, topic_items=[])
    questions = [q for q, _ in pairs]
    assert dict(Counter(q.type for q in questions)) == EXPECTED[name]
    assert quiz_problems(questions) == []
    linked = [link for q, link in pairs if q.type not in ("ordering", "matching")]
    assert len(linked) == len(set(linked)) and set(linked) <= {i.id for i in items}  # one question per item
