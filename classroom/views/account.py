"""Sign-up: a student makes an account and joins their class with its code."""

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.throttling import AnonRateThrottle

from classroom import services


class SignupForm(forms.Form):
    """Field checks only; the account and the enrollment are made by services.student_signup."""

    first_name = forms.CharField(
        label=gettext_lazy("First name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=gettext_lazy("Last name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    username = forms.CharField(
        label=gettext_lazy("Username"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username"})
    )
    email = forms.EmailField(label=gettext_lazy("Email"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password1 = forms.CharField(
        label=gettext_lazy("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy("At least 8 characters, not only digits, not a common password."),
    )
    password2 = forms.CharField(
        label=gettext_lazy("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    code = forms.CharField(
        label=gettext_lazy("Class join code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}),
        help_text=gettext_lazy("Eight letters and digits, from your teacher."),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


def signup(request):
    form = SignupForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if request.method == "POST" and not SignupThrottle().allow_request(request, None):
        return render(request, "registration/signup.html", {"form": form, "throttled": True}, status=429)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.student_signup(
                username=data["username"],
                email=data["email"],
                password=data["password1"],
                code=data["code"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Your account is ready and you have joined your class."))
            return redirect("home")
    return render(request, "registration/signup.html", {"form": form})


class SignupThrottle(AnonRateThrottle):
    """Sign-ups per address (DRF's throttle, on the shared cache): the "signup" rate."""

    scope = "signup"


def _form_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's errors on the form: field errors where the field exists, the rest above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        target = {"password": "password1"}.get(field, field)
        form.add_error(target if target in form.fields else None, errors)
