"""OpenAPI examples for the attempts API (classroom.apis.attempts): the story of quizzes.examples continued, a
student taking "The Cuban Missile Crisis"; the shapes are those of quizzes.serializers."""

from drf_spectacular.utils import OpenApiExample

from quizzes.examples import (
    ESSAY,
    ESSAY_MODEL_ANSWER,
    MATCHING,
    MULTIPLE,
    NUMERICAL,
    ORDERING,
    SHORT,
    SINGLE,
    TRUE_FALSE,
)

# The student view: options in this attempt's order, each under an id of this attempt (never the stored option id,
# which would give the author's order away), as {id, text}; no key.
SHOWN_QUESTIONS = [
    {"id": 57, "type": "single", "prompt": SINGLE["prompt"], "prompt_html": f"<p>{SINGLE['prompt']}</p>\n",
     "points": 1.0, "choices": [
         {"id": 1870410221, "text": "Dwight D. Eisenhower"}, {"id": 306516880, "text": "John F. Kennedy"},
         {"id": 958151374, "text": "Lyndon B. Johnson"}]},
    {"id": 58, "type": "multiple", "prompt": MULTIPLE["prompt"], "prompt_html": f"<p>{MULTIPLE['prompt']}</p>\n",
     "points": 1.0, "choices": [
         {"id": 2005531960, "text": "Explorer 1"}, {"id": 77180935, "text": "Sputnik 1"},
         {"id": 1411043502, "text": "Vostok 1"}]},
    {"id": 59, "type": "true_false", "prompt": TRUE_FALSE["prompt"],
     "prompt_html": f"<p>{TRUE_FALSE['prompt']}</p>\n", "points": 1.0},
    {"id": 60, "type": "short_answer", "prompt": SHORT["prompt"], "prompt_html": f"<p>{SHORT['prompt']}</p>\n",
     "points": 1.0},
    {"id": 61, "type": "numerical", "prompt": NUMERICAL["prompt"], "prompt_html": f"<p>{NUMERICAL['prompt']}</p>\n",
     "points": 1.0},
    {"id": 62, "type": "matching", "prompt": MATCHING["prompt"], "prompt_html": f"<p>{MATCHING['prompt']}</p>\n",
     "points": 1.0,
     "left": [
         {"id": 1122693350, "text": "Luna 2"}, {"id": 640382507, "text": "Vostok 1"},
         {"id": 1925736218, "text": "Sputnik 1"}],
     "right": [
         {"id": 434720137, "text": "First craft to reach the Moon"},
         {"id": 228835318, "text": "First artificial satellite"},
         {"id": 1568377882, "text": "First person in orbit"}]},
    {"id": 63, "type": "ordering", "prompt": ORDERING["prompt"], "prompt_html": f"<p>{ORDERING['prompt']}</p>\n",
     "points": 1.0, "items": [
         {"id": 873520944, "text": "The Berlin Wall goes up"}, {"id": 1689023417, "text": "The Cuban Missile Crisis"},
         {"id": 520734581, "text": "Sputnik is launched"},
         {"id": 1342871006, "text": "A U-2 is shot down over the Soviet Union"}]},
    {"id": 64, "type": "essay", "prompt": ESSAY["prompt"],
     "prompt_html": "<p>Explain <strong>one</strong> reason the crisis ended without war.</p>\n", "points": 4.0},
]  # fmt: skip

ESSAY_ANSWER = "Both sides gave something: the missiles left Cuba, and the United States promised not to invade."
# One answer of each type, in the shapes of DESIGN.md (the ordering one puts the last two events the wrong way round).
ANSWERS = [
    {"question": 57, "answer": {"choice": 306516880}},
    {"question": 58, "answer": {"choices": [77180935, 1411043502]}},
    {"question": 59, "answer": {"value": True}},
    {"question": 60, "answer": {"text": "Vostok"}},
    {"question": 61, "answer": {"value": 1962}},
    {"question": 62, "answer": {"pairs": [
        {"left": 1122693350, "right": 434720137}, {"left": 640382507, "right": 1568377882},
        {"left": 1925736218, "right": 228835318}]}},
    {"question": 63, "answer": {"order": [520734581, 1342871006, 1689023417, 873520944]}},
    {"question": 64, "answer": {"text": ESSAY_ANSWER}},
]  # fmt: skip
POINTS = {q["id"]: q["points"] for q in SHOWN_QUESTIONS}

