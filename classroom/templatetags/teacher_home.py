"""The admin home's teacher panel: `{% teacher_home as home %}` (None for staff who neither teach nor administer).
A tag, as the admin's own "recent actions" is: the stock index view takes no extra context."""

from django import template

from classroom import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def teacher_home(context):
    user = context["request"].user
    if not (user.is_superuser or user.is_teacher):
        return None
    return selectors.teacher_home(user=user)
