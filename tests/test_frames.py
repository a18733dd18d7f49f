"""config.frames: a page rendered once per process with markers, then filled in, is the page `render` makes."""

import re

import pytest
from django.contrib import messages
from django.contrib.messages.storage import default_storage
from django.contrib.sessions.backends.cache import SessionStore
from django.shortcuts import render
from django.utils.safestring import SafeString
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classroom.models import User
from config import frames

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
PAGES = {  # template → its slots; those its views fill with rendered HTML are safe strings
    "classroom/home.html": lambda text: {"cards": SafeString(f"<section>{text}</section>"), "name": text},
    "briefs/brief.html": lambda text: {
        "title": text,
        "head": SafeString(f"<header><h1>{text}</h1>"),
        "main": SafeString(f"<article>{text}</article>"),
        "studied": SafeString("<p>studied</p>"),
    },
}
texts = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)


def _request(rf, user, path="/"):
    request = rf.get(path)
    request.user, request.session, request.LANGUAGE_CODE = user, SessionStore(), "en"
    request._messages = default_storage(request)
    return request


def _same_tokens(html: str) -> str:
    """Each rendering masks the CSRF secret anew: compare pages with the token's value left out."""
    return TOKEN.sub('name="csrfmiddlewaretoken" value=""', html)


def _pages(request, template, slots) -> tuple[str, str]:
    framed = frames.render_framed(request, template, slots).content.decode()
    return _same_tokens(framed), _same_tokens(render(request, template, slots).content.decode())


@pytest.mark.parametrize("template", PAGES)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(username=texts, text=texts, staff=st.booleans())
def test_a_framed_page_is_the_rendered_page_whatever_the_values(rf, template, username, text, staff):
    """Escaped where the template escapes (the name, the title), as they are where they are safe, on the page
    that builds the frame and on those that reuse it."""
    request = _request(rf, User(username=username or "x", is_staff=staff), "/briefs/b/")
    for _ in range(2):
        framed, rendered = _pages(request, template, PAGES[template](text))
        assert framed == rendered


def test_the_next_user_of_a_frame_sees_their_own_name_and_token_only(rf):
    first, second = _request(rf, User(username="ada")), _request(rf, User(username="<b>bo</b>"))
    frames.render_framed(first, "classroom/home.html", {"cards": SafeString("<i>a</i>"), "name": "Ada"})
    html = frames.render_framed(second, "classroom/home.html", {"cards": SafeString("<i>b</i>"), "name": "Bo"})

    page = html.content.decode()
    assert "ada" not in page and "Ada" not in page and "<i>a</i>" not in page
    assert "&lt;b&gt;bo&lt;/b&gt;" in page and "Hello, Bo" in page and "<i>b</i>" in page
    assert f'value="{frames.csrf_token(second)}"' in page and frames.csrf_token(second) != frames.csrf_token(first)


def test_a_frame_is_rendered_once_per_language_path_and_staff_flag(rf, monkeypatch):
    renders = []
    real = frames.render_to_string
    monkeypatch.setattr(frames, "render_to_string", lambda *args: renders.append(args[0]) or real(*args))
    slots = {"cards": "", "name": "n"}
    for username, staff, path in [("a", False, "/"), ("b", False, "/"), ("c", True, "/"), ("d", False, "/x/")]:
        frames.render_framed(_request(rf, User(username=username, is_staff=staff), path), "classroom/home.html", slots)

    assert len(renders) == 3  # b reused a's frame; staff and another path have their own


def test_staff_get_the_admin_link_in_their_own_frame(rf):
    slots = {"cards": "", "name": "n"}
    student = frames.render_framed(_request(rf, User(username="s")), "classroom/home.html", slots).content.decode()
    staff = frames.render_framed(_request(rf, User(username="t", is_staff=True)), "classroom/home.html", slots)

    assert 'href="/admin/"' in staff.content.decode() and 'href="/admin/"' not in student


@pytest.mark.parametrize("first_with_message", [True, False])
def test_messages_are_shown_to_their_request_and_never_kept_in_a_frame(rf, first_with_message):
    slots = {"cards": "", "name": "n"}
    with_message, without = _request(rf, User(username="s")), _request(rf, User(username="t"))
    messages.success(with_message, "You joined <Chemistry>.")
    order = [with_message, without] if first_with_message else [without, with_message]

    pages = {id(r): frames.render_framed(r, "classroom/home.html", slots).content.decode() for r in order}

    assert "You joined &lt;Chemistry&gt;." in pages[id(with_message)]
    assert "You joined" not in pages[id(without)]


def test_the_csrf_token_is_made_once_per_request(rf):
    request = _request(rf, User(username="s"))
    assert frames.csrf_token(request) == frames.csrf_token(request)
    assert frames.csrf_token(_request(rf, User(username="s"))) != frames.csrf_token(request)
