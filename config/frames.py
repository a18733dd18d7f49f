"""Signed-in pages rendered once per process with markers where each request's values go, then filled in.

Most of such a page is the same on every request: base.html's head and navigation, the page's headings, labels
and forms. The template engine spent half of a cached dashboard's time building that same text again (its
tags, translations, URLs and fragment caches); joining the kept pieces with the request's values costs a few
microseconds. What the template shows of the request is in the key (language, path, the user's staff flag) or
is a slot (the user's name, the CSRF token, the caller's values); a page with messages to show is rendered as
usual, since showing them uses them up."""

import re
from dataclasses import dataclass
from uuid import uuid4

from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.translation import get_language

# Letters and digits only, so that escaping and the template's filters leave a marker as it is; random per
# process, so no template text can contain one.
_PREFIX = f"slot{uuid4().hex}"
_MARKER = re.compile(f"{_PREFIX}([a-z_]+)x")
MAX_FRAMES = 1024  # then all are dropped: the pages in use come back at their next request


@dataclass(frozen=True)
class _User:
    """What base.html reads of the signed-in user, with a marker for the name."""

    username: str
    is_staff: bool
    is_authenticated: bool = True


_frames: dict[tuple, list[str]] = {}


def render_framed(request: HttpRequest, template: str, slots: dict[str, str], key: tuple = ()) -> HttpResponse:
    """`render(request, template, slots)` for a signed-in user, the template rendered once per process for this
    key. The template may show the slots' values (escaped unless they are safe strings) but not test or filter
    them, and may read of the user only `username` and `is_staff`; `key` holds anything else it depends on."""
    user = request.user
    if len(get_messages(request)):
        return render(request, template, slots)
    frame_key = (template, get_language(), request.path, user.is_staff, *key)
    pieces = _frames.get(frame_key)
    if pieces is None:
        pieces = _frame(request, template, [*slots, "username", "csrf_token"], user.is_staff)
        if len(_frames) >= MAX_FRAMES:
            _frames.clear()
        _frames[frame_key] = pieces
    values = {**slots, "username": user.username, "csrf_token": csrf_token(request)}
    return HttpResponse("".join(p if i % 2 == 0 else conditional_escape(values[p]) for i, p in enumerate(pieces)))


def csrf_token(request: HttpRequest) -> str:
    """The request's masked CSRF token, made once: for a slot rendered by another template (`{"csrf_token": …}` in
    its context), as masking one costs as much as the rest of a small template."""
    token = getattr(request, "_frame_csrf_token", None)
    if token is None:
        token = request._frame_csrf_token = get_token(request)
    return token


def _frame(request: HttpRequest, template: str, names: list[str], is_staff: bool) -> list[str]:
    """The page with markers for these names, split at them: text, name, text, name, …, text."""
    markers = {name: f"{_PREFIX}{name}x" for name in names}
    context = {**markers, "user": _User(username=markers["username"], is_staff=is_staff)}
    return _MARKER.split(render_to_string(template, context, request))
