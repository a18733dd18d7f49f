"""classroom.gradebook: each cell's status and percent, totals, sorting and the CSV grid (no database)."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from classroom import gradebook as gb

NOW = datetime(2026, 12, 6, 12, tzinfo=UTC)
DUE = NOW - timedelta(days=1)


def attempt(status, *, number=1, submitted=None, score=None, max_score=10.0):
    return gb.AttemptFact(id=number, number=number, status=status, submitted_at=submitted, score=score,
                          max_score=max_score)  # fmt: skip


@pytest.mark.parametrize(
    ("attempts", "grade", "due", "expected"),
    [
        ([], None, None, (gb.NOT_STARTED, None)),
        ([], None, NOW + timedelta(days=1), (gb.NOT_STARTED, None)),
        ([], None, DUE, (gb.MISSING, None)),
        ([attempt("in_progress")], None, None, (gb.IN_PROGRESS, None)),
        ([attempt("in_progress")], None, DUE, (gb.IN_PROGRESS, None)),  # its deadline follows the due date
        ([attempt("submitted", submitted=DUE - timedelta(hours=1))], None, DUE, (gb.SUBMITTED, None)),
        ([attempt("graded", submitted=DUE - timedelta(hours=1), score=9)], 90.0, DUE, (gb.SUBMITTED, 90.0)),
        ([attempt("graded", submitted=DUE + timedelta(hours=1), score=9)], 90.0, DUE, (gb.LATE, 90.0)),
        ([attempt("graded", submitted=NOW, score=5)], 50.0, None, (gb.SUBMITTED, 50.0)),
        ([attempt("needs_review", submitted=NOW, score=4)], None, None, (gb.NEEDS_REVIEW, 40.0)),
        # A counted attempt's grade wins over the provisional score of the one waiting.
        (
            [attempt("graded", submitted=NOW, score=9), attempt("needs_review", number=2, submitted=NOW, score=2)],
            90.0, None, (gb.NEEDS_REVIEW, 90.0),
        ),
        # Waiting for marking comes before late: the teacher has something to do.
        ([attempt("needs_review", submitted=NOW, score=4)], None, DUE, (gb.NEEDS_REVIEW, 40.0)),
        ([attempt("needs_review", submitted=NOW, score=None, max_score=0)], None, None, (gb.NEEDS_REVIEW, None)),
        # A finished attempt on time, then a later one: the work was in on time.
        (
            [attempt("graded", submitted=DUE - timedelta(hours=2), score=5),
             attempt("graded", number=2, submitted=DUE + timedelta(hours=2), score=9)],
            90.0, DUE, (gb.SUBMITTED, 90.0),
        ),
    ],
)  # fmt: skip
def test_cell(attempts, grade, due, expected):
    cell = gb.cell(attempts, grade=grade, due=due, now=NOW)
    assert (cell.status, cell.percent) == expected
    assert cell.attempts == len(attempts)
    assert cell.provisional == (cell.status == gb.NEEDS_REVIEW)


statuses = st.sampled_from(["in_progress", "submitted", "graded", "needs_review"])
times = st.one_of(st.none(), st.integers(-5, 5).map(lambda h: NOW + timedelta(hours=h)))
attempt_lists = st.lists(
    st.tuples(statuses, times, st.one_of(st.none(), st.floats(0, 10))).map(
        lambda t: attempt(t[0], submitted=t[1] or NOW, score=t[2])
    ),
    max_size=4,
)


@given(attempt_lists, st.one_of(st.none(), st.floats(0, 100)), times)
def test_every_cell_has_a_known_status_and_a_percent_in_range(attempts, grade, due):
    cell = gb.cell(attempts, grade=grade, due=due, now=NOW)
    assert cell.status in gb.STATUSES
    assert cell.percent is None or 0 <= cell.percent <= 100
    finished = any(a.status != "in_progress" for a in attempts)
    assert (cell.status in (gb.SUBMITTED, gb.LATE, gb.NEEDS_REVIEW)) == finished
    if cell.status == gb.MISSING:
        assert due is not None and due < NOW


def row(name, *percents, missing=0, username=None):
    cells = [gb.Cell(gb.SUBMITTED, p) for p in percents] + [gb.Cell(gb.MISSING, None)] * missing
    return gb.Row(student_id=hash(name), name=name, username=username or name.lower(), cells=cells)


def test_total_counts_missing_work_as_zero_and_ignores_what_is_not_due():
    assert row("A", 80.0, 60.0).total == 70.0
    assert row("A", 90.0, missing=2).total == 30.0
    assert gb.Row(1, "A", "a", [gb.Cell(gb.NOT_STARTED, None), gb.Cell(gb.IN_PROGRESS, None)]).total is None


def test_sort_by_name_and_by_total():
    rows = [row("Cole", 50.0), row("abel", 90.0), row("Baker"), row("Dunn", 70.0)]
    assert [r.name for r in gb.sort_rows(rows)] == ["abel", "Baker", "Cole", "Dunn"]
    assert [r.name for r in gb.sort_rows(rows, descending=True)] == ["Dunn", "Cole", "Baker", "abel"]
    assert [r.name for r in gb.sort_rows(rows, by="total")] == ["Cole", "Dunn", "abel", "Baker"]
    assert [r.name for r in gb.sort_rows(rows, by="total", descending=True)] == ["abel", "Dunn", "Cole", "Baker"]


@given(st.lists(st.tuples(st.text(max_size=5), st.one_of(st.none(), st.floats(0, 100))), max_size=8), st.booleans())
def test_sorting_keeps_every_row(pairs, descending):
    rows = [row(name, *([p] if p is not None else [])) for name, p in pairs]
    for by in gb.SORTS:
        assert sorted(map(id, gb.sort_rows(rows, by=by, descending=descending))) == sorted(map(id, rows))


def test_csv_is_the_grid_with_titles_names_percent_and_status():
    rows = [row("Lovelace, Ada", 90.47619), row("=cmd", missing=1, username="evil")]
    rows[1].cells = [gb.Cell(gb.MISSING, None)]
    text = gb.grid_csv(["Thaw", "+Sputnik"], rows, {gb.SUBMITTED: "Submitted", gb.MISSING: "Missing"})
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == ["Student", "Username", "Thaw (%)", "Thaw: status", "'+Sputnik (%)", "'+Sputnik: status",
                        "Total (%)"]  # fmt: skip
    assert lines[1] == ["Lovelace, Ada", "lovelace, ada", "90.5", "Submitted", "90.5"]
    assert lines[2] == ["'=cmd", "evil", "", "Missing", "0.0"]
