"""OpenAPI examples for the quizzes and attempts API (see quizzes.apis).

One story runs through them, taken from a real run of the API: a teacher creates "Khrushchev and the
Cold War" with one question of each type, a student starts an attempt (options in the attempt's
order, matching right-hand ids that are opaque numbers), saves an answer to every question, submits
(the essay needs review), and sees the result once the teacher has scored the essay. Ids agree
across the examples; the shapes are those of quizzes.serializers."""

from drf_spectacular.utils import OpenApiExample

BRIEF = "russian-history-iii-khrushchev-s-rise-to-power-and-leadership-brief"

SETTINGS = {
    "slug": "khrushchev-cold-war",
    "title": "Khrushchev and the Cold War",
    "brief": BRIEF,
    "description": "One question of each type on the Khrushchev era.",
    "published": True,
    "time_limit": 20,
    "attempts_allowed": 2,
    "grading_method": "highest",
    "shuffle_questions": False,
    "shuffle_choices": True,
    "questions_per_attempt": None,
    "pass_mark": 60.0,
    "review_policy": "after_submission",
}

# ---------------------------------------------------------------- the teacher shape of questions

ESSAY_MODEL_ANSWER = "The end of mass terror: the Gulag emptied and political rivals were retired, not shot."

# As a teacher writes them (POST /quizzes/): no ids, defaults left out.
NEW_QUESTIONS = [
    {
        "type": "single",
        "name": "Successor",
        "prompt": "Who replaced Khrushchev as First Secretary in 1964?",
        "points": 1,
        "choices": [
            {"text": "Leonid Brezhnev", "fraction": 1, "feedback": "Correct: Brezhnev organized the palace coup."},
            {"text": "Georgy Malenkov", "fraction": 0, "feedback": "Malenkov had been sidelined by 1957."},
            {"text": "Alexei Kosygin", "fraction": 0, "feedback": "Kosygin became Premier, not First Secretary."},
        ],
    },
    {
        "type": "multiple",
        "name": "Anti-Party Group",
        "prompt": "Which of these belonged to the Anti-Party Group of 1957? Select all that apply.",
        "choices": [
            {"text": "Georgy Malenkov", "fraction": 0.5},
            {"text": "Vyacheslav Molotov", "fraction": 0.5},
            {"text": "Leonid Brezhnev", "fraction": -1, "feedback": "Brezhnev sided with Khrushchev."},
        ],
    },
    {
        "type": "true_false",
        "name": "Hungary",
        "prompt": "Khrushchev allowed the Hungarian Revolution of 1956 to succeed.",
        "correct": False,
        "feedback_true": "Soviet troops crushed it in November 1956.",
        "feedback_false": "Right: Soviet troops crushed it in November 1956.",
    },
    {
        "type": "short_answer",
        "name": "Secret Speech congress",
        "prompt": "The Secret Speech was delivered to the _____ Party Congress.",
        "accepted": [{"text": "20th", "fraction": 1}, {"text": "Twentieth", "fraction": 1}],
    },
    {
        "type": "numerical",
        "name": "Secret Speech year",
        "prompt": "In which year did Khrushchev deliver the Secret Speech?",
        "numeric": [{"value": 1956, "tolerance": 0, "fraction": 1, "feedback": ""}],
    },
    {
        "type": "matching",
        "name": "Leaders",
        "prompt": "Match each leader to their role.",
        "pairs": [
            {"left": "Mao Zedong", "right": "Chairman of the Chinese Communist Party"},
            {"left": "Władysław Gomułka", "right": "Polish leader from October 1956"},
            {"left": "John F. Kennedy", "right": "U.S. President during the Cuban Missile Crisis"},
        ],
    },
    {
        "type": "ordering",
        "name": "Chronology",
        "prompt": "Put these events in the order they happened.",
        "items": [
            {"text": "Stalin dies"},
            {"text": "The Secret Speech"},
            {"text": "Sputnik is launched"},
            {"text": "Khrushchev is ousted"},
        ],
    },
    {
        "type": "essay",
        "name": "De-Stalinization",
        "prompt": "Explain **one** lasting effect of de-Stalinization.",
        "points": 4,
        "model_answer": ESSAY_MODEL_ANSWER,
    },
]


def _stored(qid: int, position: int, question: dict, **keys) -> dict:
    """A question as the API sends it back to a teacher: every field, with ids."""
    common = {
        "id": qid,
        "position": position,
        "type": question["type"],
        "name": question["name"],
        "prompt": question["prompt"],
        "prompt_format": "markdown",
        "points": float(question.get("points", 1)),
        "general_feedback": "",
        "study_item": None,
    }
    return {**common, **keys}


