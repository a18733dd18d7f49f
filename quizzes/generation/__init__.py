"""Questions generated from a brief's study items: pure functions over plain data (no ORM).

`generate_questions(items, title=...)` returns `(question, study item id)` pairs. Every item kind asks what it
holds, auto-graded (essays only from essay prompts):

* **term**: "Which term is defined as…" (single choice, or typed when the term is short) and "What does … mean?",
  the other terms (or definitions) as distractors; one matching question over four to six terms.
* **question / faq** with an answer: single choice, the key being the answer's first sentence and the distractors
  the answers to other questions that do not also fit (they ask about another year and other things); a short
  answer (four words or fewer) can be typed, with its variants ("the", "20th" or "Twentieth") accepted; a yes/no
  question becomes true/false.
* **quote**: who said it (when its label is a person of the brief or topic), else what it was about.
* **character**: "Who was this?"; one matching question of people and roles.
* **event**: "Which came first?" (or last) and "X happened before Y" (true/false), never between events whose
  dates could overlap; an ordering of four or five events for every ten; "in which year" (typed, or picked among
  near years).
* **theme / fact**: the label from its text, the siblings' labels as distractors; a fact's year as for events.

Distractors come from the brief, else its topic (`topic_items`), are of the item's kind, and are never equal or
equivalent to the answer or to each other. Every ask can take several forms (single choice, true/false, short
answer); `quizzes.generation.mix` picks one per item so that no type is over half the quiz and "in which year"
at most a third, and asks each item's fact once.

Deterministic: the only randomness comes from a Random seeded with the seed (the brief's title by default) and the
item, so regenerating gives the same quiz and editing one item does not reshuffle the others. A question built
from several items (ordering, matching) is linked to its first item.

Prompts are content, not interface text, so they are plain English strings (like the brief)."""

from __future__ import annotations

from collections.abc import Sequence

from quizzes.generation.build import Candidate
from quizzes.generation.groups import matching_candidate, ordering_candidates
from quizzes.generation.kinds import Context, item_candidates, timeline_events
from quizzes.generation.mix import compose
from quizzes.generation.text import BLANK, ItemData
from quizzes.types import QuestionData

Pair = tuple[QuestionData, int | None]

__all__ = ["BLANK", "Candidate", "ItemData", "Pair", "alternatives", "generate_questions", "plan"]


def plan(items: Sequence[ItemData], *, seed: str, topic_items: Sequence[ItemData] = ()) -> list[Candidate]:
    """The chosen candidates, in the brief's order (`Candidate.item` indexes `items`)."""
    ctx = Context(items=list(items), topic=list(topic_items), seed=seed)
    events = timeline_events(ctx)
    singles = {i: item_candidates(ctx, i, item, events) for i, item in enumerate(ctx.items)}
    families = [ordering_candidates(ctx, events)]
    families += [[c] for kind in ("term", "character") if (c := matching_candidate(ctx, kind)) is not None]
    return compose(singles, [family for family in families if family])


def generate_questions(
    items: Sequence[ItemData], *, title: str, topic_items: Sequence[ItemData] = (), seed: str | None = None
) -> list[Pair]:
    """The quiz the items support, each question with the id of the study item it came from."""
    chosen = plan(items, seed=title if seed is None else seed, topic_items=topic_items)
    return [(c.question, items[c.item].id) for c in chosen]


def alternatives(
    items: Sequence[ItemData], *, index: int, title: str, topic_items: Sequence[ItemData] = (), seed: str | None = None
) -> list[QuestionData]:
    """Every single-item question `items[index]` supports, best first: "another question from this item"."""
    ctx = Context(items=list(items), topic=list(topic_items), seed=title if seed is None else seed)
    return [c.question for c in item_candidates(ctx, index, ctx.items[index], timeline_events(ctx))]
