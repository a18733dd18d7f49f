"""Benchmark: 10,000 submitted attempts graded by one worker (`-c 2`) on PostgreSQL and Redis, each grading
writing an `attempt.graded` delivery in its transaction, and the same worker delivering all 10,000 to a
receiver on 127.0.0.1, signed. Not a test. Target: the 10,000 deliveries received within 120 s.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/classroom_bench CELERY_BROKER_URL=redis://127.0.0.1:6379/6 \\
        .venv/bin/python bench/bench_webhooks.py [--attempts 10000] [--keep]

The clock starts when the gradings are queued (as the submits would queue them) and stops when the receiver
has every delivery and the database says each is delivered. The broker must be idle (a Redis database of its
own). The quiz, students, attempts and the endpoint are deleted afterwards unless --keep. Targets on 127.0.0.1
are allowed for this run (WEBHOOK_ALLOW_PRIVATE_TARGETS in the worker's environment).
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["WEBHOOK_ALLOW_PRIVATE_TARGETS"] = "true"  # read by the worker started below, and by this process

from django.contrib.auth import get_user_model  # noqa: E402
from standardwebhooks import Webhook  # noqa: E402

from bench.bench_grading import backlog, cleanup, setup, start_worker  # noqa: E402 - sets Django up
from classroom.webhooks.models import WebhookDelivery  # noqa: E402
from classroom.webhooks.services import webhook_endpoint_create  # noqa: E402
from quizzes.models import Attempt, AttemptStatus  # noqa: E402
from quizzes.services.grading import GRADING_BATCH, GRADING_ROUNDS  # noqa: E402
from quizzes.tasks import grade_attempt_task  # noqa: E402
from tests.classroom.webhooks.receiver import Receiver  # noqa: E402

User = get_user_model()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--attempts", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="keep what the run made")
    args = parser.parse_args()
    broker, run, quiz, ids = setup(args.attempts)
    admin = User.objects.create(
        username=f"bench-{run}-admin", email=f"bench-{run}-admin@example.org", is_staff=True, is_superuser=True
    )
    with Receiver(lambda headers, body: 204) as receiver:
        endpoint = webhook_endpoint_create(owner=admin, url=receiver.url, events=["attempt.graded"])
        deliveries = WebhookDelivery.objects.filter(endpoint=endpoint)
        worker = start_worker()
        try:
            seconds, graded_at = _run(ids, quiz, receiver, deliveries, broker)
        finally:
            worker.terminate()
            worker.wait(timeout=60)
        _check(receiver, endpoint, deliveries, len(ids))
    print(f"graded:     {len(ids):,} attempts in {graded_at:.1f} s")
    print(f"delivered:  {len(ids):,} webhooks in {seconds:.1f} s from the start = {len(ids) / seconds:.0f}/s")
    if len(ids) == 10_000:
        print(f"target: 10,000 deliveries within 120 s → {'met' if seconds <= 120 else 'MISSED'}")
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    if not args.keep:
        endpoint.delete()
        cleanup(quiz, run)


def _run(ids, quiz, receiver, deliveries, broker) -> tuple[float, float]:
    """Queue the gradings as submits would (a task takes GRADING_ROUNDS + 1 batches, then hands over), and wait
    for the receiver to have every delivery."""
    started = time.perf_counter()
    for attempt_id in ids[:: GRADING_BATCH * (GRADING_ROUNDS + 1)]:
        grade_attempt_task.delay(attempt_id)
    graded = Attempt.objects.filter(quiz=quiz, status=AttemptStatus.GRADED)
    graded_at = None
    while True:
        time.sleep(0.25)
        if graded_at is None and graded.count() == len(ids):
            graded_at = time.perf_counter() - started
        if len(receiver.requests) >= len(ids) and not deliveries.exclude(status="delivered").exists():
            return time.perf_counter() - started, graded_at or time.perf_counter() - started
        if time.perf_counter() - started > 600:
            sys.exit(f"gave up after 600 s: {len(receiver.requests):,} received, {backlog(broker)} tasks waiting")


def _check(receiver, endpoint, deliveries, count: int) -> None:
    """Every delivery arrived, signed (checked with the standardwebhooks package), one per graded attempt."""
    webhook = Webhook(endpoint.secret)
    attempts = {webhook.verify(body, headers)["data"]["attempt"]["id"] for headers, body in receiver.requests}
    unique = len({headers["webhook-id"] for headers, _body in receiver.requests})
    print(f"received:   {len(receiver.requests):,} requests, {unique:,} webhook-ids, {len(attempts):,} attempts")
    assert deliveries.count() == unique == len(attempts) == count


if __name__ == "__main__":
    main()