SINGLE, MULTIPLE, TRUE_FALSE, SHORT, NUMERICAL, MATCHING, ORDERING, ESSAY = NEW_QUESTIONS
TEACHER_QUESTIONS = [
    _stored(57, 1, SINGLE, choices=[
        {"id": 70, "text": "Leonid Brezhnev", "fraction": 1.0, "feedback": SINGLE["choices"][0]["feedback"]},
        {"id": 71, "text": "Georgy Malenkov", "fraction": 0.0, "feedback": SINGLE["choices"][1]["feedback"]},
        {"id": 72, "text": "Alexei Kosygin", "fraction": 0.0, "feedback": SINGLE["choices"][2]["feedback"]},
    ]),
    _stored(58, 2, MULTIPLE, choices=[
        {"id": 73, "text": "Georgy Malenkov", "fraction": 0.5, "feedback": ""},
        {"id": 74, "text": "Vyacheslav Molotov", "fraction": 0.5, "feedback": ""},
        {"id": 75, "text": "Leonid Brezhnev", "fraction": -1.0, "feedback": "Brezhnev sided with Khrushchev."},
    ]),
    _stored(59, 3, TRUE_FALSE, correct=False, feedback_true=TRUE_FALSE["feedback_true"],
            feedback_false=TRUE_FALSE["feedback_false"]),
    _stored(60, 4, SHORT, accepted=[
        {"id": 76, "text": "20th", "fraction": 1.0, "feedback": ""},
        {"id": 77, "text": "Twentieth", "fraction": 1.0, "feedback": ""},
    ]),
    _stored(61, 5, NUMERICAL, numeric=[
        {"value": 1956, "tolerance": 0, "min": None, "max": None, "fraction": 1, "feedback": ""},
    ]),
    _stored(62, 6, MATCHING, pairs=[
        {"id": 78, "left": "Mao Zedong", "right": "Chairman of the Chinese Communist Party"},
        {"id": 79, "left": "Władysław Gomułka", "right": "Polish leader from October 1956"},
        {"id": 80, "left": "John F. Kennedy", "right": "U.S. President during the Cuban Missile Crisis"},
    ]),
    _stored(63, 7, ORDERING, items=[
        {"id": 81, "text": "Stalin dies"},
        {"id": 82, "text": "The Secret Speech"},
        {"id": 83, "text": "Sputnik is launched"},
        {"id": 84, "text": "Khrushchev is ousted"},
    ]),
    _stored(64, 8, ESSAY, model_answer=ESSAY_MODEL_ANSWER),
]  # fmt: skip

# ---------------------------------------------------------------- quizzes

QUIZ_CREATE = OpenApiExample(
    "A quiz with one question of each type",
    request_only=True,
    value={**SETTINGS, "published": False, "pass_mark": 60, "questions": NEW_QUESTIONS},
)
QUIZ_CREATE_MINIMAL = OpenApiExample(
    "A draft without questions yet",
    request_only=True,
    value={"slug": "khrushchev-cold-war", "title": "Khrushchev and the Cold War", "time_limit": 20},
)
QUIZ_TEACHER = {**SETTINGS, "question_count": 8, "questions": TEACHER_QUESTIONS}
QUIZ_CREATED = OpenApiExample(
    "The new quiz, with every key",
    response_only=True,
    status_codes=["201"],
    value={**QUIZ_TEACHER, "published": False},
)

QUIZ_PATCH_PUBLISH = OpenApiExample("Publish", request_only=True, value={"published": True})
QUIZ_PATCH_SETTINGS = OpenApiExample(
    "Change settings",
    request_only=True,
    value={"time_limit": 30, "attempts_allowed": 3, "grading_method": "average", "review_policy": "after_due"},
)
QUIZ_PATCH_KEY = OpenApiExample(
    "Correct a key once students have answered (by id; attempts are regraded)",
    request_only=True,
    value={
        "questions": [
            {
                "id": 58,
                "type": "multiple",
                "name": "Anti-Party Group",
                "prompt": "Which of these belonged to the Anti-Party Group of 1957? Select all that apply.",
                "choices": [
                    {"id": 73, "text": "Georgy Malenkov", "fraction": 0.5},
                    {"id": 74, "text": "Vyacheslav Molotov", "fraction": 0.5},
                    {
                        "id": 75,
                        "text": "Leonid Brezhnev",
                        "fraction": -0.5,
                        "feedback": "Brezhnev sided with Khrushchev.",
                    },
                ],
            }
        ]
    },
)
QUIZ_PATCHED = OpenApiExample("The quiz after the change", response_only=True, status_codes=["200"], value=QUIZ_TEACHER)

