"""OpenAPI examples for the classroom API (see classroom.apis): sign-in, classes, assignments,
gradebook, progress and reports, in the shapes of classroom.serializers. The quiz in them is the
one of quizzes.examples ("cuban-missile-crisis")."""

from drf_spectacular.utils import OpenApiExample

BRIEF = "russian-history-iii-khrushchev-s-rise-to-power-and-leadership-brief"

TOKEN_REQUEST = OpenApiExample(
    "Demo student", request_only=True, value={"username": "student", "password": "classroom-demo"}
)
TOKEN = OpenApiExample(
    "A token", response_only=True, status_codes=["200"], value={"token": "741d4774a763d162ceb05458cc1015be03a499a8"}
)

ME_STUDENT = OpenApiExample(
    "A student",
    response_only=True,
    status_codes=["200"],
    value={
        "id": 2,
        "username": "student",
        "email": "student@example.org",
        "first_name": "Student",
        "last_name": "",
        "role": "student",
    },
)
ME_TEACHER = OpenApiExample(
    "A teacher",
    response_only=True,
    status_codes=["200"],
    value={
        "id": 1,
        "username": "teacher",
        "email": "teacher@example.org",
        "first_name": "Teacher",
        "last_name": "",
        "role": "teacher",
    },
)

CLASS = {
    "id": 1,
    "name": "Russian History III (demo)",
    "description": "A demo class: the Khrushchev era, from the sample garden.",
    "join_code": "JBGU6JPM",
    "active": True,
    "teachers": ["teacher"],
    "student_count": 24,
    "created_at": "2026-09-01T08:00:00Z",
}
NEW_CLASS = {
    "id": 2,
    "name": "Period 3: Cold War",
    "description": "Year 11 history, spring term",
    "join_code": "A7UPGG7R",
    "active": True,
    "teachers": ["teacher"],
    "student_count": 0,
    "created_at": "2026-11-23T08:30:12Z",
}
CLASS_LIST = OpenApiExample("A page of classes", response_only=True, status_codes=["200"], value=CLASS)
CLASS_CREATE = OpenApiExample(
    "A class", request_only=True, value={"name": "Period 3: Cold War", "description": "Year 11 history, spring term"}
)
CLASS_CREATED = OpenApiExample(
    "The new class, with its join code", response_only=True, status_codes=["201"], value=NEW_CLASS
)
JOIN = OpenApiExample("A code", request_only=True, value={"code": "A7UPGG7R"})
JOINED = OpenApiExample(
    "The class joined", response_only=True, status_codes=["200"], value={**NEW_CLASS, "student_count": 1}
)

STUDENTS = OpenApiExample(
    "A page of students",
    response_only=True,
    status_codes=["200"],
    value={
        "id": 7,
        "username": "amira",
        "first_name": "Amira",
        "last_name": "Haddad",
        "email": "amira@example.org",
        "joined_at": "2026-11-23T08:41:55Z",
    },
)

QUIZ_ASSIGNMENT = {
    "id": 3,
    "classroom": 1,
    "classroom_name": "Russian History III (demo)",
    "kind": "quiz",
    "brief": None,
    "quiz": "cuban-missile-crisis",
    "title": "The Cuban Missile Crisis",
    "available_from": "2026-11-23T08:00:00Z",
    "due_at": "2026-11-27T16:00:00Z",
}
BRIEF_ASSIGNMENT = {
    "id": 1,
    "classroom": 1,
    "classroom_name": "Russian History III (demo)",
    "kind": "brief",
    "brief": BRIEF,
    "quiz": None,
    "title": "Leadership of Nikita Khrushchev",
    "available_from": "2026-11-16T08:00:00Z",
    "due_at": "2026-11-20T16:00:00Z",
}
ASSIGNMENTS_STUDENT = OpenApiExample(
    "Student: an assignment with their status and scores",
    response_only=True,
    status_codes=["200"],
    value={**QUIZ_ASSIGNMENT, "status": "graded", "best_score": 87.87909090909092, "grade": 87.8791},
)
ASSIGNMENTS_STUDENT_BRIEF = OpenApiExample(
    "Student: a brief not studied yet, past its due date",
    response_only=True,
    status_codes=["200"],
    value={**BRIEF_ASSIGNMENT, "status": "overdue", "best_score": None, "grade": None},
)
ASSIGNMENTS_TEACHER = OpenApiExample(
    "Teacher: an assignment of a class they teach", response_only=True, status_codes=["200"], value=QUIZ_ASSIGNMENT
)
ASSIGNMENT_CREATE = OpenApiExample(
    "A quiz due on Friday",
    request_only=True,
    value={
        "classroom": 1,
        "quiz": "cuban-missile-crisis",
        "available_from": "2026-11-23T08:00:00Z",
        "due_at": "2026-11-27T16:00:00Z",
    },
)
ASSIGNMENT_CREATE_BRIEF = OpenApiExample(
    "A brief to read, available now, no due date", request_only=True, value={"classroom": 1, "brief": BRIEF}
)
ASSIGNMENT_CREATED = OpenApiExample(
    "The new assignment", response_only=True, status_codes=["201"], value=QUIZ_ASSIGNMENT
)

