"""What each kind of study item asks (see the package's docstring): one or more `Ask`s per item, their distractors
taken from items of the same kind in the brief first, then in its topic."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from quizzes.generation.build import Ask, Candidate, forms, pick
from quizzes.generation.dates import before, blank_year, event_text, span, year_of
from quizzes.generation.text import (
    BLANK,
    ItemData,
    blockquote,
    clean,
    content_words,
    equivalent,
    gist,
    is_short,
    key,
    mask,
    rng_for,
    years_in,
)
from quizzes.types import NumericAnswer, QuestionData

NEAR_YEARS = 10  # a year distractor is at most this far from the answer
_YES_NO = re.compile(r"^(?:did|does|do|is|was|were|are|can|could|has|had|have|will|would|should)\b", re.IGNORECASE)


@dataclass
class Context:
    """What every ask reads: the brief's items, its topic's, and the seed."""

    items: list[ItemData]
    topic: list[ItemData]  # items of the other briefs of the brief's topic: distractors when the brief has too few
    seed: str

    def near(self, *kinds: str) -> list[ItemData]:
        return [i for i in self.items if i.kind in kinds]

    def far(self, *kinds: str) -> list[ItemData]:
        return [i for i in self.topic if i.kind in kinds]

    def rng(self, item: ItemData, form: str = ""):
        return rng_for(self.seed, item.kind, item.label, item.text, form)

    @cached_property
    def common_words(self) -> frozenset[str]:
        """Words in more than a third of the questions (the subject, "Khrushchev"): they say nothing of a fit."""
        asked = [content_words(i.text) for i in self.near("question", "faq") + self.far("question", "faq")]
        counts = Counter(w for words in asked for w in words)
        return frozenset(w for w, n in counts.items() if n * 3 > len(asked))

    @cached_property
    def names(self) -> list[str]:
        return [clean(i.label) for i in self.near("character") + self.far("character") if key(i.label)]


def _feedback(item: ItemData) -> str:
    return f"{clean(item.label)}: {clean(item.text)}" if key(item.label) else clean(item.text)


def _others(pool: list[ItemData], item: ItemData) -> list[ItemData]:
    return [other for other in pool if other is not item]


# ---------------------------------------------------------------- labels: themes, facts, characters, quotes

_LABEL_STEMS = {
    "theme": "Which theme does this describe?",
    "fact": "What is this passage about?",
    "character": "Who was this?",
}


def label_ask(ctx: Context, item: ItemData) -> Ask | None:
    """The label from its (masked) text, the siblings' labels as distractors: names for names."""
    shown = mask(item.text, item.label)
    if not key(shown) or not key(item.label):
        return None
    same = [o.label for o in _others(ctx.near(item.kind), item) if not equivalent(mask(o.text, o.label), shown)]
    rng = ctx.rng(item)
    return Ask(
        stem=f"{_LABEL_STEMS[item.kind]}\n\n{blockquote(shown)}",
        key=clean(item.label),
        distractors=pick(rng, item.label, same, [o.label for o in _others(ctx.far(item.kind), item)]),
        feedback=_feedback(item),
        name=f"{item.kind.title()}: {clean(item.label)}"[:80],
    )


def quote_ask(ctx: Context, item: ItemData) -> Ask | None:
    """Who said it when its label is a person of the brief or topic; else what it was about."""
    if not key(item.text) or not key(item.label):
        return None
    said = clean(item.text).strip('“”"')
    rng, body = ctx.rng(item), blockquote(f"“{said}”")
    if any(equivalent(item.label, name) for name in ctx.names):
        stem, distractors = "Who said this?", pick(rng, item.label, ctx.names)
    else:
        siblings = [o.label for o in _others(ctx.near("quote"), item)]
        themes = [o.label for o in ctx.near("theme")]
        stem = "What was this said about?"
        distractors = pick(rng, item.label, siblings, [o.label for o in _others(ctx.far("quote"), item)], themes)
    return Ask(
        stem=f"{stem}\n\n{body}", key=clean(item.label), distractors=distractors, feedback=_feedback(item),
        name=f"Quote: {clean(item.label)}"[:80],
    )  # fmt: skip


