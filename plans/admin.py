from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from core.bidi import BidiAdminMixin, isolate
from core.permissions import SECRETARIAT_ONLY
from core.scoping import ScopedAdmin

from . import checklist
from .models import Association, Institution, Member, Phase, Plan, PlanDocument, PublicHoliday, Theme
from .rules import can_read_checklist


def accounts_by_email(field):
    """A picker of accounts (search-as-you-type: core.scoping.ScopedAutocomplete)
    shows each by its email, which is unique, and its name, which may not be;
    it finds them by either (core.admin.UserAdmin's search fields)."""
    if field is not None and field.queryset.model is get_user_model():
        # Each isolated: an address beside an Arabic name, in an Arabic page.
        field.label_from_instance = lambda user: f"{isolate(user.email)} — {isolate(user.display_name)}"
    return field


@admin.register(Member)
class MemberAdmin(ScopedAdmin, TranslationAdmin):
    scope = SECRETARIAT_ONLY
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "kind", "slug", "contact_email"]
    list_filter = ["kind"]
    search_fields = ["name", "name_ar", "name_fr", "name_en"]
    prepopulated_fields = {"slug": ["name_fr"]}


@admin.register(Institution)
class InstitutionAdmin(ScopedAdmin, TranslationAdmin):
    scope = SECRETARIAT_ONLY
    list_display = ["name", "acronym", "member", "slug"]
    list_filter = ["member"]
    search_fields = ["name", "name_ar", "name_fr", "name_en", "acronym", "slug"]
    prepopulated_fields = {"slug": ["name_fr"]}
    autocomplete_fields = ["focal_points"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # A focal point works in the admin, so is staff: the choice is among
        # staff accounts only (never the thousands of citizens).
        if db_field.name == "focal_points":
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True).order_by("email")
        return accounts_by_email(super().formfield_for_manytomany(db_field, request, **kwargs))


@admin.register(PublicHoliday)
class PublicHolidayAdmin(ScopedAdmin, TranslationAdmin):
    """The days off that working days skip (fixtures/ holds the fixed ones);
    the secretariat adds the religious ones each year."""

    scope = SECRETARIAT_ONLY
    list_display = ["when", "name", "year", "member"]
    list_filter = ["year", "member"]
    list_select_related = ["member"]
    search_fields = ["name_ar", "name_fr", "name_en"]
    fields = ["member", "name", "month", "day", "year", "since"]
    empty_value_display = _("every year")  # no year, in the list and its filter

    @admin.display(description=_("date"), ordering="month")
    def when(self, holiday):
        return holiday.when


@admin.register(Association)
class AssociationAdmin(ScopedAdmin, TranslationAdmin):
    scope = SECRETARIAT_ONLY
    list_display = ["name", "city", "slug"]
    list_filter = ["city"]
    search_fields = ["name", "name_ar", "name_fr", "name_en", "city", "slug"]
    prepopulated_fields = {"slug": ["name_fr"]}
    autocomplete_fields = ["representatives"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Any account: a citizen may represent their association when
        # submitting ideas (plans.rules), found by typing.
        return accounts_by_email(super().formfield_for_manytomany(db_field, request, **kwargs))


class PhaseInline(BidiAdminMixin, TranslationTabularInline):
    model = Phase
    extra = 0
    fields = ["kind", "start", "end", "note"]


class ThemeInline(BidiAdminMixin, TranslationStackedInline):
    model = Theme
    extra = 0
    fields = ["number", "name", "description", "institutions"]
    filter_horizontal = ["institutions"]


class PlanDocumentInline(BidiAdminMixin, TranslationTabularInline):
    model = PlanDocument
    extra = 0
    fields = ["title", "kind", "date", "language", "file", "url"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Plan)
class PlanAdmin(ScopedAdmin, TranslationAdmin):
    scope = SECRETARIAT_ONLY
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

    def get_urls(self):
        return [self.row_view(checklist_page, "checklist", "plans_plan_checklist"), *super().get_urls()]


def checklist_page(model_admin, request, object_id):
    """The plan's OGP checklist in the admin (read only, computed afresh):
    the secretariat reads it for a draft plan too, before it is public."""
    plan = model_admin.scoped_object_or_404(request, object_id)
    if not can_read_checklist(request.user, plan):
        raise PermissionDenied
    plan = Plan.objects.select_related("member").prefetch_related("phases", "documents").get(pk=plan.pk)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "original": plan,
        "plan": plan,
        "title": gettext("OGP compliance checklist"),
        "checklist": checklist.assess(plan),
        "public": plan.status != Plan.Status.DRAFT,
    }
    return TemplateResponse(request, "admin/plans/plan/checklist.html", context)
