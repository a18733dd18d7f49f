"""Benchmark: quiz generation (the pure quizzes.generation, no database), issue 28's point 5.

Not a test. Targets: a 100-item brief in under 1 s; the whole demo garden (its four briefs, each with the others
as its topic, as the service passes them) in under 5 s. Prints the first (cold) and the best of --runs.

    .venv/bin/python bench/bench_generation.py [--runs 5]
"""

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from quizzes.generation import ItemData, generate_questions  # noqa: E402
from tests.quizzes.generation_shapes import demo_shapes  # noqa: E402

KINDS = ("term", "question", "event", "fact", "character", "theme", "quote", "faq", "essay", "conclusion")


def big_brief(size: int = 100) -> list[ItemData]:
    """`size` items of every kind, ten of each for 100, with texts and years that differ."""
    items = []
    for n in range(size):
        kind, year = KINDS[n % len(KINDS)], 1900 + n
        items.append(
            ItemData(
                kind=kind,
                label=f"Label {n} of kind {kind}",
                text=f"Text {n} about matter {n * 7} in {year}.",
                year=year if kind in ("event", "fact") else None,
                date=date(year, 1 + n % 12, 1) if kind == "event" else None,
                date_precision="month" if kind == "event" else "",
                position=n,
                id=n + 1,
                answer=f"Answer {n}: a sentence about matter {n * 3}." if kind in ("question", "faq") else "",
            )  # fmt: skip
        )
    return items


def best(runs: int, work) -> str:
    """The first (cold: the text helpers' caches empty) and the best run."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return f"first {times[0] * 1000:.0f} ms, best {min(times) * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    items = big_brief()
    print(f"100-item brief: {best(runs, lambda: generate_questions(items, title='Big'))} (target < 1000 ms)")
    shapes = demo_shapes()

    def garden():
        for title, brief_items, topic in shapes.values():
            generate_questions(brief_items, title=title, topic_items=topic)

    print(f"demo garden ({len(shapes)} briefs): {best(runs, garden)} (target < 5000 ms)")


if __name__ == "__main__":
    main()
