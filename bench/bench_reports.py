"""Benchmark: weekly progress reports for 10,000 students in 400 classes.

Not a test. Creates the students (25 a class, one teacher each), 40 quizzes of 10 questions, four quiz and two
brief assignments a class and, per student, two graded attempts in the reported week and one three weeks
earlier, on the database the environment configures (use PostgreSQL). Then it runs `send_progress_reports` for
that week in this process (eager Celery, the locmem email backend) and prints the seconds, the queries per
1,000 students and the peak memory of this process. Targets: under 300 s, at most 50 queries per 1,000
students, under 512 MB. The data is created by a child process, so the peak memory measured here is the
sending's, and is deleted at the end unless --keep.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/classroom .venv/bin/python bench/bench_reports.py
    ... bench/bench_reports.py --students 2000   # a quicker run
"""

import argparse
import os
import random
import resource
import subprocess
import sys
import time
import uuid
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core import mail  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from briefs.models import Brief, StudyItem  # noqa: E402
from classroom.models import Assignment, Classroom, Enrollment, ProgressReport, ReadingProgress, User  # noqa: E402
from quizzes.models import Attempt, Option, Question, Quiz, QuizGrade, Response  # noqa: E402

WEEK = date(2031, 1, 6)  # a Monday far from any real report, so the bench never touches one
CLASS_SIZE = 25
QUIZZES, QUESTIONS, BRIEFS = 40, 10, 10
BATCH = 5000
UNUSABLE = "!"  # an unusable password hash: nobody logs in as a bench user, and no hashing cost


def at(day_offset: int, hour: int = 10) -> datetime:
    return datetime.combine(WEEK + timedelta(days=day_offset), clock(hour), tzinfo=ZoneInfo(settings.TIME_ZONE))


# ---------------------------------------------------------------- data (in a child process)


