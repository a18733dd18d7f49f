"""Weekly progress reports from plain data: the period and the report dicts.

No ORM: the selectors fill `StudentRows` / `ClassRows`, these functions shape them into the JSON stored on
`ProgressReport.data` (what the API and the site show); classroom.report_email renders the email from that stored
dict alone, so a report re-sent after a crash says exactly what was stored."""

import re
import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

from django.utils.html import strip_tags

from briefs.rendering import element_id

DATA_VERSION = 1
HISTORY_WEEKS = 12  # the student's chart: graded attempts of the last twelve weeks...
HISTORY_POINTS = 12  # ...at most this many, the latest
MISSED_LIMIT = 10
HARDEST_LIMIT = 5
PROMPT_CHARS = 140


# ---------------------------------------------------------------- the period


def week_start(day: date) -> date:
    """The Monday of the day's week: a period is always a whole week, so it has one key."""
    return day - timedelta(days=day.weekday())


def last_full_week(today: date) -> date:
    """The Monday of the last full week (Monday..Sunday) before `today`."""
    return week_start(today) - timedelta(days=7)


@dataclass(frozen=True)
class Period:
    start: date  # a Monday
    end: date  # the Sunday after it
    begins: datetime  # start 00:00 in the report time zone
    ends: datetime  # the Monday after, 00:00: the end of the period and the start of "next week"
    next_ends: datetime  # the end of next week

    @classmethod
    def week_of(cls, start: date, tz: tzinfo) -> "Period":
        # Midnights computed per day (not begins + 7 days) so a week with a DST change still ends at midnight.
        def midnight(day: date) -> datetime:
            return datetime.combine(day, time.min, tzinfo=tz)

        end = start + timedelta(days=6)
        return cls(start, end, midnight(start), midnight(end + timedelta(days=1)), midnight(end + timedelta(days=8)))

    def as_dict(self) -> dict:
        next_end = self.end + timedelta(days=7)
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "next_end": next_end.isoformat()}


# ---------------------------------------------------------------- the rows the selectors fill


@dataclass
class StudentRows:
    """A chunk of students' week, keyed by student id (sid), quiz id (qid), class id (cid), brief id (bid)."""

    students: dict[int, dict] = field(default_factory=dict)  # sid → {id, username, name, email}
    classes: dict[int, list[dict]] = field(default_factory=dict)  # sid → [{id, name}] (active classes)
    attempts: dict[int, list[dict]] = field(default_factory=dict)  # sid → finished attempts, oldest first
    due: dict[int, list[dict]] = field(default_factory=dict)  # cid → assignments due next week
    grades: dict[int, dict[int, dict[int, float | None]]] = field(default_factory=dict)  # cid → qid → sid → grade
    studied: dict[int, dict[int, dict]] = field(default_factory=dict)  # sid → bid → {title, slug, studied_at}
    missed: dict[int, list[dict]] = field(default_factory=dict)  # sid → responses short of full marks


@dataclass
class ClassRows:
    classes: dict[int, dict] = field(default_factory=dict)  # cid → {id, name}
    teachers: dict[int, list[int]] = field(default_factory=dict)  # cid → teacher ids
    students: dict[int, list[dict]] = field(default_factory=dict)  # cid → [{id, name}]
    assignments: dict[int, list[dict]] = field(default_factory=dict)  # cid → assignments available in the period
    grades: dict[tuple[int, int], float | None] = field(default_factory=dict)  # (sid, qid) → grade; a key = done
    studied: set[tuple[int, int]] = field(default_factory=set)  # (sid, bid) studied
    hardest: dict[int, list[dict]] = field(default_factory=dict)  # cid → hardest questions, hardest first


# ---------------------------------------------------------------- small helpers


def brief_url(site_url: str, slug: str | None, anchor: str = "") -> str | None:
    if not slug:
        return None
    url = f"{site_url.rstrip('/')}/briefs/{slug}/"
    return f"{url}#{element_id(anchor)}" if anchor else url


def plain_prompt(name: str, prompt: str) -> str:
    """A question as one short line of plain text: its name, else its prompt without markup."""
    # Emphasis and code marks of Markdown prompts read as noise in a one-line summary.
    text = re.sub(r"\s+", " ", re.sub(r"[*`]+", "", strip_tags(name or prompt))).strip()
    return text if len(text) <= PROMPT_CHARS else text[: PROMPT_CHARS - 1].rstrip() + "…"


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _median(values) -> float | None:
    values = [v for v in values if v is not None]
    return _round(statistics.median(values)) if values else None


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return _round(statistics.fmean(values)) if values else None


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


# ---------------------------------------------------------------- the student report


