"""Webhooks delivered by real worker processes through a Redis of the test's own (on its own port), to a
receiver on 127.0.0.1: the worker is killed while a receiver holds one of its requests, Redis is stopped while
more events happen and comes back empty, and every event is still delivered, signed: none lost.

At least once is what is promised: a delivery the receiver got but the killed worker could not record comes
again, under the same webhook-id, which is how the receiver tells."""

import os
import signal
import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from standardwebhooks import Webhook

from classroom.webhooks.models import WebhookDelivery
from classroom.webhooks.services import webhook_deliveries_requeue, webhook_endpoint_create
from quizzes.models import Attempt, AttemptStatus
from quizzes.services import attempt_submit, attempts_requeue_ungraded
from tests.classroom.webhooks.receiver import Receiver
from tests.factories import UserFactory
from tests.integration.conftest import free_port, redis_server, wait_for
from tests.integration.test_grading_worker import (
    _answered_attempts,
    _kill,
    _pool_children,
    _publishing_to,
    _quiz,
    workers,  # noqa: F401 - the fixture
)

WORKER_ENV = {
    "WEBHOOK_ALLOW_PRIVATE_TARGETS": "true",  # the receiver is on 127.0.0.1
    "WEBHOOK_LEASE_SECONDS": "5",  # a killed worker's deliveries are free again after 5 s, not 5 min
    "CELERY_VISIBILITY_TIMEOUT": "4",
}
HELD = 15  # the receiver holds its 15th request until the worker that sent it is dead


class HoldingReceiver(Receiver):
    def __init__(self):
        self.count, self.holding, self.release = 0, threading.Event(), threading.Event()
        super().__init__(self._answer)

    def _answer(self, headers, body) -> int:
        with self.lock:
            self.count += 1
            hold = self.count == HELD
        if hold:
            self.holding.set()
            self.release.wait(timeout=60)
        return 200


def _undelivered() -> int:
    return WebhookDelivery.objects.exclude(status=WebhookDelivery.Status.DELIVERED).count()


def _submit(attempts) -> None:
    for attempt in attempts:
        attempt_submit(attempt=attempt)  # commits: the outbox row with it, then queues grading and delivery


def test_every_event_is_delivered_through_a_worker_kill_and_a_broker_outage(workers):  # noqa: F811
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    redis = redis_server(port)
    quiz = _quiz("webhooks-outage")
    before, during = _answered_attempts(quiz, 40), _answered_attempts(quiz, 20)
    admin = UserFactory(is_staff=True, is_superuser=True)
    with HoldingReceiver() as receiver, _publishing_to(url):
        endpoint = webhook_endpoint_create(
            owner=admin, url=receiver.url, events=["attempt.submitted", "attempt.graded"]
        )
        try:
            worker = workers.start(CELERY_BROKER_URL=url, **WORKER_ENV)
            _submit(before)
            assert receiver.holding.wait(timeout=60), "no delivery reached the receiver"
            children = _pool_children(worker.pid)
            os.kill(worker.pid, signal.SIGKILL)  # mid-delivery: the receiver still holds one of its requests
            worker.wait()
            for child in children:
                _kill(child)
            receiver.release.set()

            redis.terminate()  # the broker goes away; events go on happening
            redis.wait(timeout=10)
            _submit(during)
            assert Attempt.objects.filter(pk__in=[a.pk for a in during], status=AttemptStatus.SUBMITTED).count() == 20
            time.sleep(3)

            redis = redis_server(port)  # back, and empty: every message queued before or while it was down is gone
            workers.start(CELERY_BROKER_URL=url, **WORKER_ENV)

            def all_delivered_after_sweeps() -> bool:
                """What beat does every minute, every 2 s here."""
                if _undelivered() == 0 and Attempt.objects.filter(status=AttemptStatus.SUBMITTED).count() == 0:
                    return True
                attempts_requeue_ungraded(older_than=timedelta(seconds=5))
                webhook_deliveries_requeue(older_than=timedelta(seconds=2))
                return False

            assert wait_for(all_delivered_after_sweeps, timeout=180, interval=2), f"{_undelivered()} undelivered"
            workers.close()
        finally:
            redis.terminate()
            redis.wait(timeout=10)

    deliveries = list(WebhookDelivery.objects.values_list("message_id", "event", "payload"))
    events = Counter(event for _id, event, _payload in deliveries)
    assert events == {"attempt.submitted": 60, "attempt.graded": 60}  # one per event, each written once
    received = Counter(headers["webhook-id"] for headers, _body in receiver.requests)
    assert set(received) == {message_id for message_id, _e, _p in deliveries}  # every one arrived
    assert received.most_common(1)[0][1] <= 3  # a repeat, not a storm
    webhook = Webhook(endpoint.secret)
    payloads = {message_id: payload for message_id, _e, payload in deliveries}
    for headers, body in receiver.requests:
        assert webhook.verify(body, headers) == payloads[headers["webhook-id"]]
    print(f"{len(receiver.requests)} requests for {len(deliveries)} deliveries")


pytestmark = pytest.mark.integration
