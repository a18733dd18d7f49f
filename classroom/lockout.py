"""Sign-in lockout: when it applies (LockoutHandler), and what a locked-out sign-in gets: a 429 with a plain message,
as JSON on the API."""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = ngettext(
        "Too many failed sign-in attempts. Try again in %(minutes)s minute.",
        "Too many failed sign-in attempts. Try again in %(minutes)s minutes.",
        minutes,
    )
    return message % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message()}, status=429)
    return render(request, "registration/locked_out.html", {"message": lockout_message()}, status=429)


class LockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler with a second limit. Failures count per username and address
    (AXES_FAILURE_LIMIT: someone guessing one account's password) and per address whatever the usernames
    (SIGNIN_FAILURES_PER_ADDRESS, higher, since a school may share one address: password spraying). Axes compares
    one count with one limit, so the address's count is scaled to AXES_FAILURE_LIMIT."""

    def get_failures(self, request, credentials=None) -> int:
        counts = [
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]  # in the order of AXES_LOCKOUT_PARAMETERS: (username, address), then the address
        limit = get_failure_limit(request, credentials)
        return max(counts[0], counts[-1] * limit // settings.SIGNIN_FAILURES_PER_ADDRESS)

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A sign-in clears its own username's failures from its address, not the address's others: a sprayer who
        owns one account must not reset the count of the rest."""
        return self.filter_user_attempts(request, credentials)[0].delete()[0]