def student_report(rows: StudentRows, sid: int, *, period: Period, site_url: str) -> dict:
    student = rows.students[sid]
    class_ids = [c["id"] for c in rows.classes.get(sid, [])]
    attempts = rows.attempts.get(sid, [])
    return {
        "version": DATA_VERSION,
        "kind": "student",
        "period": period.as_dict(),
        "student": {"id": sid, "name": student["name"]},
        "classes": [c["name"] for c in rows.classes.get(sid, [])],
        "briefs_studied": _briefs_studied(rows.studied.get(sid, {}), period, site_url),
        "quizzes": _quizzes_taken(rows, sid, class_ids, attempts, period),
        "due_next_week": _due_next_week(rows, sid, class_ids, site_url),
        "missed": _missed(rows.missed.get(sid, []), site_url),
        "history": _history(attempts),
    }


def _briefs_studied(studied: dict[int, dict], period: Period, site_url: str) -> list[dict]:
    week = [row for row in studied.values() if period.begins <= row["studied_at"] < period.ends]
    return [
        {"title": row["title"], "url": brief_url(site_url, row["slug"]), "studied_at": _iso(row["studied_at"])}
        for row in sorted(week, key=lambda r: r["studied_at"])
    ]


def _quizzes_taken(rows: StudentRows, sid: int, class_ids: list[int], attempts: list[dict], period: Period):
    """Each quiz with an attempt finished in the week: the student's grade against their classmates' median."""
    week: dict[int, list[dict]] = {}
    for attempt in attempts:
        if period.begins <= attempt["submitted_at"] < period.ends:
            week.setdefault(attempt["quiz_id"], []).append(attempt)
    return [_quiz_line(rows, sid, class_ids, qid, taken) for qid, taken in week.items()]


def _quiz_line(rows: StudentRows, sid: int, class_ids: list[int], qid: int, taken: list[dict]) -> dict:
    """A quiz's line; with no score at all when its review policy hides scores from students."""
    shown = taken[0]["score_shown"]
    grade = own_grade(rows, sid, class_ids, qid) if shown else None
    pass_mark = taken[0]["pass_mark"]
    scores = [a["percent"] for a in taken if a["percent"] is not None]
    return {
        "quiz": qid,
        "title": taken[0]["quiz_title"],
        "attempts": len(taken),
        "best": _round(max(scores)) if scores else None,
        "grade": _round(grade),
        "class_median": classmates_median(rows, class_ids, qid) if shown else None,
        "pass_mark": pass_mark,
        "passed": None if grade is None else grade >= pass_mark,
        "score_shown": shown,
    }


def own_grade(rows: StudentRows, sid: int, class_ids: list[int], qid: int) -> float | None:
    for cid in class_ids:
        grades = rows.grades.get(cid, {}).get(qid, {})
        if sid in grades:
            return grades[sid]
    return None


def has_grade_row(rows: StudentRows, sid: int, class_ids: list[int], qid: int) -> bool:
    return any(sid in rows.grades.get(cid, {}).get(qid, {}) for cid in class_ids)


def classmates_median(rows: StudentRows, class_ids: list[int], qid: int) -> float | None:
    """The median grade for the quiz over everyone in the student's classes (each student counted once)."""
    grades: dict[int, float | None] = {}
    for cid in class_ids:
        grades.update(rows.grades.get(cid, {}).get(qid, {}))
    return _median(grades.values())


def _due_next_week(rows: StudentRows, sid: int, class_ids: list[int], site_url: str) -> list[dict]:
    items: dict[tuple, dict] = {}
    for cid in class_ids:
        for a in rows.due.get(cid, []):
            key = ("quiz", a["quiz_id"]) if a["quiz_id"] else ("brief", a["brief_id"])
            if key not in items or a["due_at"] < items[key]["due_at"]:
                items[key] = a
    return [_due_line(rows, sid, class_ids, key, a, site_url) for key, a in sorted(items.items(), key=_by_due)]


def _by_due(item) -> tuple:
    return item[1]["due_at"], item[1]["title"]


def _due_line(rows: StudentRows, sid: int, class_ids: list[int], key: tuple, a: dict, site_url: str) -> dict:
    kind, material_id = key
    if kind == "quiz":
        done, url = has_grade_row(rows, sid, class_ids, material_id), None
    else:
        done, url = material_id in rows.studied.get(sid, {}), brief_url(site_url, a["brief_slug"])
    return {
        "kind": kind,
        "title": a["title"],
        "classroom": a["classroom"],
        "due_at": _iso(a["due_at"]),
        "done": done,
        "url": url,
    }