QUIZ_LIST = OpenApiExample(
    "A page of quizzes", response_only=True, status_codes=["200"], value={**SETTINGS, "question_count": 8}
)
QUIZ_DETAIL_TEACHER = OpenApiExample(
    "Teacher: every question with its key", response_only=True, status_codes=["200"], value=QUIZ_TEACHER
)
QUIZ_DETAIL_STUDENT = OpenApiExample(
    "Student: settings and attempts left, no questions",
    response_only=True,
    status_codes=["200"],
    value={**SETTINGS, "question_count": 8, "attempts_left": 1},
)

GIFT_IMPORT_TEXT = OpenApiExample(
    "GIFT text (JSON)",
    request_only=True,
    media_type="application/json",
    value={
        "text": "::Sputnik::In which year was Sputnik 1 launched? {#1957}\n\n"
        "::Wall::The Berlin Wall went up in 1961. {TRUE}\n\n"
        "::Crisis::The Cuban Missile Crisis ended with the Soviet missiles "
        "{=withdrawn ~kept in Cuba ~moved to Turkey}.\n",
        "replace": False,
    },
)
GIFT_IMPORTED = OpenApiExample(
    "Three questions added", response_only=True, status_codes=["200"], value={"imported": 3, "warnings": []}
)
GIFT_EXPORT = OpenApiExample(
    "A quiz as GIFT (an ordering question has no GIFT syntax: it is left as a comment)",
    response_only=True,
    status_codes=["200"],
    media_type="text/plain",
    value="""// Khrushchev and the Cold War
// exported from the classroom platform

::Successor::Who replaced Khrushchev as First Secretary in 1964? {
  =Leonid Brezhnev #Correct\\: Brezhnev organized the palace coup.
  ~Georgy Malenkov #Malenkov had been sidelined by 1957.
  ~Alexei Kosygin #Kosygin became Premier, not First Secretary.
}

::Anti-Party Group::Which of these belonged to the Anti-Party Group of 1957? Select all that apply. {
  ~%50%Georgy Malenkov
  ~%50%Vyacheslav Molotov
  ~%-100%Leonid Brezhnev #Brezhnev sided with Khrushchev.
}

::Hungary::Khrushchev allowed the Hungarian Revolution of 1956 to succeed. \
{FALSE#Soviet troops crushed it in November 1956.#Right\\: Soviet troops crushed it in November 1956.}

::Secret Speech congress::The Secret Speech was delivered to the {=20th =Twentieth} Party Congress.

::Secret Speech year::In which year did Khrushchev deliver the Secret Speech? {#1956}

::Leaders::Match each leader to their role. {
  =Mao Zedong -> Chairman of the Chinese Communist Party
  =Władysław Gomułka -> Polish leader from October 1956
  =John F. Kennedy -> U.S. President during the Cuban Missile Crisis
}

// Skipped: ordering questions have no GIFT syntax.
// Put these events in the order they happened.
// 1. Stalin dies
// 2. The Secret Speech
// 3. Sputnik is launched
// 4. Khrushchev is ousted

::De-Stalinization::Explain **one** lasting effect of de-Stalinization. {}
""",
)

# ---------------------------------------------------------------- attempts

