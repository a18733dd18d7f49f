"""Words for numbers a teacher or a student reads: "1 point", "2.5 points", "90.5 %". Pure."""

from django.utils.translation import ngettext


def points_label(points: float) -> str:
    return ngettext("%(p)s point", "%(p)s points", 1 if points == 1 else 2) % {"p": f"{points:g}"}


def percent_label(percent: float | None) -> str:
    """One decimal, as every list and page shows a grade ("—" for none)."""
    return "—" if percent is None else f"{percent:.1f} %"
