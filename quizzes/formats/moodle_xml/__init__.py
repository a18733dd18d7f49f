"""Moodle XML import and export over the plain dataclasses in `quizzes.types`.

How Moodle XML maps onto QuestionData (element names are Moodle's qformat_xml's)
-------------------------------------------------------------------------------
- `<quiz>` holds `<question type="…">` elements. `type="category"` sets `category` on every following
  question; `type="description"` (text without a question) is skipped with a warning, as GIFT does.
- Every question: `<name>` → name, `<questiontext format>` → prompt and prompt_format (html, markdown,
  plain_text → plain; moodle_auto_format → markdown, as GIFT's `[moodle]`), `<generalfeedback>`,
  `<defaultgrade>` → points. Texts are trimmed. Fractions are percentages (`fraction="50"` → 0.5).
- multichoice: `<single>true</single>` → single, otherwise multiple; each `<answer>` a Choice.
- truefalse: the `<answer>` whose text is "true" and the one whose text is "false"; the one with fraction
  100 is `correct`; their feedback is feedback_true and feedback_false.
- shortanswer: each `<answer>` an accepted answer, kept in Moodle's pattern syntax (`*` a wildcard, `\\*` a
  literal asterisk: the platform's own since GIFT's wildcard, so nothing is rewritten either way);
  `<usecase>` → case_sensitive.
- numerical: each `<answer>` a number with `<tolerance>`; the catch-all `*` is dropped with a warning, and
  units are reported and not kept.
- matching: each `<subquestion>` a Choice(text=left, match=its `<answer>`); an empty left side is a
  distractor.
- ordering (qtype_ordering): the `<answer>` items in their correct order (by fraction, Moodle's position).
- essay: `<graderinfo>` → model_answer.

What the writer cannot express (it says so in `Written.warnings`)
------------------------------------------------------------------
- A numerical range min..max is written as its midpoint ± half its width (Moodle has no ranges).
- Feedback of a matching pair or an ordering item, and a fraction on either (Moodle has no place for them).
- Characters XML 1.0 cannot hold are dropped; carriage returns become newlines (XML reads them so); texts
  are trimmed, as the reader trims them.
- A question without a name is written with the start of its prompt as name: Moodle requires one.
So `parse(write(qs))` equals `qs` for named questions without those, and `write(parse(write(qs)))` equals
`write(qs)` for any questions the writer accepts.
"""

from quizzes.formats.moodle_xml.read import parse_moodle_xml
from quizzes.formats.moodle_xml.write import export_moodle_xml, write_moodle_xml

__all__ = ["export_moodle_xml", "parse_moodle_xml", "write_moodle_xml"]
