"""LTI in the admin: platform registrations (with their deployment ids and frame origins), the tool's keys with
"rotate", the LMS courses with "sync the roster" (a teacher, for the classes they teach), and the score outbox."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from lti_tool.models import Key, LtiDeployment, LtiRegistration
from pylti1p3.exception import LtiException, LtiServiceException
from requests import RequestException

from classroom.admin.classes import TeacherScopedAdmin
from classroom.lti import roster, services
from classroom.lti.models import LtiClass, LtiPlatform, LtiScore

admin.site.unregister(LtiRegistration)  # django-lti's; this one adds the deployments' default and frame origins


class DeploymentInline(admin.TabularInline):
    model = LtiDeployment
    fields = ["deployment_id", "is_active"]
    extra = 1

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "is_active":
            field.initial = True  # a deployment id an admin types is one they mean to accept
        return field


class PlatformInline(admin.StackedInline):
    model = LtiPlatform
    can_delete = False


@admin.register(LtiRegistration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "issuer", "client_id", "is_active", "setup_link"]
    fields = ["name", "issuer", "client_id", "audience", "auth_url", "token_url", "keyset_url", "is_active", "uuid"]
    readonly_fields = ["uuid"]
    inlines = [DeploymentInline, PlatformInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # a platform's URLs are HTTPS

    @admin.display(description=_("tool settings"))
    def setup_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("lti_setup"), _("What to paste into the LMS"))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.keys_ensure()  # the first registration needs a key to sign with


@admin.register(Key)
class KeyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "is_active", "datetime_created"]
    fields = ["public_key", "is_active", "datetime_created"]
    readonly_fields = fields
    actions = ["rotate"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Rotate: a new signing key (the old stays published for a while)"))
    def rotate(self, request, queryset):
        key, retired = services.key_rotate()
        message = _("New signing key %(kid)s; %(n)d old key(s) unpublished.") % {"kid": key, "n": retired}
        self.message_user(request, message, messages.SUCCESS)


@admin.register(LtiClass)
class LtiClassAdmin(TeacherScopedAdmin):
    teacher_path = "classroom__teachers"
    list_display = ["classroom", "context", "platform"]
    list_select_related = ["classroom", "context__deployment__registration"]
    readonly_fields = ["classroom", "context"]
    actions = ["sync_roster"]

    @admin.display(description=_("platform"))
    def platform(self, obj):
        return obj.context.deployment.registration

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Sync the roster from the LMS (creates its students)"))
    def sync_roster(self, request, queryset):
        for lti_class in queryset:
            try:
                added = roster.roster_sync(lti_class=lti_class, by=request.user)
            except (PermissionDenied, LtiException, LtiServiceException, RequestException) as exc:
                self.message_user(request, f"{lti_class}: {exc}", messages.ERROR)
                continue
            message = ngettext("%(n)d new student in %(c)s.", "%(n)d new students in %(c)s.", added)
            self.message_user(request, message % {"n": added, "c": lti_class})


@admin.register(LtiScore)
class LtiScoreAdmin(admin.ModelAdmin):
    list_display = ["attempt", "version", "score_given", "score_maximum", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    list_select_related = ["link"]
    readonly_fields = [f.name for f in LtiScore._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
