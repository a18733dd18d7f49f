"""The notification emails' words, and their unsubscribe tokens: plain data in, text out (no ORM).

A token is `django.core.signing` over (user id, kind): it needs no sign-in and no stored secret, and it never
expires, as an unsubscribe link in an old email must still work."""

from django.core import signing
from django.utils.translation import gettext as _

SALT = "classroom.notifications.unsubscribe"


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    return signing.dumps([user_id, kind], salt=SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(user id, kind) of a token this site signed; None for anything else."""
    try:
        user_id, kind = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return (user_id, kind) if isinstance(user_id, int) and isinstance(kind, str) else None


def compose(*, kind: str, context: dict, name: str, site_url: str, unsubscribe_url: str) -> tuple[str, str]:
    """(subject, text) of one notification. `context` is what the event selector found (titles, links, dates)."""
    subject, lines = _WORDS[kind](context, site_url)
    body = [_("Hello %(name)s,") % {"name": name}, "", *lines, ""]
    body += ["--", _("You get this email because it is switched on in your profile. To stop these emails:"),
             unsubscribe_url, _("Your profile: %(url)s") % {"url": f"{site_url}/accounts/profile/"}]  # fmt: skip
    return subject, "\n".join(body) + "\n"


def _new_work(context: dict, site_url: str) -> tuple[str, list[str]]:
    items = context["items"]
    subject = _("New work in your classes: %(n)d") % {"n": len(items)}
    lines = [_("New work is available:"), ""]
    lines += [f"- {item['title']} ({item['classroom']}): {site_url}{item['path']}" for item in items]
    return subject, lines


def _due_soon(context: dict, site_url: str) -> tuple[str, list[str]]:
    subject = _("Due tomorrow: %(title)s") % context
    return subject, [_("“%(title)s” (%(classroom)s) is due %(due)s and is not finished yet.") % context, "",
                     f"{site_url}{context['path']}"]  # fmt: skip


def _essay_marked(context: dict, site_url: str) -> tuple[str, list[str]]:
    subject = _("Your answers to “%(title)s” have been marked") % context
    return subject, [_("Your teacher has marked your answers to “%(title)s”. See your score and feedback:") % context,
                     "", f"{site_url}{context['path']}"]  # fmt: skip


def _announcement(context: dict, site_url: str) -> tuple[str, list[str]]:
    subject = _("%(classroom)s: %(title)s") % context
    return subject, [context["title"], "", context["body"], "", f"{site_url}{context['path']}"]


_WORDS = {"new_work": _new_work, "due_soon": _due_soon, "essay_marked": _essay_marked, "announcement": _announcement}
