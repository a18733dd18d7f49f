"""The sample shapes of issue 28, as plain items: the demo garden's four notes (parsed, no database) and a short
briefing of four facts. Each note's topic items are the other notes', as the service passes them."""

from functools import cache

from briefs.demo import DEMO_GARDEN
from briefs.parsing import parse_note
from quizzes.generation import ItemData


def _items(note, base: int) -> list[ItemData]:
    return [
        ItemData(kind=i.kind, label=i.label, text=i.text, year=i.year, date=i.date,
                 date_precision=i.date_precision or "", answer=i.answer, anchor=i.anchor, position=i.position,
                 id=base + n)
        for n, i in enumerate(note.items, start=1)
    ]  # fmt: skip


@cache
def demo_shapes() -> dict[str, tuple[str, list[ItemData], list[ItemData]]]:
    """kind → (title, items, topic items)."""
    notes = [parse_note(p.read_bytes(), source_name=p.name) for p in sorted(DEMO_GARDEN.iterdir())]
    items = [_items(note, 1000 * k) for k, note in enumerate(notes)]
    return {
        note.kind: (note.title, items[k], [i for j, its in enumerate(items) if j != k for i in its])
        for k, note in enumerate(notes)
    }


SHORT_BRIEFING = [
    ItemData(
        kind="fact", label="Rise to Power", text="After Stalin's death in 1953, Khrushchev rose.", year=1953, id=1
    ),
    ItemData(kind="fact", label="Secret Speech", text="In 1956 he denounced Stalin.", year=1956, id=2),
    ItemData(kind="fact", label="Cuban Missile Crisis", text="Missiles in Cuba in 1962.", year=1962, id=3),
    ItemData(kind="fact", label="Downfall", text="In 1964 he was ousted by Brezhnev.", year=1964, id=4),
]


def shapes() -> dict[str, tuple[str, list[ItemData], list[ItemData]]]:
    return {**demo_shapes(), "short_briefing": ("Khrushchev in brief", SHORT_BRIEFING, [])}
