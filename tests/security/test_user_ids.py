"""User content cannot name an element of the page around it: every id in a rendered note or prompt carries the
`user-content-` prefix (a prompt rendering `id="quiz-texts"` broke the attempt page's Submit button)."""

import re

import pytest

from briefs.rendering import render_markdown, sanitize_html
from quizzes.services import quiz_import_gift
from tests.factories import UserFactory
from tests.quizzes.factories import QuizFactory

CLOBBERS = ['<p id="quiz-texts">x</p>', '<h2 id="content">x</h2>', '<div id="attempt">x</div>', '<a id="x">y</a>']


@pytest.mark.parametrize("html", CLOBBERS)
def test_raw_html_ids_are_prefixed_or_dropped(html):
    for rendered in (render_markdown(html), sanitize_html(html)):
        ids = re.findall(r'\bid="([^"]+)"', rendered)
        assert all(i.startswith("user-content-") for i in ids), rendered
    assert 'id="user-content-quiz-texts"' in sanitize_html(CLOBBERS[0])


def test_headings_and_links_to_them_agree():
    html = render_markdown("# The Thaw\n\nSee [below](#the-thaw).\n")
    assert '<h1 id="user-content-the-thaw">' in html and 'href="#user-content-the-thaw"' in html


@pytest.mark.django_db
def test_a_prompt_cannot_clobber_the_attempt_page(client):
    quiz = QuizFactory(open_to_all=True)  # a student of no class may take it
    quiz_import_gift(quiz=quiz, text='::Q:: [html]<p id="quiz-texts">Who?</p> {=Brezhnev ~Malenkov}')
    client.force_login(UserFactory())
    started = client.post(f"/api/v1/quizzes/{quiz.slug}/attempts/").json()
    page = client.get(f"/attempts/{started['id']}/").content.decode()
    assert page.count('id="quiz-texts"') == 1  # the page's own, which its script reads
    assert 'id="user-content-quiz-texts"' in page