# The student view: options in this attempt's order, as {id, text}; no key.
SHOWN_QUESTIONS = [
    {"id": 57, "type": "single", "prompt": SINGLE["prompt"], "prompt_html": f"<p>{SINGLE['prompt']}</p>\n",
     "points": 1.0, "choices": [
         {"id": 70, "text": "Leonid Brezhnev"}, {"id": 71, "text": "Georgy Malenkov"},
         {"id": 72, "text": "Alexei Kosygin"}]},
    {"id": 58, "type": "multiple", "prompt": MULTIPLE["prompt"], "prompt_html": f"<p>{MULTIPLE['prompt']}</p>\n",
     "points": 1.0, "choices": [
         {"id": 75, "text": "Leonid Brezhnev"}, {"id": 73, "text": "Georgy Malenkov"},
         {"id": 74, "text": "Vyacheslav Molotov"}]},
    {"id": 59, "type": "true_false", "prompt": TRUE_FALSE["prompt"],
     "prompt_html": f"<p>{TRUE_FALSE['prompt']}</p>\n", "points": 1.0},
    {"id": 60, "type": "short_answer", "prompt": SHORT["prompt"], "prompt_html": f"<p>{SHORT['prompt']}</p>\n",
     "points": 1.0},
    {"id": 61, "type": "numerical", "prompt": NUMERICAL["prompt"], "prompt_html": f"<p>{NUMERICAL['prompt']}</p>\n",
     "points": 1.0},
    {"id": 62, "type": "matching", "prompt": MATCHING["prompt"], "prompt_html": f"<p>{MATCHING['prompt']}</p>\n",
     "points": 1.0,
     "left": [
         {"id": 80, "text": "John F. Kennedy"}, {"id": 79, "text": "Władysław Gomułka"},
         {"id": 78, "text": "Mao Zedong"}],
     "right": [
         {"id": 434720137, "text": "U.S. President during the Cuban Missile Crisis"},
         {"id": 228835318, "text": "Chairman of the Chinese Communist Party"},
         {"id": 1568377882, "text": "Polish leader from October 1956"}]},
    {"id": 63, "type": "ordering", "prompt": ORDERING["prompt"], "prompt_html": f"<p>{ORDERING['prompt']}</p>\n",
     "points": 1.0, "items": [
         {"id": 83, "text": "Sputnik is launched"}, {"id": 84, "text": "Khrushchev is ousted"},
         {"id": 81, "text": "Stalin dies"}, {"id": 82, "text": "The Secret Speech"}]},
    {"id": 64, "type": "essay", "prompt": ESSAY["prompt"],
     "prompt_html": "<p>Explain <strong>one</strong> lasting effect of de-Stalinization.</p>\n", "points": 4.0},
]  # fmt: skip

ESSAY_ANSWER = "Political rivals were no longer shot: Malenkov and Molotov lost their posts but kept their lives."
# One answer of each type, in the shapes of DESIGN.md (the ordering one puts the last two events the wrong way round).
ANSWERS = [
    {"question": 57, "answer": {"choice": 70}},
    {"question": 58, "answer": {"choices": [73, 74]}},
    {"question": 59, "answer": {"value": False}},
    {"question": 60, "answer": {"text": "20th"}},
    {"question": 61, "answer": {"value": 1956}},
    {"question": 62, "answer": {"pairs": [
        {"left": 80, "right": 434720137}, {"left": 79, "right": 1568377882}, {"left": 78, "right": 228835318}]}},
    {"question": 63, "answer": {"order": [81, 82, 84, 83]}},
    {"question": 64, "answer": {"text": ESSAY_ANSWER}},
]  # fmt: skip
POINTS = {q["id"]: q["points"] for q in SHOWN_QUESTIONS}

# What review shows once the attempt is submitted (review policy after_submission): score, feedback, key.
REVIEWED = {
    57: {"score": 1.0, "feedback": "Correct: Brezhnev organized the palace coup.", "correct_answer": {"choice": 70}},
    58: {"score": 1.0, "feedback": "", "correct_answer": {"choices": [73, 74]}},
    59: {"score": 1.0, "feedback": TRUE_FALSE["feedback_false"], "correct_answer": {"value": False}},
    60: {"score": 1.0, "feedback": "", "correct_answer": {"text": "20th"}},
    61: {"score": 1.0, "feedback": "", "correct_answer": {"value": 1956}},
    62: {"score": 1.0, "feedback": "", "correct_answer": {"pairs": [
        {"left": 78, "right": 228835318}, {"left": 79, "right": 1568377882}, {"left": 80, "right": 434720137}]}},
    63: {"score": 0.6667, "feedback": "", "correct_answer": {"order": [81, 82, 83, 84]}},
    64: {"score": None, "feedback": "", "correct_answer": {"text": ESSAY_MODEL_ANSWER}},
}  # fmt: skip

ATTEMPT = {
    "id": 2,
    "quiz": "khrushchev-cold-war",
    "student": "student",
    "number": 1,
    "status": "in_progress",
    "started_at": "2026-11-23T09:00:05Z",
    "deadline": "2026-11-23T09:20:05Z",
    "submitted_at": None,
    "score": None,
    "max_score": 11.0,
    "percent": None,
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
    "responses": [{**a, "points": POINTS[a["question"]], **REVIEWED[a["question"]]} for a in ANSWERS],
}
GRADED = {
    **SUBMITTED,
    "status": "graded",
    "score": 9.6667,
    "percent": 87.87909090909092,
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
    "One answer changed", request_only=True, value={"responses": [{"question": 61, "answer": {"value": 1956}}]}
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
        "quiz": "khrushchev-cold-war",
        "student": "student",
        "number": 1,
        "status": "graded",
        "started_at": "2026-11-23T09:00:05Z",
        "submitted_at": "2026-11-23T09:14:32Z",
        "score": 9.6667,
        "max_score": 11.0,
    },
)
