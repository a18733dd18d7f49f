"""Writes of a user's own profile: their name and email."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from classroom.models import User


@transaction.atomic
def user_profile_update(*, user: User, first_name: str, last_name: str, email: str) -> User:
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise ValidationError({"email": _("Another account uses this email address.")})
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.full_clean(validate_unique=False, validate_constraints=False)  # the email checked above, case-insensitively
    user.save(update_fields=["first_name", "last_name", "email"])
    return user
