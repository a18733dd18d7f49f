"""What a refused launch's page says: the library's reason (kept on the page for the LMS admin) in words a student
or teacher can act on. Pure: no Django models."""

from django.utils.translation import gettext_lazy as _

RULES = (
    ("nonce", _("This launch was already used, or has expired. Go back to the course and open the link again.")),
    (
        "cookie",
        _(
            "Your browser did not send this site's cookies inside the LMS's frame (third-party cookies are blocked). "
            "Open the link in a new window, or allow cookies for this site."
        ),
    ),  # fmt: skip
    (
        "state",
        _(
            "This launch does not match the sign-in your LMS started: your browser may block cookies in frames. "
            "Open the link in a new window, or allow cookies for this site."
        ),
    ),  # fmt: skip
    ("expired", _("This launch has expired. Go back to the course and open the link again.")),
    ("signature", _("The LMS's signature on this launch is not valid: it was refused.")),
    ("public key", _("The LMS's signing key could not be found in its key set: it was refused.")),
    ("deployment", _("This LMS deployment is not registered here: ask an administrator to add its deployment id.")),
    (
        "registration",
        _(
            "This LMS (issuer and client id) is not registered here, or the launch was meant for "
            "another tool: ask an administrator."
        ),
    ),  # fmt: skip
    ("client id", _("This launch was meant for another tool (its audience is not our client id).")),
    ("non-instructor", _("Only instructors can pick content from this tool.")),
    ("deep-linking", _("Open the content picker from your course in the LMS.")),
)


def explain(reason: str) -> str:
    lowered = reason.lower()
    for needle, message in RULES:
        if needle in lowered:
            return message
    return _("The launch from your LMS could not be verified, so you were not signed in.")
