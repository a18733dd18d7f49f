"""How a student reads an attempt's state and a score still waiting for marking. Pure: no ORM.

The model's status names are the teachers' ("Needs review"); students think of their work as submitted, waiting
for marking, then marked."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

STUDENT_STATUS = {
    "in_progress": _("In progress"),
    "submitted": _("Submitted"),
    "needs_review": _("Waiting for marking"),
    "graded": _("Marked"),
}


@dataclass(frozen=True)
class Provisional:
    """What is known of an attempt with answers waiting for marking."""

    score: float  # the points of the marked answers
    known: float  # the points those answers were worth
    waiting: int  # answers not marked yet

    def text(self) -> str:
        """ "7 / 9 so far, 1 answer waiting for marking"."""
        return ngettext(
            "%(score)s / %(known)s so far, %(n)d answer waiting for marking",
            "%(score)s / %(known)s so far, %(n)d answers waiting for marking",
            self.waiting,
        ) % {"score": floatformat(self.score, "-2"), "known": floatformat(self.known, "-2"), "n": self.waiting}
