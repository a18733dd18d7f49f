"""Benchmark: grade 10,000 submitted attempts of 20 questions with one worker (`-c 2`) on PostgreSQL and Redis,
and measure the same worker's rate on a no-op task in the same run.

Not a test. Targets: all graded in under 120 s, at a rate of at least 40 % of the no-op rate (grading should
cost little more than Celery's own overhead per task). Each rate is the worker's alone: the messages are queued
first, then the worker (started on another queue) is told to consume them, and the clock runs until it is done.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/classroom CELERY_BROKER_URL=redis://127.0.0.1:6379/6 \\
        .venv/bin/python bench/bench_grading.py [--attempts 10000] [--noops 5000] [--keep]

The broker must be idle (use a Redis database of its own): the run times the queue draining. The quiz, students
and attempts it makes are deleted afterwards unless --keep.
"""

import argparse
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DJANGO_DEBUG", "false")  # DEBUG keeps every query in memory: not what production runs

import django  # noqa: E402

django.setup()

import redis  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from config.celery import app  # noqa: E402
from quizzes.models import Attempt, AttemptStatus, QuizGrade, Response  # noqa: E402
from quizzes.selectors import attempt_questions  # noqa: E402
from quizzes.serializers import correct_answer  # noqa: E402
from quizzes.services import attempt_start, quiz_add_questions, quiz_create, responses_save  # noqa: E402
from quizzes.tasks import grade_attempt_task, noop_task  # noqa: E402
from quizzes.types import Choice, NumericAnswer, QuestionData  # noqa: E402

User = get_user_model()
BATCH = 2000


def questions() -> list[QuestionData]:
    """20 questions, the automatically graded types in turn (essays would stop at needs_review)."""
    kinds = [
        lambda i: QuestionData(type="single", prompt=f"Q{i}", choices=[Choice("yes", 1), Choice("no", 0)]),
        lambda i: QuestionData(
            type="multiple", prompt=f"Q{i}", choices=[Choice("a", 0.5), Choice("b", 0.5), Choice("c", -1)]
        ),
        lambda i: QuestionData(type="true_false", prompt=f"Q{i}", correct=True),
        lambda i: QuestionData(type="short_answer", prompt=f"Q{i}", choices=[Choice("Twentieth", 1)]),
        lambda i: QuestionData(type="numerical", prompt=f"Q{i}", numeric=[NumericAnswer(value=1956, tolerance=1)]),
        lambda i: QuestionData(
            type="matching",
            prompt=f"Q{i}",
            choices=[Choice("A", match="1"), Choice("B", match="2"), Choice("C", match="3")],
        ),
        lambda i: QuestionData(type="ordering", prompt=f"Q{i}", choices=[Choice("1"), Choice("2"), Choice("3")]),
    ]
    return [kinds[i % len(kinds)](i) for i in range(20)]


def make_attempts(run: str, count: int):
    """`count` submitted attempts, copied in bulk from one made through the services (same layout and answers)."""
    author = User.objects.create(username=f"bench-{run}-author", email=f"bench-{run}-author@example.org")
    quiz = quiz_create(author=author, fields={"slug": f"bench-{run}", "title": f"Bench {run}", "published": True})
    quiz_add_questions(quiz=quiz, questions=questions())
    template = attempt_start(student=author, quiz=quiz)
    answers = [
        {"question": q.id, "answer": correct_answer(q, entry)} for q, entry in attempt_questions(attempt=template)
    ]
    responses_save(attempt=template, student=author, responses=answers)
    rows = list(template.responses.values_list("question_id", "answer", "points"))
    now = timezone.now()
    ids = []
    for start in range(0, count, BATCH):
        with transaction.atomic():
            students = User.objects.bulk_create(
                User(username=f"bench-{run}-{i}", email=f"bench-{run}-{i}@example.org")
                for i in range(start, min(count, start + BATCH))
            )
            attempts = Attempt.objects.bulk_create(
                Attempt(student=s, quiz=quiz, number=1, status=AttemptStatus.SUBMITTED, started_at=now,
                        submitted_at=now, layout=template.layout, max_score=template.max_score)
                for s in students
            )  # fmt: skip
            Response.objects.bulk_create(
                (Response(attempt=a, question_id=q, answer=ans, points=p) for a in attempts for q, ans, p in rows),
                batch_size=5000,
            )
        ids += [a.id for a in attempts]
    with connection.cursor() as cursor:
        # Statistics for the rows just loaded, as autovacuum would have them: without them PostgreSQL misjudges
        # row counts and picks parallel plans with JIT compilation for reads of a few rows (50 ms, not 1 ms).
        cursor.execute("ANALYZE quizzes_attempt, quizzes_response, classroom_user")
    return quiz, ids


IDLE_QUEUE, QUEUE = "bench-idle", "bench-run"


