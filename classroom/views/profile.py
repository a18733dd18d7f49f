"""The profile page: a user's name, email and notification emails, and a password change."""

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from classroom import selectors, services
from classroom.models import NotificationKind
from classroom.views.account import _form_errors


class ProfileForm(forms.Form):
    first_name = forms.CharField(
        label=gettext_lazy("First name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=gettext_lazy("Last name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    email = forms.EmailField(label=gettext_lazy("Email"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    notifications = forms.MultipleChoiceField(
        label=gettext_lazy("Email me when"),
        choices=NotificationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


@login_required
def profile(request):
    user = request.user
    off = selectors.notification_opt_outs(user=user)
    initial = {"first_name": user.first_name, "last_name": user.last_name, "email": user.email,
               "notifications": [kind for kind in NotificationKind.values if kind not in off]}  # fmt: skip
    which = request.POST.get("form") if request.method == "POST" else None
    details = ProfileForm(request.POST if which == "details" else None, initial=initial)
    password = PasswordChangeForm(user, request.POST if which == "password" else None)
    if which == "details" and details.is_valid() and _save_details(details, user):
        messages.success(request, _("Your profile is saved."))
        return redirect("profile")
    if which == "password" and password.is_valid():
        password.save()
        update_session_auth_hash(request, password.user)  # stay signed in here; other sessions end
        messages.success(request, _("Your password is changed."))
        return redirect("profile")
    status = 400 if which and (details.errors or password.errors) else 200
    return render(request, "classroom/profile.html", {"form": details, "password_form": password}, status=status)


def _save_details(form: ProfileForm, user) -> bool:
    data = form.cleaned_data
    try:
        services.user_profile_update(
            user=user, first_name=data["first_name"], last_name=data["last_name"], email=data["email"]
        )
    except ValidationError as exc:
        _form_errors(form, exc)
        return False
    services.notification_settings_set(user=user, enabled=data["notifications"])
    return True
