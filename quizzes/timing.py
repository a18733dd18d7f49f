"""What time an attempt page shows: a countdown only when the attempt is timed, otherwise when the work is due.

No ORM: plain values in, words out. An untimed quiz's deadline is its due date, which may be days away; a clock
counting down "13 d 23:58" reads as a time limit that is not there, so the page says "Due Tuesday 14:00"."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

WEEK = timedelta(days=7)


def is_timed(*, time_limit: timedelta | None) -> bool:
    """A time limit makes an attempt timed (an override's, when overrides exist, passes here too)."""
    return bool(time_limit)


def due_label(due: datetime, now: datetime) -> str:
    """ "Due Tuesday 14:00 · in 3 days" within a week, "Due 14 Jan 14:00 · in 12 days" beyond."""
    local = localtime(due)
    when = date_format(local, "l H:i" if due - now < WEEK else "j M H:i")
    return _("Due %(when)s · %(relative)s") % {"when": when, "relative": relative(due, now)}


def relative(due: datetime, now: datetime) -> str:
    left = due - now
    if left <= timedelta(0):
        return _("now past")
    if left >= timedelta(days=1):
        days = round(left / timedelta(days=1))
        return ngettext("in %(n)d day", "in %(n)d days", days) % {"n": days}
    if left >= timedelta(hours=1):
        hours = int(left / timedelta(hours=1))
        return ngettext("in %(n)d hour", "in %(n)d hours", hours) % {"n": hours}
    minutes = max(1, int(left / timedelta(minutes=1)))
    return ngettext("in %(n)d minute", "in %(n)d minutes", minutes) % {"n": minutes}