def start_worker() -> subprocess.Popen:
    """The worker starts on a queue nobody uses: it consumes the benchmark's queue only once that is full. It
    also takes the default queue, where a grading task hands the quiz's attempts it left to another task."""
    queues = f"{IDLE_QUEUE},{app.conf.task_default_queue}"
    cmd = [sys.executable, "-m", "celery", "-A", "config", "worker", "-c", "2", "--pool=prefork", "-Q", queues,
           "--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=ROOT, env=os.environ.copy())
    deadline = time.monotonic() + 60
    while not app.control.ping(timeout=0.5):
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            sys.exit("the worker did not start")
    return proc


def backlog(broker: redis.Redis) -> int:
    """Messages waiting plus messages delivered and not yet acknowledged (acks_late: a task still running)."""
    return broker.llen(app.conf.task_default_queue) + broker.llen(QUEUE) + broker.hlen("unacked")


def timed(task, args: list[tuple], done) -> float:
    """Seconds the worker takes to run `task` once for each of `args`: the messages are all queued first, then
    the worker starts consuming them, and the clock stops when `done()` says it has finished. Sending is not
    timed: the benchmark process shares the two cores, and sending thousands of messages while the worker runs
    would measure the sender as much as the worker."""
    for task_args in args:
        task.apply_async(task_args, queue=QUEUE)
    started = time.perf_counter()
    app.control.add_consumer(QUEUE, reply=True)
    while not done():
        time.sleep(0.02)
    seconds = time.perf_counter() - started
    app.control.cancel_consumer(QUEUE, reply=True)
    return seconds


def cleanup(quiz, run: str) -> None:
    QuizGrade.objects.filter(quiz=quiz).delete()
    Response.objects.filter(attempt__quiz=quiz)._raw_delete(Response.objects.db)  # 200,000 rows: no collector
    Attempt.objects.filter(quiz=quiz).delete()
    quiz.delete()
    User.objects.filter(username__startswith=f"bench-{run}-").delete()


def setup(attempts: int):
    """(the idle broker, the run's name, the quiz, the ids of its `attempts` submitted attempts), or exit."""
    if connection.vendor != "postgresql" or not settings.CELERY_BROKER_URL:
        sys.exit("set DATABASE_URL to PostgreSQL and CELERY_BROKER_URL to Redis")
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    if backlog(broker):
        sys.exit(f"the broker has {backlog(broker)} tasks waiting: give the benchmark an idle Redis database")
    run = uuid.uuid4().hex[:8]
    started = time.perf_counter()
    quiz, ids = make_attempts(run, attempts)
    print(f"made {len(ids):,} submitted attempts of 20 questions in {time.perf_counter() - started:.1f} s")
    return broker, run, quiz, ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--attempts", type=int, default=10_000)
    parser.add_argument("--noops", type=int, default=5_000)
    parser.add_argument("--keep", action="store_true", help="keep the quiz, students and attempts")
    args = parser.parse_args()
    broker, run, quiz, ids = setup(args.attempts)
    worker = start_worker()
    try:
        noop = lambda: timed(noop_task, [()] * args.noops, lambda: not backlog(broker))  # noqa: E731
        noop_before = noop()
        graded = Attempt.objects.filter(quiz=quiz, status=AttemptStatus.GRADED)
        # The broker drained, and then the database agrees (a message popped but not yet marked unacked is not
        # in either Redis key for a moment).
        all_graded = lambda: not backlog(broker) and graded.count() == len(ids)  # noqa: E731
        grading_seconds = timed(grade_attempt_task, [(i,) for i in ids], all_graded)
        # Twice, before and after: the faster run is the no-op rate (the machine's noise only lowers a rate).
        noop_seconds = min(noop_before, noop())
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    full = Attempt.objects.filter(quiz=quiz, status=AttemptStatus.GRADED, score=template_max(quiz)).count()
    noop_rate, grading_rate = args.noops / noop_seconds, len(ids) / grading_seconds
    ratio = grading_rate / noop_rate
    print(f"no-op tasks:  {args.noops:,} in {noop_seconds:.1f} s = {noop_rate:.0f} tasks/s (the faster of two runs)")
    print(f"grading:      {len(ids):,} in {grading_seconds:.1f} s = {grading_rate:.0f} attempts/s")
    print(f"ratio:        {ratio:.0%} of the no-op rate (target ≥ 40 %)")
    print(f"graded: {full:,} of {len(ids):,} with full marks")
    if len(ids) == 10_000:
        print(f"target: under 120 s → {'met' if grading_seconds < 120 else 'MISSED'}")
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    if not args.keep:
        cleanup(quiz, run)


def template_max(quiz) -> float:
    return Attempt.objects.filter(quiz=quiz).order_by("id").values_list("max_score", flat=True).first()


if __name__ == "__main__":
    main()
