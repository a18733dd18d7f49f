"""Time limits in minutes, as teachers type and read them, and a student's allowance of extra time (Moodle's user
overrides: extra minutes, or a multiplier). Pure: no ORM."""

import math
from dataclasses import dataclass
from datetime import timedelta

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Allowance:
    """Extra time for one student: minutes added to the time limit, or the limit multiplied (not both)."""

    extra_minutes: int | None = None
    multiplier: float | None = None


def allowed_time(limit: timedelta | None, allowance: Allowance | None) -> timedelta | None:
    """The time limit a student has: the quiz's, lengthened by their allowance. No limit stays none."""
    if limit is None or allowance is None:
        return limit
    if allowance.multiplier is not None:
        limit = limit * allowance.multiplier
    if allowance.extra_minutes:
        limit = limit + timedelta(minutes=allowance.extra_minutes)
    return limit


def most_generous(allowances) -> Allowance | None:
    """Of a student's allowances in several classes, the one giving the most time on a one-hour limit (the same
    order holds for any limit unless one adds minutes and another multiplies: an hour is the yardstick)."""
    found = [a for a in allowances if a is not None]
    return max(found, key=lambda a: allowed_time(timedelta(hours=1), a)) if found else None


def minutes_of(limit: timedelta | None) -> int | None:
    """A time limit in whole minutes, rounded up (a limit is never shown shorter than it is)."""
    return None if limit is None else math.ceil(limit.total_seconds() / 60)


def duration_label(limit: timedelta | None) -> str:
    """'30 minutes', '1 hour', '1 h 30 min', '45 seconds'; '' for no limit."""
    if limit is None:
        return ""
    seconds = round(limit.total_seconds())
    if seconds < 60:
        return ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}
    minutes = math.ceil(seconds / 60)
    hours, rest = divmod(minutes, 60)
    if not hours:
        return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    if not rest:
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    return _("%(h)d h %(m)d min") % {"h": hours, "m": rest}