# ---------------------------------------------------------------- glossary terms


def term_asks(ctx: Context, item: ItemData) -> list[Ask]:
    definition = mask(item.text, item.label)
    if not key(definition) or not key(item.label):
        return []
    terms, far = _others(ctx.near("term"), item), _others(ctx.far("term"), item)
    rng = ctx.rng(item)
    name = f"Term: {clean(item.label)}"[:80]
    which = Ask(
        stem=f"Which term is defined as this?\n\n{blockquote(definition)}",
        key=clean(item.label),
        distractors=pick(rng, item.label, [t.label for t in terms], [t.label for t in far]),
        feedback=_feedback(item), name=name, short=is_short(item.label),
    )  # fmt: skip
    meaning = Ask(
        stem=f"What does “{clean(item.label)}” mean?",
        key=definition,
        distractors=pick(rng, definition, [mask(t.text, t.label) for t in terms], [mask(t.text, t.label) for t in far]),
        feedback=_feedback(item), name=name,
    )  # fmt: skip
    return [which, meaning]


# ---------------------------------------------------------------- study-guide questions and FAQ entries


def _fits(ctx: Context, item: ItemData, other: ItemData) -> bool:
    """Whether another question's answer might also answer this one: the two ask about the same year or the same
    things, or their answers say much the same."""
    if years_in(item.text) & years_in(other.text):
        return True
    shared = (content_words(item.text) & content_words(other.text)) - ctx.common_words
    answers = content_words(gist(item.answer)), content_words(gist(other.answer))
    return len(shared) >= 2 or len(answers[0] & answers[1]) * 2 > min(len(answers[0]), len(answers[1]), 99)


def answer_ask(ctx: Context, item: ItemData) -> Ask | None:
    if not key(item.text) or not key(item.answer):
        return None
    short = is_short(item.answer)
    answer = clean(item.answer).rstrip(".") if short else gist(item.answer)
    near, far = (
        [gist(o.answer) for o in _others(pool, item) if key(o.answer) and not _fits(ctx, item, o)]
        for pool in (ctx.near("question", "faq"), ctx.far("question", "faq"))
    )
    extra = []
    said = clean(item.answer).casefold()
    if _YES_NO.match(clean(item.text)) and re.match(r"^(yes|no)\b", said):
        extra.append(
            QuestionData(
                type="true_false",
                prompt=f"True or false?\n\n{blockquote(clean(item.text))}",
                correct=said.startswith("y"),
                name=f"Yes or no {item.position}",
                general_feedback=clean(item.answer),
            )  # fmt: skip
        )
    return Ask(
        stem=clean(item.text), key=answer, distractors=pick(ctx.rng(item), answer, near, far),
        feedback=clean(item.answer), name=f"{'FAQ' if item.kind == 'faq' else 'Question'} {item.position}", short=short,
        extra=extra,
    )  # fmt: skip


# ---------------------------------------------------------------- years and events


def _near_years(ctx: Context, item: ItemData, year: int) -> list[str]:
    dated = {year_of(o) for o in ctx.near("event", "fact") + ctx.far("event", "fact")} - {None}
    mentioned = years_in(item.text) | years_in(item.label) | {year}
    close = sorted(
        (y for y in dated if abs(y - year) <= NEAR_YEARS and y not in mentioned), key=lambda y: abs(y - year)
    )
    offsets = [d for n in range(1, NEAR_YEARS + 1) for d in (n, -n)]
    # Positive years only: "-1" and "1" read as the same answer once the sign is dropped as punctuation.
    filler = [year + d for d in offsets if year + d > 0 and year + d not in mentioned]
    return [str(y) for y in dict.fromkeys([*close[:5], *filler])]


