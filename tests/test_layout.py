"""templates/base.html: the navigation marks the page it is on, and shows each user their own name, token and links."""

import re

import pytest
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _nav(client, path: str) -> str:
    html = client.get(path).content.decode()
    return re.search(r'<nav aria-label="Main">(.*?)</nav>', html, re.S).group(1)


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_current_page_is_marked_on_each_page():
    client = _signed_in(UserFactory())
    for path, label in [("/", "Dashboard"), ("/briefs/", "Briefs"), ("/progress/", "Progress"), ("/", "Dashboard")]:
        current = re.findall(r'aria-current="page">([^<]+)<', _nav(client, path))
        assert current == [label], path
    assert re.findall(r'aria-current="page">([^<]+)<', _nav(client, "/study/")) == ["Study"]


def test_each_user_sees_their_own_name_and_a_fresh_csrf_token():
    first, second = UserFactory(username="first"), UserFactory(username="second")
    a, b = _nav(_signed_in(first), "/"), _nav(_signed_in(second), "/")
    assert "(first)" in a and "(second)" in b and "(first)" not in b
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    assert token.search(a).group(1) != token.search(b).group(1)


def test_a_name_is_shown_as_text_never_as_markup():
    nav = _nav(_signed_in(UserFactory(first_name="<b>Ada</b>", last_name="<script>x()</script>")), "/")
    assert "(&lt;b&gt;Ada&lt;/b&gt; &lt;script&gt;x()&lt;/script&gt;)" in nav
    assert "<b>" not in nav and "<script" not in nav


def test_only_staff_see_the_admin_link():
    staff = UserFactory(is_staff=True)
    assert 'href="/admin/"' in _nav(_signed_in(staff), "/briefs/")
    assert 'href="/admin/"' not in _nav(_signed_in(UserFactory()), "/briefs/")


def test_signed_out_visitors_get_the_sign_in_links():
    nav = _nav(Client(), "/accounts/login/")
    assert 'href="/accounts/login/"' in nav and "Sign out" not in nav
