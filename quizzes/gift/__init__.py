"""Moodle GIFT import and export over the plain dataclasses in `quizzes.types`.

Pure: stdlib only, no Django. `parse_gift` reads a whole file and either returns every
question or raises `GiftError` ("line N: ..."), so an import never stores half a file.
`write_gift` writes questions back so that `parse_gift(write_gift(qs)).questions == qs`
for anything GIFT can express (see "What the writer cannot express" below).

How GIFT maps onto QuestionData (the rules follow Moodle's own qformat_gift importer)
----------------------------------------------------------------------------------
- Questions are separated by blank lines; a question may span several lines. Lines whose
  first non-blank characters are `//` are comments. `$CATEGORY: path` sets `category` on
  every following question. `::name::` sets `name`. `[markdown]`, `[html]`, `[plain]` at
  the start of the prompt set `prompt_format`; `[moodle]` (Moodle's auto-format, which
  also lets inline HTML through) and no prefix both mean "markdown". The same prefixes
  are accepted and dropped at the start of answers and feedback, as Moodle does.
- The answer block `{...}` is removed from the prompt. When text follows the block
  (missing-word format) the prompt keeps `BLANK` ("_____") where the block was.
- `{}` -> essay. `{####text}` anywhere -> `general_feedback` (the last `####` counts).
- `{#...}` -> numerical: `value`, `value:tolerance` (NumericAnswer.value/.tolerance) or
  `min..max` (NumericAnswer.min/.max, value None); several answers as `=%50%1957:1#fb`.
  Moodle's "any other answer" (`~#feedback` or `=*`) is dropped with a warning: it scores
  0 anyway and a catch-all NumericAnswer would have no number for the grader.
- A block with a `~` -> choices. With at least one `=` it is `single` (`=` is fraction
  1, `~` is 0, `~%w%` is w/100); with no `=` it is `multiple` (fractions from `%w%`,
  possibly negative). At least two choices.
- A block with `=` and `->` -> matching: each `=left -> right` is a Choice(text=left,
  match=right); `= -> right` (empty left) is a distractor. At least two real pairs
  (Moodle's importer checks two; its docs ask for three). `#feedback` after the right side
  is kept in Choice.feedback (Moodle would read it as part of the right side).
- `{T}`, `{TRUE}`, `{F}`, `{FALSE}` (any case) -> true_false with `correct`. In
  `{TRUE#first#second}` Moodle shows the first feedback to a wrong answer and the second to
  a right one, so for TRUE: feedback_false=first, feedback_true=second, and for FALSE:
  feedback_true=first, feedback_false=second.
- Otherwise only `=` answers -> short_answer; each Choice is an accepted answer with
  fraction 1 unless `%w%` says otherwise. Its text is a Moodle pattern, kept as written:
  `*` is a wildcard (`=%0%*#feedback` is the catch-all) and `\\*` a literal asterisk
  (quizzes.short_answer); the writer writes `\\*` back as is. GIFT has no case setting:
  questions read case-insensitive, and a case-sensitive one is written with a warning.
- `#text` after an answer -> that answer's feedback. `%w%` must lie in -100..100.
- Escapes: `\\~ \\= \\# \\{ \\} \\:` give the character, `\\n` a newline, `\\\\` a backslash,
  and `\\>` a `>` (an addition: Moodle has no way to write `->` inside a matching left side).
  Any other backslash is kept as is. Texts are trimmed.
- Text without an answer block (a Moodle "description") is skipped with a warning.
- Stricter than Moodle, which guesses: text before the first answer marker (`{foo}`,
  `{x =a ~b}`), empty answers, and a second `{` or `}` in one question are errors.
- `points` is always 1 (GIFT has no points); `id`s are never set.

What the writer cannot express (it says so in `GiftExport.warnings`)
-------------------------------------------------------------------
- `ordering` questions: GIFT has no syntax; they are written as `//` comments and skipped.
- `points` other than 1, an essay's `model_answer`, Choice.fraction of matching pairs,
  and leading/trailing whitespace of any text. Carriage returns become newlines.
- A `single` question without a choice of fraction 1 reads back as `multiple`.
- `->` in any text is written `-\\>`, so that no answer can read as a matching pair (Moodle
  would show the backslash). A `single` whose choices are all right writes its last one as
  `~%100%`, since a block without `~` would read as a short answer.
- Questions GIFT cannot hold (too few choices, empty answers, a numeric answer without a
  number) are written as comments, like ordering questions.
"""

from quizzes.gift.read import parse_gift
from quizzes.gift.syntax import BLANK, FORMATS, GiftError, GiftExport, GiftResult
from quizzes.gift.write import export_gift, write_gift

__all__ = ["BLANK", "FORMATS", "GiftError", "GiftExport", "GiftResult", "export_gift", "parse_gift", "write_gift"]