# What review shows once the attempt is submitted (review policy after_submission): score, feedback, key.
REVIEWED = {
    57: {"score": 1.0, "feedback": SINGLE["choices"][0]["feedback"], "correct_answer": {"choice": 306516880}},
    58: {"score": 1.0, "feedback": "", "correct_answer": {"choices": [77180935, 1411043502]}},
    59: {"score": 1.0, "feedback": TRUE_FALSE["feedback_true"], "correct_answer": {"value": True}},
    60: {"score": 1.0, "feedback": "", "correct_answer": {"text": "Vostok"}},
    61: {"score": 1.0, "feedback": "", "correct_answer": {"value": 1962}},
    62: {"score": 1.0, "feedback": "", "correct_answer": {"pairs": [
        {"left": 1925736218, "right": 228835318}, {"left": 640382507, "right": 1568377882},
        {"left": 1122693350, "right": 434720137}]}},
    63: {"score": 0.6667, "feedback": "", "correct_answer": {
        "order": [520734581, 1342871006, 873520944, 1689023417]}},
    64: {"score": None, "feedback": "", "correct_answer": {"text": ESSAY_MODEL_ANSWER}},
}  # fmt: skip

ATTEMPT = {
    "id": 2,
    "quiz": "cuban-missile-crisis",
    "student": "student",
    "number": 1,
    "status": "in_progress",
    "started_at": "2026-11-23T09:00:05Z",
    "deadline": "2026-11-23T09:20:05Z",
    "submitted_at": None,
    "score": None,
    "max_score": 11.0,
    "percent": None,
    "provisional": None,
    "version": 0,
    "questions": SHOWN_QUESTIONS,
    "responses": [{"question": q["id"], "answer": None, "points": q["points"]} for q in SHOWN_QUESTIONS],
}
SAVED = {
    **ATTEMPT,
    "version": 1,
    "responses": [{**a, "points": POINTS[a["question"]]} for a in ANSWERS],
}
SUBMITTED = {
    **SAVED,
    "status": "needs_review",
    "submitted_at": "2026-11-23T09:14:32Z",
    "score": 6.6667,
    "percent": 60.60636363636363,
    "provisional": None,
    "responses": [{**a, "points": POINTS[a["question"]], **REVIEWED[a["question"]]} for a in ANSWERS],
}
GRADED = {
    **SUBMITTED,
    "status": "graded",
    "score": 9.6667,
    "percent": 87.87909090909092,
    "provisional": None,
    "responses": [
        {**r, "score": 3.0, "feedback": "A good example; now say why it lasted."} if r["question"] == 64 else r
        for r in SUBMITTED["responses"]
    ],
}

ATTEMPT_STARTED = OpenApiExample(
    "Started: the questions as this attempt shows them", response_only=True, status_codes=["201"], value=ATTEMPT
)
ATTEMPT_RESUMED = OpenApiExample(
    "Resumed: the attempt already in progress, with its saved answers",
    response_only=True,
    status_codes=["200"],
    value=SAVED,
)
AUTOSAVE = OpenApiExample(
    "An answer to each of the eight types", request_only=True, value={"responses": ANSWERS, "version": 0}
)
AUTOSAVE_ONE = OpenApiExample(
    "One answer changed", request_only=True, value={"responses": [{"question": 61, "answer": {"value": 1962}}]}
)
AUTOSAVED = OpenApiExample(
    "Saved: answers kept, nothing scored yet", response_only=True, status_codes=["200"], value=SAVED
)
ATTEMPT_SUBMITTED = OpenApiExample(
    "Submitted: graded but the essay, which needs review",
    response_only=True,
    status_codes=["202"],
    value=SUBMITTED,
)
ATTEMPT_IN_PROGRESS = OpenApiExample(
    "In progress: answers so far, no score", response_only=True, status_codes=["200"], value=SAVED
)
ATTEMPT_GRADED = OpenApiExample(
    "Graded after review: scores, feedback and correct answers",
    response_only=True,
    status_codes=["200"],
    value=GRADED,
)

ATTEMPT_LIST = OpenApiExample(
    "A page of attempts",
    response_only=True,
    status_codes=["200"],
    value={
        "id": 2,
        "quiz": "cuban-missile-crisis",
        "student": "student",
        "number": 1,
        "status": "graded",
        "started_at": "2026-11-23T09:00:05Z",
        "submitted_at": "2026-11-23T09:14:32Z",
        "score": 9.6667,
        "max_score": 11.0,
    },
)
