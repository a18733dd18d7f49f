"""The on-screen gradebook's logic over plain data (no ORM): each cell's status and percent, a student's total, the
sort, and the CSV grid. classroom.selectors.gradebook reads the rows; the admin's gradebook page shows them.

A cell's status, most urgent first:
  needs_review  a finished attempt waits for a teacher to mark an essay (its percent is provisional);
  late          the first finished attempt came after the student's due date;
  submitted     a finished attempt (graded, or waiting for the grading worker);
  in_progress   an attempt is open and none is finished;
  missing       the due date has passed with nothing finished;
  not_started   none of the above."""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

NEEDS_REVIEW, LATE, SUBMITTED, IN_PROGRESS, MISSING, NOT_STARTED = (
    "needs_review", "late", "submitted", "in_progress", "missing", "not_started",
)  # fmt: skip
STATUSES = (NOT_STARTED, IN_PROGRESS, SUBMITTED, NEEDS_REVIEW, LATE, MISSING)
FINISHED = ("submitted", "graded", "needs_review")  # quizzes.models.AttemptStatus values
SORTS = ("name", "total")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class AttemptFact:
    id: int
    number: int
    status: str  # an AttemptStatus value
    submitted_at: datetime | None
    score: float | None
    max_score: float


@dataclass(frozen=True)
class Cell:
    status: str
    percent: float | None  # the quiz grade; for needs_review, the provisional score if nothing counts yet
    provisional: bool = False
    attempts: int = 0


@dataclass
class Row:
    student_id: int
    name: str  # "Last, First" or the username: what the grid sorts by
    username: str
    cells: list[Cell] = field(default_factory=list)

    @property
    def total(self) -> float | None:
        return row_total(self.cells)


def cell(attempts: Iterable[AttemptFact], *, grade: float | None, due: datetime | None, now: datetime) -> Cell:
    """One student's cell for one quiz: `attempts` theirs at it, `grade` their quiz grade (percent, None until an
    attempt counts), `due` their due date (overrides included), `now` the time the page is read."""
    attempts = list(attempts)
    finished = [a for a in attempts if a.status in FINISHED]
    count = len(attempts)
    if not finished:
        if any(a.status == "in_progress" for a in attempts):
            return Cell(IN_PROGRESS, None, attempts=count)
        return Cell(MISSING if due is not None and due < now else NOT_STARTED, None, attempts=count)
    waiting = [a for a in finished if a.status == "needs_review"]
    if waiting:
        if grade is not None:
            return Cell(NEEDS_REVIEW, grade, provisional=True, attempts=count)
        latest = max(waiting, key=lambda a: a.number)
        return Cell(NEEDS_REVIEW, _percent(latest), provisional=True, attempts=count)
    first = min((a.submitted_at for a in finished if a.submitted_at is not None), default=None)
    late = due is not None and first is not None and first > due
    return Cell(LATE if late else SUBMITTED, grade, attempts=count)


def _percent(attempt: AttemptFact) -> float | None:
    if attempt.score is None or not attempt.max_score:
        return None
    return 100.0 * attempt.score / attempt.max_score


def row_total(cells: Iterable[Cell]) -> float | None:
    """The mean percent over the cells that count: those with a percent, and missing work as 0. None when none
    counts (nothing finished, nothing overdue)."""
    counted = [0.0 if c.percent is None else c.percent for c in cells if c.percent is not None or c.status == MISSING]
    return sum(counted) / len(counted) if counted else None


def sort_rows(rows: list[Row], *, by: str = "name", descending: bool = False) -> list[Row]:
    """By name (then username), or by total (students with no total last whichever the direction)."""
    if by == "total":
        with_total = sorted((r for r in rows if r.total is not None), key=lambda r: (r.total, r.name.lower()))
        if descending:
            with_total.reverse()
        return with_total + sorted((r for r in rows if r.total is None), key=lambda r: r.name.lower())
    ordered = sorted(rows, key=lambda r: (r.name.lower(), r.username.lower()))
    return ordered[::-1] if descending else ordered


def csv_cell(value: str) -> str:
    """Text a spreadsheet will not run: a cell that starts like a formula gets a leading quote (OWASP's advice
    against CSV injection; a student may name themselves "=HYPERLINK(…)")."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def grid_csv(titles: list[str], rows: list[Row], status_labels: dict[str, str]) -> str:
    """The grid as the page shows it: a student per line, then each quiz's percent and status, then the total."""
    out = io.StringIO()
    writer = csv.writer(out)
    header = ["Student", "Username"]
    for title in titles:
        header += [csv_cell(f"{title} (%)"), csv_cell(f"{title}: status")]
    writer.writerow([*header, "Total (%)"])
    for row in rows:
        line = [csv_cell(row.name), csv_cell(row.username)]
        for c in row.cells:
            line += ["" if c.percent is None else f"{c.percent:.1f}", status_labels.get(c.status, c.status)]
        writer.writerow([*line, "" if row.total is None else f"{row.total:.1f}"])
    return out.getvalue()