def setup(run: str, students: int) -> None:
    rng = random.Random(run)
    briefs, items = _briefs(run)
    quizzes = _quizzes(run, items)
    classes = _classes(run, students // CLASS_SIZE, quizzes, briefs)
    for index, classroom in enumerate(classes):
        members = User.objects.bulk_create(
            User(username=f"bench-{run}-s{index}-{n}", email=f"s{index}-{n}@{run}.bench", password=UNUSABLE)
            for n in range(CLASS_SIZE)
        )
        Enrollment.objects.bulk_create(Enrollment(student=s, classroom=classroom) for s in members)
        _work(rng, members, classroom.bench_quizzes, briefs)
        if index % 50 == 49:
            print(f"  {index + 1} classes created", flush=True)


def _briefs(run: str):
    briefs = Brief.objects.bulk_create(
        Brief(title=f"Bench brief {i}", slug=f"bench-{run}-{i}", permalink=f"/bench-{run}/{i}/", source="# x",
              checksum=run, published=True)
        for i in range(BRIEFS)
    )  # fmt: skip
    items = StudyItem.objects.bulk_create(
        StudyItem(brief=b, kind="fact", position=k, label=f"Fact {k}", anchor=f"fact-{k}")
        for b in briefs
        for k in range(QUESTIONS)
    )
    return briefs, items


def _quizzes(run: str, items) -> list:
    quizzes = Quiz.objects.bulk_create(
        Quiz(slug=f"bench-{run}-{i}", title=f"Bench quiz {i}", published=True) for i in range(QUIZZES)
    )
    questions = Question.objects.bulk_create(
        Question(quiz=q, position=k, type="single", prompt=f"Question {k} of {q.title}?",
                 study_item=items[(i * QUESTIONS + k) % len(items)])
        for i, q in enumerate(quizzes)
        for k in range(QUESTIONS)
    )  # fmt: skip
    Option.objects.bulk_create(
        Option(question=q, position=p, text=f"o{p}", fraction=p) for q in questions for p in (0, 1)
    )
    for quiz in quizzes:
        quiz.bench_questions = [q for q in questions if q.quiz_id == quiz.pk]
    return quizzes


def _classes(run: str, count: int, quizzes, briefs) -> list:
    teachers = User.objects.bulk_create(
        User(username=f"bench-{run}-t{i}", email=f"t{i}@{run}.bench", password=UNUSABLE, is_staff=True)
        for i in range(count)
    )
    classes = Classroom.objects.bulk_create(Classroom(name=f"Bench class {i}", join_code=f"B{run[:3]}{i:04d}"[:8])
                                            for i in range(count))  # fmt: skip
    Classroom.teachers.through.objects.bulk_create(
        Classroom.teachers.through(classroom=c, user=t) for c, t in zip(classes, teachers, strict=True)
    )
    assignments = []
    for i, classroom in enumerate(classes):
        classroom.bench_quizzes = [quizzes[(i + k) % QUIZZES] for k in range(4)]
        due = [at(3), at(4), at(9), at(10)]  # two this week, two next week
        assignments += [Assignment(classroom=classroom, quiz=q, available_from=at(-14), due_at=d)
                        for q, d in zip(classroom.bench_quizzes, due, strict=True)]  # fmt: skip
        assignments += [Assignment(classroom=classroom, brief=briefs[(i + k) % BRIEFS], available_from=at(-14),
                                   due_at=at(5 + 4 * k)) for k in range(2)]  # fmt: skip
    Assignment.objects.bulk_create(assignments)
    return classes


def _work(rng, members, quizzes, briefs) -> None:
    """Per student: the first two quizzes in the week, the third three weeks earlier; one brief studied."""
    attempts, grades = [], []
    for student in members:
        for quiz, when in ((quizzes[0], at(1)), (quizzes[1], at(2, 15)), (quizzes[2], at(-20))):
            score = rng.randint(0, QUESTIONS)
            attempts.append(Attempt(student=student, quiz=quiz, number=1, started_at=when, submitted_at=when,
                                    graded_at=when, status="graded", score=score, max_score=QUESTIONS))  # fmt: skip
            grades.append(QuizGrade(student=student, quiz=quiz, grade=100.0 * score / QUESTIONS, attempts=1))
    Attempt.objects.bulk_create(attempts)
    QuizGrade.objects.bulk_create(grades)
    Response.objects.bulk_create(
        (
            Response(attempt=a, question=q, answer={"choice": 0}, score=float(k < a.score), points=1.0)
            for a in attempts
            for k, q in enumerate(a.quiz.bench_questions)
        ),
        batch_size=BATCH,
    )
    ReadingProgress.objects.bulk_create(
        ReadingProgress(student=s, brief=briefs[n % BRIEFS], first_opened_at=at(0), last_opened_at=at(2),
                        studied_at=at(2)) for n, s in enumerate(members)
    )  # fmt: skip


def cleanup(run: str) -> None:
    ProgressReport.objects.filter(period_start=WEEK).delete()
    users = User.objects.filter(username__startswith=f"bench-{run}-")
    Response.objects.filter(attempt__student__in=users).delete()
    Attempt.objects.filter(student__in=users).delete()
    users.delete()
    Classroom.objects.filter(join_code__startswith=f"B{run[:3]}").delete()
    Quiz.objects.filter(slug__startswith=f"bench-{run}-").delete()
    Brief.objects.filter(slug__startswith=f"bench-{run}-").delete()


# ---------------------------------------------------------------- the measured run


class CountingOutbox(list):
    """django.core.mail.outbox that counts and keeps only the last message: the locmem backend still builds and
    copies every message, but 10,000 kept emails would measure the outbox, not the sending."""

    count = 0

    def append(self, message) -> None:
        self.count += 1
        self[:] = [message]


def measure(students: int) -> None:
    from classroom.tasks import send_progress_reports

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True  # everything in this process, even with a broker configured
    mail.outbox = CountingOutbox()
    started, cpu = time.perf_counter(), time.process_time()
    with CaptureQueriesContext(connection) as queries:
        result = send_progress_reports(period_start=WEEK.isoformat())
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sent = ProgressReport.objects.filter(period_start=WEEK, sent_at__isnull=False).count()
    print(f"database: {connection.vendor}")
    print(f"fan-out: {result}")
    print(f"emails: {mail.outbox.count}, reports sent: {sent}")
    print(f"{students} students in {students // CLASS_SIZE} classes: {elapsed:.1f} s ({cpu:.1f} s of CPU here)")
    print(f"load average (1, 5, 15 min): {os.getloadavg()}")
    print(f"queries: {len(queries)} ({1000 * len(queries) / students:.1f} per 1,000 students)")
    print(f"peak memory (ru_maxrss): {peak_mb:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=10_000, help="a multiple of 25")
    parser.add_argument("--keep", action="store_true", help="keep the generated data")
    parser.add_argument("--setup-only", metavar="RUN", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup_only:
        setup(args.setup_only, args.students)
        return
    run = uuid.uuid4().hex[:8]
    started = time.perf_counter()
    child = [sys.executable, __file__, "--setup-only", run, "--students", str(args.students)]
    subprocess.run(child, check=True)  # its memory is not this process's peak
    print(f"data created in {time.perf_counter() - started:.0f} s")
    try:
        measure(args.students)
    finally:
        if not args.keep:
            cleanup(run)


if __name__ == "__main__":
    main()
