"""Plain data shared by the pure quiz modules (GIFT, grading, generation) and the services.

No ORM here: services turn these into rows and rows back into these."""

from dataclasses import dataclass, field

QUESTION_TYPES = ("single", "multiple", "true_false", "short_answer", "numerical", "matching", "ordering", "essay")

# Limits a teacher can understand, checked before anything is stored: what a student is shown stays a page.
MAX_QUESTIONS_PER_QUIZ = 500
MAX_OPTIONS_PER_QUESTION = 50
MAX_PROMPT_CHARS = 10_000


@dataclass
class Choice:
    """One option row. Its meaning depends on the question type:
    single/multiple: a choice shown to the student; short_answer: an accepted answer;
    matching: a left item with its right-hand `match` (an empty `text` is a distractor);
    ordering: an item, `Question.choices` being in the correct order."""

    text: str
    fraction: float = 0.0  # -1..1; 1 is fully right
    feedback: str = ""
    match: str = ""
    id: int | None = None  # the row's id, when it has one


@dataclass
class NumericAnswer:
    """An accepted number: `value` ± `tolerance`, or the range `min`..`max`."""

    value: float | None = None
    tolerance: float = 0.0
    min: float | None = None
    max: float | None = None
    fraction: float = 1.0
    feedback: str = ""


@dataclass
class QuestionData:
    type: str
    prompt: str
    name: str = ""
    prompt_format: str = "markdown"  # markdown | html | plain
    points: float = 1.0
    general_feedback: str = ""
    choices: list[Choice] = field(default_factory=list)
    numeric: list[NumericAnswer] = field(default_factory=list)
    correct: bool | None = None  # true_false
    feedback_true: str = ""  # true_false: shown when the student answered true
    feedback_false: str = ""
    model_answer: str = ""  # essay
    case_sensitive: bool = False  # short_answer: Moodle's "case sensitivity" setting
    category: str = ""
