"""OpenAPI examples for the quizzes API (see quizzes.apis; the attempts' are in classroom.attempt_examples).

One story runs through them, taken from a real run of the API: a teacher creates "The Cuban Missile
Crisis" with one question of each type, a student starts an attempt (options, items and matching
sides in the attempt's order, under ids of that attempt: random numbers), saves an answer to every question, submits
(the essay needs review), and sees the result once the teacher has scored the essay. Ids agree
across the examples; the shapes are those of quizzes.serializers."""

from drf_spectacular.utils import OpenApiExample

from quizzes.formats.moodle_xml import write_moodle_xml
from quizzes.types import Choice, NumericAnswer, QuestionData

# Not the demo's quiz (`make run` assigns that one to the demo class: these examples must not be its key).
BRIEF = "cuban-missile-crisis-brief"

SETTINGS = {
    "slug": "cuban-missile-crisis",
    "title": "The Cuban Missile Crisis",
    "brief": BRIEF,
    "description": "One question of each type on the crisis and its time.",
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

ESSAY_MODEL_ANSWER = "A trade: Soviet missiles left Cuba, and American missiles quietly left Turkey."

# As a teacher writes them (POST /quizzes/): no ids, defaults left out.
NEW_QUESTIONS = [
    {
        "type": "single",
        "name": "President",
        "prompt": "Which U.S. President faced the Cuban Missile Crisis?",
        "points": 1,
        "choices": [
            {"text": "John F. Kennedy", "fraction": 1, "feedback": "Correct: the crisis came in October 1962."},
            {"text": "Dwight D. Eisenhower", "fraction": 0, "feedback": "Eisenhower left office in January 1961."},
            {"text": "Lyndon B. Johnson", "fraction": 0, "feedback": "Johnson took office in November 1963."},
        ],
    },
    {
        "type": "multiple",
        "name": "Soviet firsts",
        "prompt": "Which of these did the Soviet Union launch? Select all that apply.",
        "choices": [
            {"text": "Sputnik 1", "fraction": 0.5},
            {"text": "Vostok 1", "fraction": 0.5},
            {"text": "Explorer 1", "fraction": -1, "feedback": "Explorer 1 was American."},
        ],
    },
    {
        "type": "true_false",
        "name": "Berlin Wall",
        "prompt": "The Berlin Wall went up before the Cuban Missile Crisis.",
        "correct": True,
        "feedback_true": "Right: it went up in August 1961.",
        "feedback_false": "It went up in August 1961, a year before.",
    },
    {
        "type": "short_answer",
        "name": "Gagarin's craft",
        "prompt": "Yuri Gagarin orbited the Earth in _____ 1.",
        "case_sensitive": False,
        "accepted": [
            {"text": "Vostok", "fraction": 1},
            {"text": "Vostok-1", "fraction": 1},
            {"text": "*", "fraction": 0, "feedback": "It was Vostok 1: * catches every other answer."},
        ],
    },
    {
        "type": "numerical",
        "name": "Crisis year",
        "prompt": "In which year was the Cuban Missile Crisis?",
        "numeric": [{"value": 1962, "tolerance": 0, "fraction": 1, "feedback": ""}],
    },
    {
        "type": "matching",
        "name": "Space firsts",
        "prompt": "Match each spacecraft to what it did first.",
        "pairs": [
            {"left": "Sputnik 1", "right": "First artificial satellite"},
            {"left": "Vostok 1", "right": "First person in orbit"},
            {"left": "Luna 2", "right": "First craft to reach the Moon"},
        ],
    },
    {
        "type": "ordering",
        "name": "Chronology",
        "prompt": "Put these events in the order they happened.",
        "items": [
            {"text": "Sputnik is launched"},
            {"text": "A U-2 is shot down over the Soviet Union"},
            {"text": "The Berlin Wall goes up"},
            {"text": "The Cuban Missile Crisis"},
        ],
    },
    {
        "type": "essay",
        "name": "Why it ended",
        "prompt": "Explain **one** reason the crisis ended without war.",
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
        {"id": 70, "text": "John F. Kennedy", "fraction": 1.0, "feedback": SINGLE["choices"][0]["feedback"]},
        {"id": 71, "text": "Dwight D. Eisenhower", "fraction": 0.0, "feedback": SINGLE["choices"][1]["feedback"]},
        {"id": 72, "text": "Lyndon B. Johnson", "fraction": 0.0, "feedback": SINGLE["choices"][2]["feedback"]},
    ]),
    _stored(58, 2, MULTIPLE, choices=[
        {"id": 73, "text": "Sputnik 1", "fraction": 0.5, "feedback": ""},
        {"id": 74, "text": "Vostok 1", "fraction": 0.5, "feedback": ""},
        {"id": 75, "text": "Explorer 1", "fraction": -1.0, "feedback": "Explorer 1 was American."},
    ]),
    _stored(59, 3, TRUE_FALSE, correct=True, feedback_true=TRUE_FALSE["feedback_true"],
            feedback_false=TRUE_FALSE["feedback_false"]),
    _stored(60, 4, SHORT, accepted=[
        {"id": 76, "text": "Vostok", "fraction": 1.0, "feedback": ""},
        {"id": 77, "text": "Vostok-1", "fraction": 1.0, "feedback": ""},
    ]),
    _stored(61, 5, NUMERICAL, numeric=[
        {"value": 1962, "tolerance": 0, "min": None, "max": None, "fraction": 1, "feedback": ""},
    ]),
    _stored(62, 6, MATCHING, pairs=[
        {"id": 78, "left": "Sputnik 1", "right": "First artificial satellite"},
        {"id": 79, "left": "Vostok 1", "right": "First person in orbit"},
        {"id": 80, "left": "Luna 2", "right": "First craft to reach the Moon"},
    ]),
    _stored(63, 7, ORDERING, items=[
        {"id": 81, "text": "Sputnik is launched"},
        {"id": 82, "text": "A U-2 is shot down over the Soviet Union"},
        {"id": 83, "text": "The Berlin Wall goes up"},
        {"id": 84, "text": "The Cuban Missile Crisis"},
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
    value={"slug": "cuban-missile-crisis", "title": "The Cuban Missile Crisis", "time_limit": 20},
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
                "name": "Soviet firsts",
                "prompt": "Which of these did the Soviet Union launch? Select all that apply.",
                "choices": [
                    {"id": 73, "text": "Sputnik 1", "fraction": 0.5},
                    {"id": 74, "text": "Vostok 1", "fraction": 0.5},
                    {"id": 75, "text": "Explorer 1", "fraction": -0.5, "feedback": "Explorer 1 was American."},
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
    value="""// The Cuban Missile Crisis
// exported from the classroom platform

::President::Which U.S. President faced the Cuban Missile Crisis? {
  =John F. Kennedy #Correct\\: the crisis came in October 1962.
  ~Dwight D. Eisenhower #Eisenhower left office in January 1961.
  ~Lyndon B. Johnson #Johnson took office in November 1963.
}

::Soviet firsts::Which of these did the Soviet Union launch? Select all that apply. {
  ~%50%Sputnik 1
  ~%50%Vostok 1
  ~%-100%Explorer 1 #Explorer 1 was American.
}

::Berlin Wall::The Berlin Wall went up before the Cuban Missile Crisis. \
{TRUE#It went up in August 1961, a year before.#Right\\: it went up in August 1961.}

::Gagarin's craft::Yuri Gagarin orbited the Earth in {=Vostok =Vostok-1} 1.

::Crisis year::In which year was the Cuban Missile Crisis? {#1962}

::Space firsts::Match each spacecraft to what it did first. {
  =Sputnik 1 -> First artificial satellite
  =Vostok 1 -> First person in orbit
  =Luna 2 -> First craft to reach the Moon
}

// Skipped: ordering questions have no GIFT syntax.
// Put these events in the order they happened.
// 1. Sputnik is launched
// 2. A U-2 is shot down over the Soviet Union
// 3. The Berlin Wall goes up
// 4. The Cuban Missile Crisis

::Why it ended::Explain **one** reason the crisis ended without war. {}
""",
)
AIKEN_IMPORT_TEXT = OpenApiExample(
    "Aiken text (JSON)",
    request_only=True,
    media_type="application/json",
    value={
        "format": "aiken",
        "text": "Which U.S. President faced the Cuban Missile Crisis?\nA. Dwight D. Eisenhower\nB. John F. Kennedy\n"
        "C. Lyndon B. Johnson\nANSWER: B\n\nWhere were the Soviet missiles?\nA. Cuba\nB. Turkey\nANSWER: A\n\n"
        "Who led the Soviet Union in 1962?\nA. Nikita Khrushchev\nB. Fidel Castro\nANSWER: A\n",
        "replace": False,
    },
)
MOODLE_XML_EXPORT = OpenApiExample(
    "A quiz as Moodle XML",
    response_only=True,
    status_codes=["200"],
    media_type="text/xml",
    value=write_moodle_xml(
        [
            QuestionData(
                "single",
                "Which U.S. President faced the Cuban Missile Crisis?",
                name="President",
                choices=[
                    Choice("John F. Kennedy", 1, "Correct: the crisis came in October 1962."),
                    Choice("Dwight D. Eisenhower", 0, "Eisenhower left office in January 1961."),
                ],
            ),
            QuestionData(
                "numerical", "In which year did the crisis take place?", name="Year", numeric=[NumericAnswer(1962)]
            ),
        ]
    ),
)
