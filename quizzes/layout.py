"""What one attempt shows of a question, fixed when it starts: pure functions, no ORM.

A layout entry is `{"id": question_id, "options": [[shown_id, option_id], ...], "rights": [[right_id, text], ...]}`:

* `options`: the choices (single, multiple), items (ordering) or left items (matching) in the order this attempt
  shows them, each under a random id of its own. The student only ever sees and sends those ids: the stored
  option ids rise in the author's order (the key's order, for ordering), so showing them gave the key away.
* `rights`: matching only, the right-hand texts in their own shuffled order, each under a random id.

Lists, not objects, because PostgreSQL's jsonb does not keep key order."""

import secrets
from dataclasses import replace
from random import Random

from quizzes.types import QuestionData

ID_LIMIT = 2**31 - 1  # shown ids fit a 32-bit signed integer, as clients may expect


def new_entry(question_id: int, question: QuestionData, *, shuffle: bool, rng: Random, used: set[int]) -> dict:
    """A layout entry for `question` (its choices carry their stored ids). `used`: the ids this attempt has
    handed out already, so that no two of its options share one."""
    choices = question.choices
    if question.type == "matching":
        choices = [c for c in choices if c.text.strip()]
    shown = [c.id for c in choices] if question.type in ("single", "multiple", "ordering", "matching") else []
    # Ordering items are always shuffled (their stored order is the key); a uniform shuffle, which may show the key
    # itself: avoiding it would tell a student with two items that the key is the reverse of what they see.
    if shuffle or question.type == "ordering":
        rng.shuffle(shown)
    entry = {"id": question_id, "options": [[_opaque_id(used), option_id] for option_id in shown], "rights": []}
    if question.type == "matching":
        texts = list(dict.fromkeys(c.match for c in question.choices if c.match.strip()))
        rng.shuffle(texts)  # the right-hand side always has its own order
        entry["rights"] = [[_opaque_id(used), text] for text in texts]
    return entry


def _opaque_id(used: set[int]) -> int:
    """A random id, unguessable and unrelated to any stored id or to the key."""
    while True:
        value = secrets.randbelow(ID_LIMIT) + 1
        if value not in used:
            used.add(value)
            return value


def shown_ids(entry: dict) -> dict[int, int]:
    """option id → the id this attempt shows for it."""
    return {option_id: shown for shown, option_id in entry.get("options", [])}


def rights(entry: dict) -> dict[int, str]:
    """Matching: right-hand id → text, as this attempt shows them."""
    return dict(entry.get("rights", []))


def as_shown(question: QuestionData, entry: dict) -> QuestionData:
    """The question with each choice under the id this attempt shows: what its answers are checked and graded
    against, and its key written in. A choice the attempt does not show (a matching distractor) gets a negative
    id, which no answer can name."""
    ids = shown_ids(entry)
    choices = [replace(c, id=ids.get(c.id, -n)) for n, c in enumerate(question.choices, start=1)]
    return replace(question, choices=choices)
