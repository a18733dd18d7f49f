"""Examples of the webhooks API for its schema (checked against the schema by tests/api/test_schema.py)."""

from drf_spectacular.utils import OpenApiExample

ENDPOINT = {
    "id": 3,
    "url": "https://lms.example.org/hooks/classroom",
    "events": ["attempt.graded", "response.marked"],
    "classroom": 1,
    "description": "Grades to the school's LMS",
    "active": True,
    "failing_since": None,
    "disabled_at": None,
    "created_at": "2026-11-23T08:30:12Z",
}
DELIVERY = {
    "id": 812,
    "endpoint": 3,
    "message_id": "msg_4f1c2a9be07d4b0c9d2e35c1a6f08b77",
    "event": "attempt.graded",
    "status": "delivered",
    "attempts": 1,
    "response_code": 204,
    "duration_ms": 38,
    "last_error": "",
    "payload": {
        "type": "attempt.graded",
        "timestamp": "2026-11-24T10:15:02.318000+00:00",
        "data": {
            "attempt": {
                "id": 5120,
                "quiz": "khrushchev-quiz",
                "student": 41,
                "number": 1,
                "status": "graded",
                "score": 8.5,
                "max_score": 10.0,
                "submitted_at": "2026-11-24T10:15:00.912000+00:00",
                "graded_at": "2026-11-24T10:15:02.318000+00:00",
            }  # fmt: skip
        },
    },
    "created_at": "2026-11-24T10:15:02.318000Z",
    "next_attempt_at": "2026-11-24T10:15:02.318000Z",
    "delivered_at": "2026-11-24T10:15:02.401000Z",
}

ENDPOINT_LIST = OpenApiExample("A page of endpoints", response_only=True, status_codes=["200"], value=ENDPOINT)
ENDPOINT_DETAIL = OpenApiExample("An endpoint", response_only=True, status_codes=["200"], value=ENDPOINT)
ENDPOINT_CREATE = OpenApiExample(
    "An endpoint for a class",
    request_only=True,
    value={
        "url": ENDPOINT["url"],
        "events": ENDPOINT["events"],
        "classroom": 1,
        "description": ENDPOINT["description"],
    },
)
ENDPOINT_CREATED = OpenApiExample(
    "The endpoint and its secret, shown this once",
    response_only=True,
    status_codes=["201"],
    value={**ENDPOINT, "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwQ1ttBaR2aA4="},
)
DELIVERY_LIST = OpenApiExample("A page of deliveries", response_only=True, status_codes=["200"], value=DELIVERY)
DELIVERY_RESENT = OpenApiExample(
    "Queued again",
    response_only=True,
    status_codes=["202"],
    value={**DELIVERY, "status": "pending", "attempts": 1, "delivered_at": None},
)
