from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from .context_processors import portal
from .models import (
    Association,
    EmailPreference,
    Institution,
    Member,
    Notification,
    Phase,
    Plan,
    PlanDocument,
    Theme,
    User,
)
from .notifications import KINDS, enqueue


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "language", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "language", "groups"]
    search_fields = ["email", "display_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Public profile"), {"fields": ["display_name", "language"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {"classes": ["wide"], "fields": ["email", "display_name", "language", "password1", "password2"]},
        ),
    ]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """What happened to each email, never what it said: nothing rendered is
    stored, and even the ids of a secret kind (account emails) stay hidden.
    Nobody adds or edits a row; failed ones can be sent again."""

    list_display = [
        "created_at",
        "kind",
        "to_email",
        "language",
        "state",
        "attempts",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["state", "kind", "language"]
    search_fields = ["to_email"]
    date_hierarchy = "created_at"
    fields = [
        "kind",
        "recipient",
        "to_email",
        "language",
        "about",
        "state",
        "attempts",
        "created_at",
        "claimed_at",
        "next_attempt_at",
        "sent_at",
        "last_error",
    ]
    readonly_fields = fields
    actions = ["resend"]

    @admin.display(description=_("context"))
    def about(self, notification: Notification) -> str:
        kind = KINDS.get(notification.kind)
        if kind is None or kind.secret:
            return self.get_empty_value_display()
        return ", ".join(f"{key}={value}" for key, value in notification.context.items())

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # The "change" permission serves the resend action; a row itself is read-only.
        return obj is None and super().has_change_permission(request)

    @admin.action(description=_("Send the selected failed emails again"), permissions=["change"])
    def resend(self, request, queryset):
        with transaction.atomic():
            pks = list(queryset.filter(state=Notification.State.FAILED).values_list("pk", flat=True))
            Notification.objects.filter(pk__in=pks, state=Notification.State.FAILED).update(
                state=Notification.State.PENDING, attempts=0, last_error="", next_attempt_at=timezone.now()
            )
            for pk in pks:
                transaction.on_commit(lambda pk=pk: enqueue(pk))
        self.message_user(
            request,
            ngettext("%d email queued again.", "%d emails queued again.", len(pks)) % len(pks),
            messages.SUCCESS,
        )


@admin.register(EmailPreference)
class EmailPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "enabled"]
    list_filter = ["kind", "enabled"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]


@admin.register(Member)
class MemberAdmin(TranslationAdmin):
    list_display = ["name", "kind", "slug", "contact_email"]
    list_filter = ["kind"]
    search_fields = ["name", "name_ar", "name_fr", "name_en"]
    prepopulated_fields = {"slug": ["name_fr"]}


@admin.register(Institution)
class InstitutionAdmin(TranslationAdmin):
    list_display = ["name", "acronym", "member", "slug"]
    list_filter = ["member"]
    search_fields = ["name", "name_ar", "name_fr", "name_en", "acronym", "slug"]
    prepopulated_fields = {"slug": ["name_fr"]}
    filter_horizontal = ["focal_points"]


@admin.register(Association)
class AssociationAdmin(TranslationAdmin):
    list_display = ["name", "city", "slug"]
    list_filter = ["city"]
    search_fields = ["name", "name_ar", "name_fr", "name_en", "city", "slug"]
    prepopulated_fields = {"slug": ["name_fr"]}
    filter_horizontal = ["representatives"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class PhaseInline(TranslationTabularInline):
    model = Phase
    extra = 0
    fields = ["kind", "start", "end", "note"]


class ThemeInline(TranslationStackedInline):
    model = Theme
    extra = 0
    fields = ["number", "name", "description", "institutions"]
    filter_horizontal = ["institutions"]


class PlanDocumentInline(TranslationTabularInline):
    model = PlanDocument
    extra = 0
    fields = ["title", "kind", "date", "language", "file", "url"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Plan)
class PlanAdmin(TranslationAdmin):
    list_display = ["title", "member", "number", "period", "status", "timeline_published_on"]
    list_filter = ["status", "member"]
    search_fields = ["title", "title_ar", "title_fr", "title_en", "slug"]
    list_select_related = ["member"]
    prepopulated_fields = {"slug": ["title_fr"]}
    inlines = [PhaseInline, ThemeInline, PlanDocumentInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Once public with its phases: the date OGP asks for is recorded.
        form.instance.record_timeline_publication()


# The admin carries the portal's name, not Django's.
portal_name = lazy(lambda: portal(None)["PORTAL_NAME"], str)()
admin.site.site_header = portal_name
admin.site.site_title = portal_name
admin.site.index_title = _("Administration")
