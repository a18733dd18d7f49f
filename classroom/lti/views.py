"""LTI's pages, thin: the OIDC login initiation and the launch (the library checks them; a refusal is a page that
says why, and writes nothing), the deep-linking chooser and its signed answer, and the admins' setup page."""

import logging
from urllib.parse import urlsplit

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import login as sign_in
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.exception import LtiException, OIDCException
from pylti1p3.lineitem import LineItem

from classroom.lti import refusals, selectors, services, tool
from classroom.lti.middleware import SESSION_KEY
from config.permissions import teaches

logger = logging.getLogger(__name__)
LAUNCH_KEY = "lti_launch_id"  # the deep-linking launch the chooser answers
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _refused(request, reason: str, status: int = 403):
    logger.info("LTI refused: %s", reason)
    return render(request, "lti/refused.html", {"message": refusals.explain(reason), "reason": reason}, status=status)


@csrf_exempt  # the LMS posts it; the OIDC state (a cookie the library sets here) is what ties it to the launch
@require_http_methods(["GET", "POST"])
def login(request, registration_uuid):
    params = request.POST if request.method == "POST" else request.GET
    if not params.get("iss") or not params.get("login_hint"):
        return _refused(request, "Missing iss or login_hint", status=400)
    # Our launch URL whatever target the LMS names: the platform checks it against the redirect URIs it was given.
    target = request.build_absolute_uri(reverse("lti_launch"))
    try:
        return tool.oidc_login(request, registration_uuid).disable_check_cookies().redirect(target)
    except (LtiException, OIDCException) as exc:
        return _refused(request, str(exc))


@csrf_exempt  # a cross-site POST by design: the library checks its state, nonce and signature instead
@require_POST
def launch(request):
    try:
        message_launch = tool.launch_from_request(request)
    except LtiException as exc:
        return _refused(request, str(exc))
    if message_launch.is_deep_link_launch() and not message_launch.check_teacher_access():
        return _refused(request, "Deep linking by a non-instructor")
    landing = services.launch_accept(message_launch=message_launch)
    sign_in(request, landing.user, backend=BACKEND)
    registration = message_launch.get_tool_conf().registration
    request.session[SESSION_KEY] = selectors.frame_origins(registrations=[registration])
    request.session[LAUNCH_KEY] = message_launch.get_launch_id()
    return redirect(landing.url)


def _deep_link_launch(request) -> tool.MessageLaunch | None:
    launch_id = request.session.get(LAUNCH_KEY)
    if not launch_id or not teaches(request.user):
        return None
    try:
        launch = tool.launch_from_cache(request, launch_id)
    except LtiException:
        return None
    return launch if launch.is_deep_link_launch() else None


@login_required
@require_http_methods(["GET", "POST"])
def chooser(request):
    """The teacher picks briefs and quizzes; the answer is the library's signed deep-linking JWT, posted back to the
    LMS by the browser (a form our own script submits: no inline script under the CSP)."""
    launch = _deep_link_launch(request)
    if launch is None:
        return _refused(request, "No deep-linking launch in this session")
    quizzes, briefs = selectors.chooser(user=request.user)
    if request.method == "GET":
        return render(request, "lti/chooser.html", {"quizzes": quizzes, "briefs": briefs})
    picked = set(request.POST.getlist("item"))
    resources = [
        _resource(request, "quiz", q.slug, q.title, q.points or 0) for q in quizzes if f"quiz:{q.slug}" in picked
    ]
    resources += [_resource(request, "brief", b.slug, b.title) for b in briefs if f"brief:{b.slug}" in picked]
    deep_link = launch.get_deep_link()
    return_url = launch.get_launch_data()["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"][
        "deep_link_return_url"
    ]
    response = render(
        request, "lti/deep_link_return.html", {"action": return_url, "jwt": deep_link.get_response_jwt(resources)}
    )
    parts = urlsplit(return_url)
    response._csp_update = {"form-action": [f"{parts.scheme}://{parts.netloc}"]}  # the LMS takes the answer
    return response


def _resource(request, kind: str, slug: str, title: str, points: float | None = None) -> DeepLinkResource:
    resource = (
        DeepLinkResource()
        .set_url(request.build_absolute_uri(reverse("lti_launch")))
        .set_title(title)
        .set_custom_params({kind: slug})
    )
    if kind == "quiz":  # a gradebook column, scored out of the quiz's points
        resource.set_lineitem(LineItem().set_score_maximum(points or 1).set_label(title).set_resource_id(slug))
    return resource


@staff_member_required
def setup(request):
    """What to paste into Moodle's and Canvas's tool settings, per registration. Admins only: a teacher gets a 403
    (a redirect to sign in would send a signed-in teacher straight back here)."""
    if not request.user.is_superuser:
        raise PermissionDenied
    services.keys_ensure()
    urls = {name: request.build_absolute_uri(reverse(name)) for name in ("lti_launch", "lti_jwks", "lti_chooser")}
    rows = [
        (r, request.build_absolute_uri(reverse("lti_login", args=[r.uuid])))
        for r in selectors.registrations_active().prefetch_related("deployments")
    ]
    return render(
        request, "lti/setup.html", {"urls": urls, "rows": rows, "tool_origin": request.build_absolute_uri("/")}
    )
