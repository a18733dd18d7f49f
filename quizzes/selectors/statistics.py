"""Reads for a quiz's statistics: the stored ones while current, and the stream of graded attempts they are computed
from (quizzes.statistics), read in chunks so that memory does not grow with the number of attempts."""

from django.db.models import Count, Max, Q

from quizzes import layout
from quizzes.models import Attempt, AttemptStatus, Question, QuizStatistics, Response
from quizzes.statistics import Accumulator

CHUNK = 2000
PICKED_TYPES = ("single", "multiple", "true_false", "matching")


def statistics_stamp(*, quiz_id: int) -> str:
    """What the statistics of the quiz depend on: how many attempts are graded or wait for marking, and the last
    grading (a regrade moves it). One query."""
    row = Attempt.objects.filter(quiz_id=quiz_id).aggregate(
        graded=Count("id", filter=Q(status=AttemptStatus.GRADED)),
        waiting=Count("id", filter=Q(status=AttemptStatus.NEEDS_REVIEW)),
        last=Max("graded_at"),
    )
    return f"{row['graded']}:{row['waiting']}:{row['last'].isoformat() if row['last'] else ''}"


def stored_statistics(*, quiz_id: int) -> QuizStatistics | None:
    return QuizStatistics.objects.filter(quiz_id=quiz_id).first()


def statistics_of(*, quiz_id: int) -> dict:
    """The quiz's statistics computed now from its graded attempts, with each question's label and option texts."""
    questions = {q.id: q for q in Question.objects.filter(quiz_id=quiz_id).prefetch_related("options")}
    acc = Accumulator({qid: q.points for qid, q in questions.items()})
    attempts = (
        Attempt.objects.filter(quiz_id=quiz_id, status=AttemptStatus.GRADED)
        .order_by("id")
        .values_list("id", "score", "max_score", "layout")
    )
    responses = (
        Response.objects.filter(attempt__quiz_id=quiz_id, attempt__status=AttemptStatus.GRADED)
        .order_by("attempt_id", "id")
        .values_list("attempt_id", "question_id", "score", "answer")
        .iterator(chunk_size=CHUNK * 10)
    )
    pending = next(responses, None)
    for attempt_id, score, max_score, shown in attempts.iterator(chunk_size=CHUNK):
        scores, picks, entries = {}, {}, {e["id"]: e for e in shown.get("questions", [])}
        while pending is not None and pending[0] <= attempt_id:
            if pending[0] == attempt_id:
                _, qid, item_score, answer = pending
                scores[qid] = item_score or 0.0
                if qid in entries and questions.get(qid) and questions[qid].type in PICKED_TYPES:
                    picks[qid] = _picked(questions[qid].type, answer, entries[qid])
            pending = next(responses, None)
        acc.add(score or 0.0, max_score, scores, picks)
    for _ in range(Attempt.objects.filter(quiz_id=quiz_id, status=AttemptStatus.NEEDS_REVIEW).count()):
        acc.wait()
    return _labelled(acc.result(), questions)


def _picked(kind: str, answer, entry: dict) -> list[str]:
    """The keys of what an answer chose: option ids (as text), True/False, or "left id → right text" pairs."""
    if not isinstance(answer, dict):
        return []
    to_option = {shown: option for option, shown in layout.shown_ids(entry).items()}
    if kind == "single":
        return [str(to_option.get(answer.get("choice")))]
    if kind == "multiple":
        return [str(to_option.get(c)) for c in answer.get("choices", [])]
    if kind == "true_false":
        return [str(answer.get("value"))]
    rights = layout.rights(entry)
    return [f"{to_option.get(p.get('left'))}|{rights.get(p.get('right'), '')}" for p in answer.get("pairs", [])]


def _labelled(result: dict, questions: dict[int, Question]) -> dict:
    """The result with its questions in quiz order, each named, and its picks as option texts."""
    rows = []
    for q in sorted(questions.values(), key=lambda q: (q.position, q.id)):
        figures = result["questions"].get(q.id) or {"attempts": 0, "facility": None, "sd": None,
                                                    "discrimination": None, "picks": {}}  # fmt: skip
        texts = {str(o.id): o.text for o in q.options.all()}
        options = [{"label": _label(key, texts), "count": count} for key, count in sorted(figures["picks"].items())]
        shown = {k: figures[k] for k in ("attempts", "facility", "sd", "discrimination")}
        rows.append({"id": q.id, "name": str(q), "type": q.type, "points": q.points, **shown, "options": options})
    return {**result, "questions": rows}


def _label(key: str, texts: dict[str, str]) -> str:
    if "|" in key:
        left, right = key.split("|", 1)
        return f"{texts.get(left, '?')} → {right}"
    return texts.get(key, key)