GRADEBOOK = OpenApiExample(
    "Two quizzes, three students (null: no grade yet)",
    response_only=True,
    status_codes=["200"],
    value={
        "classroom": 1,
        "quizzes": [
            {"slug": "khrushchev-quiz", "title": "Khrushchev: objective quiz", "pass_mark": 50.0},
            {"slug": "cuban-missile-crisis", "title": "The Cuban Missile Crisis", "pass_mark": 60.0},
        ],
        "students": [
            {"id": 7, "username": "amira", "name": "Amira Haddad", "grades": [72.5, 54.5455]},
            {"id": 2, "username": "student", "name": "Student", "grades": [None, 87.8791]},
            {"id": 9, "username": "tomasz", "name": "Tomasz Nowak", "grades": [100.0, None]},
        ],
    },
)
GRADEBOOK_CSV = OpenApiExample(
    "The same as CSV",
    response_only=True,
    status_codes=["200"],
    media_type="text/csv",
    value="username,first_name,last_name,email,khrushchev-quiz,cuban-missile-crisis\r\n"
    "amira,Amira,Haddad,amira@example.org,72.5,54.5\r\n"
    "student,Student,,student@example.org,,87.9\r\n"
    "tomasz,Tomasz,Nowak,tomasz@example.org,100.0,\r\n",
)

PROGRESS = OpenApiExample(
    "Three quizzes taken",
    response_only=True,
    status_codes=["200"],
    value={
        "briefs_studied": 2,
        "quizzes_taken": 3,
        "quizzes_provisional": 0,
        "average": 79.1263,
        "trend": None,
        "history": [
            {"submitted_at": "2026-11-09T10:02:11Z", "percent": 66.6667, "quiz": 4},
            {"submitted_at": "2026-11-16T09:47:40Z", "percent": 82.8333, "quiz": 5},
            {"submitted_at": "2026-11-23T09:14:32Z", "percent": 87.87909090909092, "quiz": 6},
        ],
    },
)

REPORTS = OpenApiExample(
    "A student's weekly report",
    response_only=True,
    status_codes=["200"],
    value={
        "id": 12,
        "kind": "student",
        "student": 2,
        "classroom": None,
        "period_start": "2026-11-16",
        "period_end": "2026-11-22",
        "data": {
            "version": 1,
            "kind": "student",
            "period": {"start": "2026-11-16", "end": "2026-11-22", "next_end": "2026-11-29"},
            "student": {"id": 2, "name": "Student"},
            "classes": ["Russian History III (demo)"],
            "briefs_studied": [
                {
                    "title": "Leadership of Nikita Khrushchev",
                    "url": f"https://classroom.example.org/briefs/{BRIEF}/",
                    "studied_at": "2026-11-17T19:20:03+00:00",
                }
            ],
            "quizzes": [
                {
                    "quiz": 5,
                    "title": "Khrushchev: objective quiz",
                    "attempts": 1,
                    "best": 82.8,
                    "grade": 82.8,
                    "class_median": 71.4,
                    "pass_mark": 50.0,
                    "passed": True,
                }
            ],
            "due_next_week": [
                {
                    "kind": "quiz",
                    "title": "The Cuban Missile Crisis",
                    "classroom": "Russian History III (demo)",
                    "due_at": "2026-11-27T16:00:00+00:00",
                    "done": False,
                    "url": None,
                }
            ],
            "missed": [],
            "history": [
                {"at": "2026-11-09T10:02:11+00:00", "percent": 66.7, "quiz": "Khrushchev: first steps"},
                {"at": "2026-11-16T09:47:40+00:00", "percent": 82.8, "quiz": "Khrushchev: objective quiz"},
            ],
        },
        "sent_at": "2026-11-23T07:00:04Z",
    },
)
