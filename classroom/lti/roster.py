"""The roster from the LMS (Names and Role Provisioning Services): the library reads the course's members; their
LMS users, accounts, memberships and enrollments are written in a few statements whatever the class size."""

from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from lti_tool.lti_core.constants import ContextRole
from lti_tool.lti_core.utils import normalize_role
from lti_tool.models import LtiContext, LtiMembership, LtiRegistration, LtiUser
from pylti1p3.names_roles import NamesRolesProvisioningService

from classroom.lti import tool
from classroom.lti.models import LtiClass
from classroom.lti.services import account_username
from classroom.models import Classroom, Enrollment, User

CLAIMS = ("name", "given_name", "family_name", "email")


def roster_sync(*, lti_class: LtiClass, by: User) -> int:
    """Read the course's members from the LMS and enroll its active learners, creating the accounts of those who
    never launched. Only a teacher of the class (or an admin) may. Returns how many students were enrolled anew."""
    classroom = lti_class.classroom
    if not (by.is_superuser or classroom.teachers.filter(pk=by.pk).exists()):
        raise PermissionDenied(_("Only a teacher of “%(name)s” can sync its roster.") % {"name": classroom.name})
    context = lti_class.context
    if not context.memberships_url:
        raise PermissionDenied(_("The LMS gave no roster service for this course: launch it from the LMS first."))
    registration = context.deployment.registration
    connector = tool.Connector(registration.to_registration(), key=str(registration.pk))
    members = NamesRolesProvisioningService(connector, {"context_memberships_url": context.memberships_url})
    return _enroll(registration, context, classroom, [m for m in members.get_members() if _learner(m)])


def _learner(member: dict) -> bool:
    roles = {normalize_role(role) for role in member.get("roles", [])}
    active = member.get("status", "Active") == "Active"
    return active and ContextRole.LEARNER in roles and ContextRole.INSTRUCTOR not in roles


@transaction.atomic
def _enroll(registration: LtiRegistration, context: LtiContext, classroom: Classroom, members: list[dict]) -> int:
    if not members:
        return 0
    lti_users = _lti_users(registration, members)
    _accounts(registration, [u for u in lti_users if u.auth_user_id is None])
    LtiMembership.objects.bulk_create(
        [LtiMembership(user=u, context=context, is_learner=True, is_active=True) for u in lti_users],
        update_conflicts=True, unique_fields=["user", "context"], update_fields=["is_learner", "is_active"],
    )  # fmt: skip
    before = set(classroom.enrollments.values_list("student_id", flat=True))
    students = {u.auth_user_id for u in lti_users}
    Enrollment.objects.bulk_create(
        [Enrollment(student_id=pk, classroom=classroom) for pk in sorted(students - before)], ignore_conflicts=True
    )
    return len(students - before)


def _lti_users(registration: LtiRegistration, members: list[dict]) -> list[LtiUser]:
    rows = [
        LtiUser(registration=registration, sub=m["user_id"], **{k: (m.get(k) or "")[:500] for k in CLAIMS})
        for m in members
    ]
    LtiUser.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["registration", "sub"], update_fields=[*CLAIMS, "datetime_modified"]
    )
    return list(LtiUser.objects.filter(registration=registration, sub__in=[m["user_id"] for m in members]))


def _accounts(registration: LtiRegistration, missing: list[LtiUser]) -> None:
    """Accounts for LMS users who have none: the same person's under another registration of the issuer, or new
    ones (no password: they sign in through the LMS; an email another account has is not taken)."""
    if not missing:
        return
    issuer = registration.issuer
    known = dict(
        LtiUser.objects.filter(
            registration__issuer=issuer, sub__in=[u.sub for u in missing], auth_user__isnull=False
        ).values_list("sub", "auth_user_id")
    )
    wanted = {u.email.lower() for u in missing if u.email}
    taken = set(User.objects.annotate(lower=Lower("email")).filter(lower__in=wanted).values_list("lower", flat=True))
    new = []
    for lti_user in missing:
        if lti_user.sub in known:
            continue
        username = account_username(issuer, lti_user.sub)
        email = lti_user.email if lti_user.email and lti_user.email.lower() not in taken else f"{username}@lti.invalid"
        taken.add(email.lower())
        first, last = (lti_user.given_name or lti_user.name)[:150], lti_user.family_name[:150]
        new.append(User(username=username, email=email, password=make_password(None), first_name=first, last_name=last))
    known.update({user.username: user.pk for user in User.objects.bulk_create(new)})
    for lti_user in missing:
        lti_user.auth_user_id = known.get(lti_user.sub) or known[account_username(issuer, lti_user.sub)]
    LtiUser.objects.bulk_update(missing, ["auth_user"])
