"""Gradebook exports never hand a spreadsheet a formula: cells starting with =, +, -, @ (or a tab or carriage
return) are written with a leading quote, as OWASP advises."""

import csv
import io

import pytest

from classroom.services import assignment_create
from tests.api.conftest import api
from tests.quizzes.factories import QuizFactory

pytestmark = pytest.mark.django_db

NAMES = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1:A9)", "\tTab", "\rReturn", "Ada"]


@pytest.mark.parametrize("name", NAMES)
def test_gradebook_cells_that_look_like_formulas_are_quoted(name, student, teacher, classroom):
    student.first_name = name
    student.save()
    assignment_create(classroom=classroom, assigned_by=teacher, quiz=QuizFactory(slug="thaw"))
    body = api(teacher).get(f"/api/v1/classes/{classroom.pk}/gradebook/", {"format": "csv"}).content.decode()
    row = next(r for r in csv.reader(io.StringIO(body)) if r and r[0] == student.username)
    expected = name if name == "Ada" else "'" + name
    assert row[1] == expected
    assert not any(
        cell.startswith(("=", "+", "-", "@", "\t", "\r")) for r in csv.reader(io.StringIO(body)) for cell in r
    )
