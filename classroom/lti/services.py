"""Writes of LTI: a launch's user, class and landing page; the tool's keys (the roster: classroom.lti.roster). The
library has checked the launch before any of this runs: nothing is written for a launch it refused."""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from lti_tool.models import Key, LtiContext, LtiLaunch, LtiUser
from lti_tool.utils import sync_data_from_launch

from briefs.models import Brief
from classroom.lti import selectors, tool
from classroom.lti.models import LtiClass, LtiGradeLink
from classroom.models import Assignment, Classroom, Enrollment, User
from classroom.services import assignment_save
from config.permissions import TEACHERS
from quizzes.models import Quiz

AGS_SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
AGS_LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"


@dataclass(frozen=True)
class Landing:
    user: User
    url: str
    teaching: bool


# ---------------------------------------------------------------- launches


@transaction.atomic
def launch_accept(*, message_launch: tool.MessageLaunch) -> Landing:
    """A launch the library validated: django-lti records its user, course and link; the user is matched (or made)
    by issuer and subject, the course becomes a class they teach or are enrolled in, and the link's brief or quiz
    (its custom parameter `quiz` or `brief`, a slug) is assigned to that class."""
    launch = LtiLaunch(message_launch)
    sync_data_from_launch(launch)
    teaching = message_launch.check_teacher_access() or message_launch.check_teaching_assistant_access()
    user = _user(launch.user, teaching=teaching)
    classroom = _class(launch.context, user, teaching=teaching)
    if launch.is_deep_link_launch:
        return Landing(user, reverse("lti_chooser"), teaching)
    material = _material(launch)
    if material is not None:
        _assign(classroom, material)
    if isinstance(material, Quiz) and not teaching:
        _grade_link(launch, user, material)
    return Landing(user, _url(material, classroom, teaching), teaching)


def account_username(issuer: str, sub: str) -> str:
    return "lti-" + hashlib.sha256(f"{issuer}\n{sub}".encode()).hexdigest()[:20]


def _user(lti_user: LtiUser, *, teaching: bool) -> User:
    """The account of (issuer, subject): this registration's, or another registration's of the same issuer."""
    user = lti_user.auth_user or selectors.account_of(issuer=lti_user.registration.issuer, sub=lti_user.sub)
    if user is None:
        username = account_username(lti_user.registration.issuer, lti_user.sub)
        user = User(username=username, email=f"{username}@lti.invalid")
        user.set_unusable_password()  # they sign in through the LMS only
    user.first_name = (lti_user.given_name or lti_user.name or user.first_name)[:150]
    user.last_name = (lti_user.family_name or user.last_name)[:150]
    if _free(lti_user.email, user):
        user.email = lti_user.email
    if teaching and not user.is_staff:
        user.is_staff = True
    user.save()
    if teaching:
        user.groups.add(Group.objects.get_or_create(name=TEACHERS)[0])
    if lti_user.auth_user_id != user.pk:
        lti_user.auth_user = user
        lti_user.save(update_fields=["auth_user", "datetime_modified"])
    return user


def _free(email: str, user: User) -> bool:
    """The LMS's email is taken unless another account has it (an LMS must not take over a local account by naming
    its email): until then the account keeps a placeholder under the reserved .invalid domain, or its old email."""
    if not email or email.lower() == user.email.lower():
        return False
    return not User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists()


def _class(context: LtiContext, user: User, *, teaching: bool) -> Classroom:
    link = LtiClass.objects.select_related("classroom").filter(context=context).first()
    if link is None:
        classroom = Classroom(name=(context.title or context.label or _("LMS course"))[:200])
        classroom.full_clean()
        classroom.save()
        link = LtiClass.objects.create(context=context, classroom=classroom)
    if teaching:
        link.classroom.teachers.add(user)
    else:
        Enrollment.objects.get_or_create(student=user, classroom=link.classroom)
    return link.classroom


def _material(launch: LtiLaunch) -> Quiz | Brief | None:
    if slug := launch.get_custom_claim("quiz"):
        return Quiz.objects.filter(slug=slug, published=True).first()
    if slug := launch.get_custom_claim("brief"):
        return Brief.objects.filter(slug=slug, published=True).first()
    return None


def _assign(classroom: Classroom, material: Quiz | Brief) -> None:
    """The LMS course's link gives the work to its class, so its students may open it (quizzes are class-scoped)."""
    field = "quiz" if isinstance(material, Quiz) else "brief"
    if not Assignment.objects.filter(classroom=classroom, **{field: material}).exists():
        assignment_save(assignment=Assignment(classroom=classroom, **{field: material}))


def _grade_link(launch: LtiLaunch, user: User, quiz: Quiz) -> None:
    """Where the student's grades go: the link's line item, or one the tool makes at the first score when the
    platform lets it manage line items (a link added by hand, with no grade column of its own)."""
    ags = launch.ags_claim or {}
    scopes, lineitem, lineitems = ags.get("scope", []), ags.get("lineitem", ""), ags.get("lineitems", "")
    if AGS_SCORE not in scopes or not (lineitem or (lineitems and AGS_LINEITEM in scopes)):
        return  # the platform takes no scores for this link: nothing to send
    lineitem = lineitem or selectors.made_lineitem(resource_link=launch.resource_link)
    LtiGradeLink.objects.update_or_create(
        student=user,
        resource_link=launch.resource_link,
        defaults={
            "quiz": quiz,
            "lti_user": launch.user,
            "lineitem_url": lineitem,
            "lineitems_url": lineitems,
            "scopes": scopes,
        },
    )


def _url(material, classroom: Classroom, teaching: bool) -> str:
    if isinstance(material, Quiz):
        return reverse("quiz_detail", args=[material.slug])
    if isinstance(material, Brief):
        return reverse("brief_detail", args=[material.slug])
    return reverse("class_overview", args=[classroom.pk]) if teaching else reverse("home")


# ---------------------------------------------------------------- the tool's keys


@transaction.atomic
def key_rotate(*, now: datetime | None = None) -> tuple[Key, int]:
    """A new signing key, published at once; the keys it replaced stay published for LTI_KEY_RETIRE_AFTER (platforms
    cache our JWKS, and what an old key signed must still verify), then leave the JWKS. Returns the key and how many
    keys were unpublished."""
    key = Key.objects.generate()
    return key, keys_retire(now=now)


def keys_retire(*, now: datetime | None = None) -> int:
    """Unpublish the keys that were replaced more than LTI_KEY_RETIRE_AFTER ago (a key is replaced when the next
    one is made: the newest signs)."""
    cutoff = (now or timezone.now()) - settings.LTI_KEY_RETIRE_AFTER
    active = list(Key.objects.active().order_by("datetime_created", "id"))
    retired = [key.pk for key, newer in zip(active, active[1:], strict=False) if newer.datetime_created <= cutoff]
    return Key.objects.filter(pk__in=retired).update(is_active=False)


def keys_ensure() -> None:
    """A key to sign with (the first launch, the setup page): made once."""
    if not Key.objects.active().exists():
        key_rotate()
