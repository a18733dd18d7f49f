"""Question formats other than GIFT (quizzes.gift): Moodle XML (import and export) and Aiken (import).

Pure: no Django, no ORM. Each parser reads a whole file and either returns every question or raises
`FormatError` naming the question (or line) at fault, so that an import never stores half a file; the
services (quizzes.services.imports) then check the questions as they check GIFT's."""

from dataclasses import dataclass, field

from quizzes.types import QuestionData


class FormatError(ValueError):
    """Invalid input; the message names the question or line at fault."""


@dataclass
class Parsed:
    questions: list[QuestionData] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Written:
    text: str
    warnings: list[str] = field(default_factory=list)


def label(number: int, name: str) -> str:
    """How an error or a warning names a question: its number in the file and, when it has one, its name."""
    return f"question {number} ({name[:40]!r})" if name.strip() else f"question {number}"