def year_ask(ctx: Context, item: ItemData) -> Ask | None:
    year = year_of(item) if item.kind in ("event", "fact") else None
    text = blank_year(item.text, year, BLANK) if year is not None else ""
    if not key(text):
        return None
    # An event's label is its date: never shown. A fact's label names what the text is about.
    label = blank_year(item.label, year, BLANK) if item.kind == "fact" else ""
    body = blockquote(f"**{label}**: {text}" if key(label) else text)
    ask = "In which year? Fill in the blank." if BLANK in text else "In which year did this happen?"
    typed = QuestionData(
        type="numerical", prompt=f"{ask}\n\n{body}", name=f"Year {year}",
        numeric=[NumericAnswer(value=year, tolerance=0)], general_feedback=_feedback(item),
    )  # fmt: skip
    rng = ctx.rng(item, "year")
    distractors = _near_years(ctx, item, year)[: rng.choice((3, 4, 5))]
    rng.shuffle(distractors)
    return Ask(
        stem=f"{ask}\n\n{body}", key=str(year), distractors=distractors[:3], feedback=_feedback(item),
        name=f"Year {year}", year=True, extra=[typed],
    )  # fmt: skip


def order_ask(ctx: Context, item: ItemData, events: list[ItemData]) -> Ask | None:
    """ "Which came first?" among later events (or "last" among earlier ones); its true/false: one event before
    another. Events whose dates could overlap are never compared."""
    if item not in events:
        return None
    later = [e for e in events if before(item, e)]
    earlier = [e for e in events if before(e, item)]
    word, pool = ("first", later) if len(later) >= len(earlier) else ("last", earlier)
    rng = ctx.rng(item, "order")
    distractors = pick(rng, event_text(item), [event_text(e) for e in pool])
    if not distractors:
        return None
    other = rng.choice(later + earlier)
    first, second = (item, other) if rng.random() < 0.5 else (other, item)
    statement = QuestionData(
        type="true_false", prompt=f"True or false: “{_bare(first)}” happened before “{_bare(second)}”.",
        correct=before(first, second), name="Before or after",
        general_feedback=f"{_feedback(first)}\n\n{_feedback(second)}",
    )  # fmt: skip
    return Ask(
        stem=f"Which of these came {word}?", key=event_text(item), distractors=distractors, feedback=_feedback(item),
        name=f"Which came {word}", extra=[statement], no_true_false=True,
    )  # fmt: skip


def _bare(event: ItemData) -> str:
    return event_text(event).rstrip(".")


def timeline_events(ctx: Context) -> list[ItemData]:
    """Events (only) with a date precise enough, in order, their texts (without dates) all different."""
    events = sorted((i for i in ctx.items if i.kind == "event" and span(i) is not None), key=span)
    seen, kept = set(), []
    for event in events:
        if (text := key(event_text(event))) and text not in seen:
            seen.add(text)
            kept.append(event)
    return kept


# ---------------------------------------------------------------- the candidates of one item


def item_candidates(ctx: Context, index: int, item: ItemData, events: list[ItemData]) -> list[Candidate]:
    """Every question one item supports, best first."""
    if item.kind == "term":
        asks = term_asks(ctx, item)
    elif item.kind in ("question", "faq"):
        asks = [answer_ask(ctx, item)]
    elif item.kind == "quote":
        asks = [quote_ask(ctx, item)]
    elif item.kind == "event":
        asks = [order_ask(ctx, item, events), year_ask(ctx, item)]
    elif item.kind in ("theme", "fact", "character"):
        asks = [label_ask(ctx, item), year_ask(ctx, item)]
    elif item.kind == "essay" and key(item.text):
        essay = QuestionData(type="essay", prompt=clean(item.text), name=f"Essay {item.position}")
        return [Candidate(question=essay, item=index, covers=frozenset({index}))]
    else:
        return []
    rng = ctx.rng(item, "forms")
    return [candidate for ask in asks if ask is not None for candidate in forms(ask, index=index, rng=rng)]
