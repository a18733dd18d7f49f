"""Launches in a real browser: the simulated platform's course page (127.0.0.1, another site than the tool's
localhost) frames the tool; the OIDC dance runs inside the iframe with the library's SameSite=None cookies, and
the student lands signed in on the quiz, inside the frame; an instructor's deep-linking launch shows the chooser.
With third-party cookies blocked (Playwright's own contexts, Safari), the launch is refused with a page that says
to open the link in a new window.

The live server speaks HTTP; the browser sends X-Forwarded-Proto: https and the settings trust it, so the tool
sets its cookies Secure and SameSite=None as on HTTPS (Chromium accepts Secure cookies from localhost)."""

import json
import tempfile
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS
from tests.classroom.lti.conftest import lti_quiz, register
from tests.classroom.lti.platform import INSTRUCTOR


@pytest.fixture
def lms_site(live_server, platform, settings, transactional_db):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    registration = register(platform)
    platform.browser = {
        "login_url": f"{live_server.url}/lti/login/{registration.uuid}/",
        "launch_url": f"{live_server.url}/lti/launch/",
    }
    return platform


def _profile(third_party_cookies: bool) -> str:
    """A browser profile that allows third-party cookies (Chrome's default for most users) or blocks them."""
    folder = Path(tempfile.mkdtemp()) / "Default"
    folder.mkdir()
    prefs = {
        "cookie_controls_mode": 0 if third_party_cookies else 1,
        "block_third_party_cookies": not third_party_cookies,
    }
    (folder / "Preferences").write_text(json.dumps({"profile": prefs}))
    return str(folder.parent)


@pytest.fixture(params=[True], ids=["third-party cookies allowed"])
def framed(request, chromium, lms_site):
    context = chromium.browser_type.launch_persistent_context(
        _profile(request.param), executable_path=CHROMIUM, args=CHROMIUM_ARGS, viewport={"width": 1280, "height": 900},
        extra_http_headers={"X-Forwarded-Proto": "https"},
    )  # fmt: skip
    context.set_default_timeout(15_000)
    SCREENSHOTS.mkdir(exist_ok=True)
    yield context.new_page()
    context.close()


def test_a_student_launched_from_the_lms_sees_the_quiz_inside_its_iframe(framed, platform):
    quiz = lti_quiz()
    platform.browser["claims"] = {"custom": {"quiz": quiz.slug}}
    framed.goto(platform.url("/course"))
    frame = framed.frame_locator("#tool")
    frame.get_by_role("heading", name="Khrushchev").wait_for()
    assert frame.get_by_role("button", name="Sign out").is_visible()  # signed in, inside the frame
    framed.screenshot(path=SCREENSHOTS / "lti-launched-quiz-in-iframe.png", full_page=True)


def test_an_instructors_deep_linking_launch_shows_the_chooser_in_the_frame(framed, platform):
    lti_quiz()
    platform.browser.update(deep=True, claims={"sub": "teacher-1", "roles": INSTRUCTOR})
    framed.goto(platform.url("/course"))
    frame = framed.frame_locator("#tool")
    frame.get_by_role("heading", name="Add to your course").wait_for()
    assert frame.get_by_label("Khrushchev").is_visible()
    framed.screenshot(path=SCREENSHOTS / "lti-chooser-in-iframe.png", full_page=True)


@pytest.mark.parametrize("framed", [False], ids=["third-party cookies blocked"], indirect=True)
def test_with_third_party_cookies_blocked_the_launch_says_to_open_a_new_window(framed, platform):
    platform.browser["claims"] = {"custom": {"quiz": lti_quiz().slug}}
    framed.goto(platform.url("/course"))
    frame = framed.frame_locator("#tool")
    frame.get_by_role("heading", name="The launch from your LMS was refused").wait_for()
    assert frame.get_by_text("Open the link in a new window").is_visible()
    framed.screenshot(path=SCREENSHOTS / "lti-refused-cookies-blocked.png", full_page=True)
