import pytest

from classroom.webhooks.services import webhook_endpoint_create
from tests.classroom.webhooks.receiver import Receiver


@pytest.fixture
def receiver():
    with Receiver() as running:
        yield running


@pytest.fixture
def endpoint_for(receiver):
    """endpoint_for(owner, classroom=None, events=all): an endpoint posting to the test receiver."""

    def make(owner, classroom=None, events=None, url=None):
        events = events or ["attempt.submitted", "attempt.graded", "response.marked", "assignment.created",
                            "report.sent"]  # fmt: skip
        return webhook_endpoint_create(owner=owner, url=url or receiver.url, events=events, classroom=classroom)

    return make
