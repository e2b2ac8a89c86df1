from allauth.account.admin import EmailAddressAdmin as BaseEmailAddressAdmin
from allauth.account.models import EmailAddress
from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.contrib.sites.admin import SiteAdmin as BaseSiteAdmin
from django.contrib.sites.models import Site
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import documents
from .context_processors import portal
from .models import EmailPreference, Notification, Reminder, Rendition, User
from .notifications import KINDS, enqueue
from .permissions import SECRETARIAT_ONLY, SUPERUSERS_ONLY, role_label
from .scoping import ReadOnlyInline, ScopedAdmin, ScopedAutocomplete


class RoleFilter(admin.RelatedFieldListFilter):
    def field_choices(self, field, request, model_admin):
        return [(group.pk, role_label(group.name)) for group in Group.objects.order_by("name")]


@admin.register(User)
class UserAdmin(ScopedAdmin, BaseUserAdmin):
    scope = SUPERUSERS_ONLY  # personal data and the keys to every role
    ordering = ["email"]
    list_display = ["email", "display_name", "language", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "language", ("groups", RoleFilter)]
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

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups":
            field.label_from_instance = lambda group: role_label(group.name)
        return field


@admin.register(Notification)
class NotificationAdmin(ScopedAdmin, admin.ModelAdmin):
    """What happened to each email, never what it said: nothing rendered is
    stored, and even the ids of a secret kind (account emails) stay hidden.
    Nobody adds or edits a row; failed ones can be sent again."""

    scope = SECRETARIAT_ONLY
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
            ngettext("%(count)d email queued again.", "%(count)d emails queued again.", len(pks))
            % {"count": len(pks)},
            messages.SUCCESS,
        )


class DocumentFilter(admin.SimpleListFilter):
    """The published documents by their names, in the user's language."""

    title = _("document")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(kind, document.title) for kind, document in documents.registry().items()]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(Rendition)
class RenditionAdmin(ScopedAdmin, admin.ModelAdmin):
    """The published documents as last rendered (core.documents): when, in
    how long, how many pages, and which render failed (the admins had the
    error by email). Nobody adds or edits a row; the secretariat may have
    the selected ones rendered again."""

    scope = SECRETARIAT_ONLY
    list_display = [
        *("document", "about", "language", "date"),
        *("rendered_at", "pages", "size", "seconds", "failed"),
    ]
    list_filter = [DocumentFilter, "language", "failed"]
    date_hierarchy = "rendered_at"
    fields = [*list_display, "asked_at"]
    readonly_fields = fields
    actions = ["render_again"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("subject")

    @admin.display(description=_("document"), ordering="kind")
    def document(self, row: Rendition) -> str:
        declared = documents.registry().get(row.kind)
        return str(declared.title) if declared else row.kind

    @admin.display(description=_("subject"))
    def about(self, row: Rendition) -> str:
        return str(row.subject or self.get_empty_value_display())

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # The "change" permission serves the action; a row itself is read-only.
        return obj is None and super().has_change_permission(request)

    @admin.action(description=_("Render the selected documents again"), permissions=["change"])
    def render_again(self, request, queryset):
        pks = list(queryset.values_list("pk", flat=True))
        # Their recorded state forgotten, the next request (or this one, for
        # each row) renders them from today's data.
        Rendition.objects.filter(pk__in=pks).update(token="", wanted="", asked_at=None, failed=False)
        for row in Rendition.objects.filter(pk__in=pks).select_related("subject_type"):
            document = documents.registry().get(row.kind)
            if document is not None and row.subject is not None:
                documents.ask(document, row.subject, row.language, row.date)
        self.message_user(
            request,
            ngettext("%(count)d document asked again.", "%(count)d documents asked again.", len(pks))
            % {"count": len(pks)},
            messages.SUCCESS,
        )


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyInline, ScopedAdmin, admin.ModelAdmin):
    """The reminders and warnings the periodic tasks wrote (core.claims),
    read only: a row is its claim (deleted, the reminder would go again)."""

    scope = SECRETARIAT_ONLY
    list_display = ["kind", "key", "sent_at"]
    list_filter = ["kind"]
    date_hierarchy = "sent_at"
    readonly_fields = ["kind", "key", "sent_at"]


@admin.register(EmailPreference)
class EmailPreferenceAdmin(ScopedAdmin, admin.ModelAdmin):
    scope = SUPERUSERS_ONLY
    list_display = ["user", "kind", "enabled"]
    list_filter = ["kind", "enabled"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]


# Third-party admins, scoped like ours: groups (the roles), the site's name and
# domain, and allauth's email addresses (personal data) are for superusers.
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(ScopedAdmin, BaseGroupAdmin):
    scope = SUPERUSERS_ONLY
    list_display = ["role"]

    @admin.display(description=_("role"), ordering="name")
    def role(self, group: Group) -> str:
        return role_label(group.name)


for model, base in [(Site, BaseSiteAdmin), (EmailAddress, BaseEmailAddressAdmin)]:
    admin.site.unregister(model)
    admin.site.register(model, type(base.__name__, (ScopedAdmin, base), {"scope": SUPERUSERS_ONLY}))


def admin_login(request, extra_context=None):
    """The admin has no password form of its own: staff sign in through the
    site's login (allauth's, rate limited per address and per account), in
    the page's language, and come back. Django's form had no limit at all."""
    if request.user.is_authenticated:
        if admin.site.has_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        raise PermissionDenied  # signed in, but not staff: the login would send them back here
    target = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
    return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: target})}")


admin.site.login = admin_login
# Every admin's search-as-you-type pickers answer through the pickers' scope.
admin.site.autocomplete_view = lambda request: ScopedAutocomplete.as_view(admin_site=admin.site)(request)

# The admin carries the portal's name, not Django's.
portal_name = lazy(lambda: portal(None)["PORTAL_NAME"], str)()
admin.site.site_header = portal_name
admin.site.site_title = portal_name
admin.site.index_title = _("Administration")
