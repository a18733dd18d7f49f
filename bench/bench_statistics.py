"""Benchmark: the statistics of a quiz with 10,000 graded attempts of 20 questions (quizzes.selectors.statistics),
and the memory they take: measured at 4,000 attempts (two chunks of the stream) and at all of them, the peak must not
grow with the attempts (the rows are streamed in chunks of 2,000 attempts; only running sums are kept).

Not a test. Target: ≤ 30 s for 10,000 × 20. Run it against a database of your own, e.g.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/classroom_bench .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/classroom_bench .venv/bin/python bench/bench_statistics.py

The quiz, students and attempts it makes are deleted afterwards unless --keep.
"""

import argparse
import os
import sys
import time
import tracemalloc
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DJANGO_DEBUG", "false")  # DEBUG keeps every query in memory: not what production runs

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from quizzes.models import Attempt, AttemptStatus, Option, Question, Quiz, Response  # noqa: E402
from quizzes.selectors.statistics import CHUNK, statistics_of  # noqa: E402

QUESTIONS = 20


def seed(tag: str, attempts: int) -> Quiz:
    """A quiz of 20 single-choice questions (4 options) and `attempts` graded attempts by as many students, each
    answer right with a probability that grows with the student's ability (so the figures are not degenerate)."""
    quiz = Quiz.objects.create(slug=f"bench-stats-{tag}", title="Statistics bench", published=True)
    questions = Question.objects.bulk_create(
        [Question(quiz=quiz, position=n, type="single", prompt=f"Q{n}", points=1) for n in range(QUESTIONS)]
    )
    options = Option.objects.bulk_create(
        [Option(question=q, position=k, text=f"{q.prompt} option {k}", fraction=1 if k == 0 else 0)
         for q in questions for k in range(4)]
    )  # fmt: skip
    by_question = {q.id: [o for o in options if o.question_id == q.id] for q in questions}
    users = get_user_model().objects.bulk_create(
        [get_user_model()(username=f"bench-{tag}-{n}", email=f"bench-{tag}-{n}@example.org") for n in range(attempts)],
        batch_size=2000,
    )
    now = timezone.now()
    for start in range(0, attempts, 1000):
        batch, responses = [], []
        for user in users[start : start + 1000]:
            entries = [{"id": q.id, "options": [[10_000 + o.id, o.id] for o in by_question[q.id]]} for q in questions]
            batch.append(Attempt(student=user, quiz=quiz, number=1, status=AttemptStatus.GRADED, submitted_at=now,
                                 graded_at=now, score=0, max_score=QUESTIONS,
                                 layout={"questions": entries}))  # fmt: skip
        Attempt.objects.bulk_create(batch)
        for n, attempt in enumerate(batch, start=start):
            total = 0
            for k, q in enumerate(questions):
                right = (n * 7 + k * 13) % 100 < 30 + (n % 50)
                chosen = by_question[q.id][0 if right else 1 + (n + k) % 3]
                total += right
                responses.append(Response(attempt=attempt, question=q, answer={"choice": 10_000 + chosen.id},
                                          score=1.0 if right else 0.0, points=1))  # fmt: skip
            attempt.score = total
        Response.objects.bulk_create(responses, batch_size=5000)
        Attempt.objects.bulk_update(batch, ["score"], batch_size=1000)
    return quiz


def measure(quiz: Quiz) -> tuple[float, int, dict]:
    """The time of one computation, then its memory peak in another (tracing allocations slows Python down)."""
    started = time.perf_counter()
    result = statistics_of(quiz_id=quiz.pk)
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    statistics_of(quiz_id=quiz.pk)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return elapsed, peak, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--attempts", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    tag = uuid.uuid4().hex[:8]
    few = min(args.attempts, 2 * CHUNK)
    small, large = seed(f"{tag}-s", few), seed(f"{tag}-l", args.attempts)
    try:
        t_small, m_small, _ = measure(small)
        t_large, m_large, result = measure(large)
        print(f"database: {connection.vendor}")
        print(f"{few} attempts × {QUESTIONS}: {t_small:.2f} s, peak {m_small / 1e6:.1f} MB")
        print(f"{args.attempts} attempts × {QUESTIONS}: {t_large:.2f} s, peak {m_large / 1e6:.1f} MB "
              f"(target ≤ 30 s; peak ×{m_large / m_small:.2f} for ×{args.attempts / few:.1f} attempts)")  # fmt: skip
        print(f"mean {result['mean']:.1f} %, sd {result['sd']:.1f}, alpha {result['alpha']:.3f}, "
              f"attempts counted {result['attempts']}")  # fmt: skip
    finally:
        if not args.keep:
            for quiz in (small, large):
                users = list(Attempt.objects.filter(quiz=quiz).values_list("student_id", flat=True))
                Response.objects.filter(attempt__quiz=quiz).delete()
                Attempt.objects.filter(quiz=quiz).delete()
                get_user_model().objects.filter(pk__in=users).delete()
                quiz.delete()


if __name__ == "__main__":
    main()
