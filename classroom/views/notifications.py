"""Unsubscribing from one kind of email by the link in it, without signing in."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from classroom import notification_email, services
from classroom.models import NotificationKind


# The signed token is the credential, not a session: a mail client's one-click unsubscribe (RFC 8058) POSTs it
# with no CSRF token, and a forged POST could only switch off the emails of the token's own holder.
@csrf_exempt
def unsubscribe(request, token: str):
    found = notification_email.read_unsubscribe_token(token)
    if found is None or found[1] not in NotificationKind.values:
        raise Http404
    user_id, kind = found
    done = request.method == "POST"
    if done and not services.notification_switch_off(user_id=user_id, kind=kind):
        raise Http404
    context = {"kind": NotificationKind(kind).label, "done": done}
    return render(request, "classroom/unsubscribe.html", context)
