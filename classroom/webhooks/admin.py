"""Webhooks in the admin: endpoints (a teacher's for the classes they teach; the secret shown once, when it is
registered) and the delivery log with "send again"."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from classroom.admin.classes import TeacherScopedAdmin
from classroom.webhooks import services
from classroom.webhooks.models import EVENT_CHOICES, WebhookDelivery, WebhookEndpoint


class EndpointForm(forms.ModelForm):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(choices=EVENT_CHOICES, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "events", "classroom", "description", "active"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_classroom(self):
        classroom = self.cleaned_data.get("classroom")
        if classroom is None and not self.user.is_superuser:
            raise ValidationError(_("Choose one of your classes: only admins receive every class's events."))
        return classroom


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(TeacherScopedAdmin):
    teacher_path = "classroom__teachers"
    form = EndpointForm
    list_display = ["url", "classroom", "events", "active", "failing_since", "disabled_at", "owner"]
    list_filter = ["active"]
    list_select_related = ["classroom", "owner"]
    readonly_fields = ["owner", "failing_since", "disabled_at", "created_at"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)

        class WithUser(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, user=request.user, **inner)

        return WithUser

    def save_model(self, request, obj, form, change):
        if change:
            was_active = WebhookEndpoint.objects.filter(pk=obj.pk).values_list("active", flat=True).first()
            super().save_model(request, obj, form, change)
            if obj.active and not was_active:
                services.webhook_endpoint_enable(endpoint=obj)
            return
        data = {k: form.cleaned_data[k] for k in ("url", "events", "classroom", "description")}
        created = services.webhook_endpoint_create(owner=request.user, **data)
        obj.pk, obj.secret, obj.owner = created.pk, created.secret, created.owner
        obj._state.adding = False
        # Shown this once: the admin never displays it again, nor does the API.
        message = _("Signing secret of this endpoint, shown only now: %(secret)s") % {"secret": created.secret}
        self.message_user(request, message, messages.WARNING)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(TeacherScopedAdmin):
    teacher_path = "endpoint__classroom__teachers"
    list_display = ["message_id", "event", "endpoint", "status", "response_code", "duration_ms", "attempts",
                    "created_at", "delivered_at"]  # fmt: skip
    list_filter = ["status", "event"]
    list_select_related = ["endpoint"]
    search_fields = ["message_id"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields if f.name != "leased_until"]
    exclude = ["leased_until"]
    actions = ["send_again"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Send again"))
    def send_again(self, request, queryset):
        count = len(services.webhook_delivery_resend(deliveries=list(queryset)))
        self.message_user(request, ngettext("%(n)d delivery queued.", "%(n)d deliveries queued.", count) % {"n": count})