def _missed(responses: list[dict], site_url: str) -> list[dict]:
    """Each question the student lost points on, once (the latest answer), with where to revise it."""
    latest = {r["question_id"]: r for r in sorted(responses, key=lambda r: r["submitted_at"])}
    return [
        {
            "question": qid,
            "quiz": r["quiz_title"],
            "prompt": plain_prompt(r["name"], r["prompt"]),
            "score": _round(r["score"]),
            "points": _round(r["points"]),
            "brief": r["brief_title"],
            "url": brief_url(site_url, r["brief_slug"], r["anchor"]),
        }
        for qid, r in list(latest.items())[:MISSED_LIMIT]
    ]


def _history(attempts: list[dict]) -> list[dict]:
    graded = [a for a in attempts if a["percent"] is not None and a["status"] == "graded"][-HISTORY_POINTS:]
    return [{"at": _iso(a["submitted_at"]), "percent": _round(a["percent"]), "quiz": a["quiz_title"]} for a in graded]


# ---------------------------------------------------------------- the class report


def class_report(rows: ClassRows, cid: int, *, period: Period, site_url: str) -> dict:
    students = rows.students.get(cid, [])
    assignments = rows.assignments.get(cid, [])
    quizzes = _class_quizzes(assignments)
    grades = [rows.grades.get((s["id"], q["quiz_id"])) for s in students for q in quizzes]
    return {
        "version": DATA_VERSION,
        "kind": "classroom",
        "period": period.as_dict(),
        "classroom": {"id": cid, "name": rows.classes[cid]["name"]},
        "students": len(students),
        "assignments": [_completion(rows, students, a) for a in assignments],
        "quizzes": [_quiz_stats(rows, students, q) for q in quizzes],
        "at_risk": _at_risk(rows, students, assignments, quizzes, period),
        "hardest": [_hardest_line(h, site_url) for h in rows.hardest.get(cid, [])[:HARDEST_LIMIT]],
        "distribution": distribution([g for g in grades if g is not None]),
    }


def _class_quizzes(assignments: list[dict]) -> list[dict]:
    seen: dict[int, dict] = {}
    for a in assignments:
        if a["quiz_id"] and a["quiz_id"] not in seen:
            seen[a["quiz_id"]] = a
    return list(seen.values())


def _done(rows: ClassRows, sid: int, a: dict) -> bool:
    if a["quiz_id"]:
        return (sid, a["quiz_id"]) in rows.grades
    return (sid, a["brief_id"]) in rows.studied


def _completion(rows: ClassRows, students: list[dict], a: dict) -> dict:
    done = sum(_done(rows, s["id"], a) for s in students)
    return {
        "kind": "quiz" if a["quiz_id"] else "brief",
        "title": a["title"],
        "due_at": _iso(a["due_at"]),
        "done": done,
        "total": len(students),
        "percent": _round(100.0 * done / len(students)) if students else None,
    }


def _quiz_stats(rows: ClassRows, students: list[dict], q: dict) -> dict:
    grades = [rows.grades.get((s["id"], q["quiz_id"])) for s in students]
    graded = [g for g in grades if g is not None]
    return {
        "quiz": q["quiz_id"],
        "title": q["title"],
        "pass_mark": q["pass_mark"],
        "graded": len(graded),
        "mean": _mean(graded),
        "median": _median(graded),
        "below_pass": sum(g < q["pass_mark"] for g in graded),
    }


def _at_risk(rows: ClassRows, students, assignments, quizzes, period: Period) -> list[dict]:
    """Students with work overdue at the end of the period, or a quiz grade under its pass mark."""
    late = [a for a in assignments if a["due_at"] is not None and a["due_at"] < period.ends]
    flagged = []
    for s in students:
        overdue = [a["title"] for a in late if not _done(rows, s["id"], a)]
        below = [
            {"title": q["title"], "grade": _round(g), "pass_mark": q["pass_mark"]}
            for q in quizzes
            if (g := rows.grades.get((s["id"], q["quiz_id"]))) is not None and g < q["pass_mark"]
        ]
        if overdue or below:
            flagged.append({"student": s["id"], "name": s["name"], "overdue": overdue, "below_pass": below})
    return sorted(flagged, key=lambda f: (-(len(f["overdue"]) + len(f["below_pass"])), f["name"]))


def _hardest_line(h: dict, site_url: str) -> dict:
    return {
        "question": h["question_id"],
        "quiz": h["quiz_title"],
        "prompt": plain_prompt(h["name"], h["prompt"]),
        "mean_fraction": round(h["mean_fraction"], 3),
        "responses": h["responses"],
        "brief": h["brief_title"],
        "url": brief_url(site_url, h["brief_slug"], h["anchor"]),
    }


def distribution(grades: list[float]) -> dict:
    """Grades in ten bins of ten points (100 goes in the last one)."""
    counts = [0] * 10
    for grade in grades:
        counts[min(int(grade // 10), 9)] += 1
    return {"bins": [f"{10 * i}–{10 * i + 10}" for i in range(10)], "counts": counts}
