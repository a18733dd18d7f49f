"""Our pages inside an LMS's iframe. By default the site may be framed by nobody (CSP frame-ancestors 'none',
X-Frame-Options DENY). The /lti/ URLs may be framed by the registered platforms; a session an LTI launch signed in
may be framed by the platform that launched it, and its session cookie is SameSite=None; Secure, so the browser
sends it inside that third-party frame. Every other session keeps Lax cookies and no framing."""

from django.conf import settings

from classroom.lti import selectors

SESSION_KEY = "lti_frame_origins"  # the launching platform's origins, set by the launch
LTI_PATH = "/lti/"


def _frame_origins(request) -> list[str] | None:
    session = getattr(request, "session", None)
    if session is not None and (origins := session.get(SESSION_KEY)):
        return origins
    if request.path.startswith(LTI_PATH):
        return selectors.frame_origins(registrations=selectors.registrations_active())
    return None


class LtiFrameMiddleware:
    """After the CSP middleware in the list, so it marks the response before that middleware writes the header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        origins = _frame_origins(request)
        if origins is not None:
            replace = dict(getattr(response, "_csp_replace", None) or {})
            response._csp_replace = {**replace, "frame-ancestors": origins or ["'none'"]}
            response.xframe_options_exempt = True  # CSP frame-ancestors decides; X-Frame-Options cannot list origins
        return response


class LtiCookieMiddleware:
    """Before the session middleware in the list, so it sees the session cookie that middleware set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        cookie = response.cookies.get(settings.SESSION_COOKIE_NAME)
        if cookie is not None and cookie.value and session is not None and session.get(SESSION_KEY):
            cookie["samesite"], cookie["secure"] = "None", True
        return response
