"""The staff side of workshops. The secretariat runs them all; a focal point
reads the workshops its institution takes part in and their registrations;
the organising association's representatives take the roll, cancel the
workshop and publish its outputs (workshops.rules). Registrations move
through workshops.registration only; the roll is a date, set and cleared
here or on the check-in page (workshops.admin_views)."""

from django.contrib import admin, messages
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from core.bidi import BidiAdminMixin
from core.permissions import is_secretariat
from core.scoping import EventsInline, ScopedAdmin
from core.transitions import TransitionError
from plans.models import Association, Plan
from plans.rules import is_representative, represented_associations

from . import admin_views, notices, registration
from . import figures as workshop_figures
from .generations import WORKSHOPS
from .models import Poll, PollOption, ProgrammeItem, Registration, RegistrationEvent, Workshop, WorkshopEvent
from .rules import SCOPE, THROUGH_WORKSHOP, can_edit_proposal, can_publish_workshop, can_run_workshop

S = Registration.Status
# What a workshop's representatives edit once it is published: its outputs.
# The rest (dates, capacity, place) is the secretariat's then; the
# publication, the cancellation and the outputs' publication are buttons
# that tell people (workshops.notices).
OUTPUTS = ["report", "recording_link"]
# Set by moves only, never in the form.
BY_MOVES = ["published_at", "cancelled_at", "outputs_published_at"]
# What a workshop proposed by its association cannot say yet: figures
# reported for a workshop held before the portal.
NOT_PROPOSED = ["registered_count", "attended_count"]


class ProgrammeItemInline(BidiAdminMixin, TranslationTabularInline):
    model = ProgrammeItem
    fields = ["position", "title", "minutes", "speaker"]
    extra = 0


class PollOptionInline(BidiAdminMixin, admin.TabularInline):
    model = PollOption
    fields = ["position", "label", "votes"]
    extra = 3


def row_figures(workshops) -> None:
    """Sets `figures` on each workshop of a page annotated by
    workshops.figures.with_figures(): the same as the public pages'."""
    for workshop in workshops:
        workshop.figures = workshop_figures.of(workshop)
        if workshop.figures["reported"]:
            workshop.figures["waiting"] = None  # not reported


def _figure(workshop: Workshop, name: str):
    value = workshop.figures[name]
    if value is None:
        return "—"
    if workshop.figures["reported"]:
        return format_html("{} <small>({})</small>", value, gettext("reported"))
    return value


class WorkshopEventInline(EventsInline, admin.TabularInline):
    """The cancellation and the publication of the outputs: who, when, why."""

    model = WorkshopEvent
    fk_name = "workshop"
    fields = ["created_at", "actor", "from_status", "to_status", "reason"]
    verbose_name_plural = _("history")


@admin.register(Workshop)
class WorkshopAdmin(ScopedAdmin, TranslationAdmin):
    scope = SCOPE
    change_form_template = "admin/workshops/workshop/change_form.html"
    list_display = [
        "number",
        "title",
        "plan",
        "theme",
        "organiser",
        "starts_at",
        "registered",
        "waiting",
        "attended",
    ]
    list_display_links = ["number", "title"]
    list_filter = ["plan", ("organiser", admin.RelatedOnlyFieldListFilter), "mode"]
    list_select_related = ["plan", "theme", "organiser"]
    search_fields = ["title", "title_ar", "title_fr", "title_en", "place"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["organiser"]
    filter_horizontal = ["institutions"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [ProgrammeItemInline, WorkshopEventInline]
    fieldsets = [
        (None, {"fields": ["plan", "theme", "number", "title", "organiser", "institutions"]}),
        (_("When"), {"fields": ["starts_at", "ends_at"]}),
        (_("Where"), {"fields": ["mode", "place", "online_link"]}),
        (
            _("Registration"),
            {
                "fields": [
                    "capacity",
                    "reserved_seats",
                    "registration_opens_at",
                    "registration_closes_at",
                    "reminder_hours",
                    "published_at",
                    "cancelled_at",
                ]
            },
        ),
        (
            _("Reported figures"),
            {
                "fields": ["registered_count", "attended_count"],
                "description": _(
                    "For a workshop held before the portal only: the figures its organiser reported, "
                    "shown while the workshop has no registrations."
                ),
            },
        ),
        (_("Outputs"), {"fields": [*OUTPUTS, "outputs_published_at"]}),
    ]
    actions = ["cancel_workshops", "publish_outputs"]

    # Figures: derived from the rows of the page's workshops, in one query.
    def get_queryset(self, request):
        # The figures of the page's workshops are counted in the page's
        # query; each row's stage says which moves it allows (the buttons).
        return workshop_figures.with_figures(super().get_queryset(request).with_stage())

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        row_figures(list(changelist.result_list))
        return changelist

    @admin.display(description=_("registered"))
    def registered(self, workshop):
        return _figure(workshop, "registered")

    @admin.display(description=_("waiting"))
    def waiting(self, workshop):
        return _figure(workshop, "waiting")

    @admin.display(description=_("attended"))
    def attended(self, workshop):
        return _figure(workshop, "attended")

    def get_list_display(self, request):
        def tools(workshop):
            return format_html_join(
                " · ", '<a href="{}">{}</a>', self.links(request, workshop, with_changelist=True)
            )

        tools.short_description = _("registrations and roll")
        return [*self.list_display, tools]

    def links(self, request, workshop, *, with_changelist=False) -> list[tuple[str, str]]:
        """The workshop's staff pages this user may open."""
        found = []
        if with_changelist:
            url = reverse("admin:workshops_registration_changelist")
            found.append((f"{url}?workshop__id__exact={workshop.pk}", gettext("registrations")))
        if can_run_workshop(request.user, workshop):
            found.append(
                (reverse("admin:workshops_workshop_checkin", args=[workshop.pk]), gettext("check-in"))
            )
        url = reverse("admin:workshops_workshop_sign_in_sheet", args=[workshop.pk])
        for code, language in admin_views.SHEET_LANGUAGES:
            label = gettext("sign-in sheet (%(language)s)") % {"language": language}
            found.append((f"{url}?language={code}", label))
        return found

    # Who edits what (workshops.rules): the secretariat every workshop; a
    # representative their association's proposal whole, then the outputs of
    # their association's workshops once published.
    def get_readonly_fields(self, request, obj=None):
        fields = list(BY_MOVES)
        if is_secretariat(request.user):
            return fields
        if obj is None or can_edit_proposal(request.user, obj):
            return fields + NOT_PROPOSED
        editable = {*OUTPUTS, *fields}
        form_fields = [
            name for _title, options in self.get_fieldsets(request, obj) for name in options["fields"]
        ]
        return fields + [name for name in form_fields if name not in editable]

    def get_autocomplete_fields(self, request):
        # A representative chooses among their own associations only (below).
        return self.autocomplete_fields if is_secretariat(request.user) else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organiser" and not is_secretariat(request.user):
            # A representative proposes for their association(s): a posted
            # other association is not a valid choice.
            kwargs["queryset"] = Association.objects.filter(pk__in=represented_associations(request.user))
        if db_field.name == "plan" and not is_secretariat(request.user):
            kwargs["queryset"] = Plan.objects.public()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        mine = represented_associations(request.user)
        if len(mine) == 1 and not is_secretariat(request.user):
            initial.setdefault("organiser", next(iter(mine)))
        return initial

    def save_model(self, request, obj, form, change):
        if not change and not can_publish_workshop(request.user):
            obj.published_at = None  # proposed: the secretariat publishes it
        super().save_model(request, obj, form, change)

    def get_inlines(self, request, obj):
        # A workshop being added has no history yet.
        return self.inlines if obj is not None else [ProgrammeItemInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change and not form.instance.programme.exists():
            form.instance.add_standard_programme()

    # The cancellation and the outputs: actions, and buttons on the page.
    def has_run_permission(self, request) -> bool:
        return can_run_workshop(request.user)

    @admin.action(
        description=_("Cancel the selected workshops and tell their registrants"), permissions=["run"]
    )
    def cancel_workshops(self, request, queryset):
        self.run_notice(request, queryset, "cancel")

    @admin.action(description=_("Publish the outputs and tell the attendees"), permissions=["run"])
    def publish_outputs(self, request, queryset):
        self.run_notice(request, queryset, "publish")

    def run_notice(self, request, workshops, name: str) -> None:
        for workshop in workshops.select_related("organiser"):
            admin_views.notice(self, request, workshop, name)

    def get_urls(self):
        return [
            self.row_view(admin_views.check_in, "check-in", "workshops_workshop_checkin"),
            self.row_view(admin_views.sign_in_sheet, "sign-in-sheet", "workshops_workshop_sign_in_sheet"),
            self.row_view(
                admin_views.confirm_notice, "publish", "workshops_workshop_announce", name="announce"
            ),
            self.row_view(admin_views.confirm_notice, "cancel", "workshops_workshop_cancel", name="cancel"),
            self.row_view(
                admin_views.confirm_notice, "publish-outputs", "workshops_workshop_publish", name="publish"
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        workshop = self.scoped_object_or_404(request, object_id)
        runs = can_run_workshop(request.user, workshop)
        extra_context = {
            **(extra_context or {}),
            "workshop_links": self.links(request, workshop, with_changelist=True),
            "may_announce": can_publish_workshop(request.user)
            and notices.MACHINE.can_move(workshop, Workshop.Stage.UPCOMING),
            "may_cancel": runs and notices.MACHINE.can_move(workshop, Workshop.Stage.CANCELLED),
            "may_publish": runs and notices.MACHINE.can_move(workshop, Workshop.Stage.PUBLISHED),
        }
        return super().change_view(request, object_id, form_url, extra_context)


class AttendedFilter(admin.SimpleListFilter):
    title = _("attended")
    parameter_name = "attended"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(attended_at__isnull=self.value() == "no")
        return queryset


class RegistrationEventInline(EventsInline, admin.TabularInline):
    model = RegistrationEvent
    fk_name = "registration"
    fields = ["created_at", "actor", "from_status", "to_status"]
    verbose_name_plural = _("history")


# A registrant's address and needs: for those who run the workshop (the
# secretariat, the organiser's representatives), not for focal points.
CONTACT = ["email", "accessibility", "user"]


@admin.register(Registration)
class RegistrationAdmin(ScopedAdmin, admin.ModelAdmin):
    scope = THROUGH_WORKSHOP
    list_display = ["code", "person", "organisation", "status", "attended", "walk_in", "workshop"]
    list_display_links = ["code", "person"]
    list_filter = [("workshop", admin.RelatedOnlyFieldListFilter), "status", AttendedFilter, "walk_in"]
    list_select_related = ["workshop", "user"]
    search_fields = ["name", "user__display_name", "organisation", "=code"]
    search_help_text = _("A name, an organisation, or the code on the person's confirmation.")
    ordering = ["workshop", "name", "pk"]
    fields = [
        "workshop",
        "code",
        "status",
        "walk_in",
        "name",
        "organisation",
        "region",
        "role",
        *CONTACT,
        "created_at",
        "queued_at",
        "reminded_at",
        "seat_confirmed_at",
        "attended_at",
    ]
    inlines = [RegistrationEventInline]
    actions = ["mark_attended", "mark_absent", "cancel_registrations"]

    @admin.display(description=_("name"), ordering="name")
    def person(self, registration) -> str:
        # A signed-in person's registration may carry no name: their account's.
        return registration.name or (registration.user.display_name if registration.user else "")

    @admin.display(description=_("attended"), boolean=True, ordering="attended_at")
    def attended(self, registration) -> bool:
        return registration.attended_at is not None

    def get_list_display(self, request):
        if not (is_secretariat(request.user) or is_representative(request.user)):
            return self.list_display

        @admin.display(description=_("email"))
        def email(registration):
            return registration.email if can_run_workshop(request.user, registration.workshop) else "—"

        return [*self.list_display[:3], email, *self.list_display[3:]]

    def get_fields(self, request, obj=None):
        if obj is not None and can_run_workshop(request.user, obj.workshop):
            return self.fields
        return [name for name in self.fields if name not in CONTACT]

    def get_readonly_fields(self, request, obj=None):
        # Moves go through workshops.registration (recorded); the person's
        # details are theirs. Staff set the roll.
        return [name for name in self.fields if name != "attended_at"]

    def has_add_permission(self, request) -> bool:
        return False  # walk-ins: on the check-in page

    # Actions on the selected registrations.
    def _runnable(self, request, queryset) -> list[Registration]:
        rows = list(queryset.select_related("workshop"))
        mine = [row for row in rows if can_run_workshop(request.user, row.workshop)]
        if len(mine) < len(rows):
            self.message_user(
                request,
                gettext(
                    "Not changed: selected registrations of workshops you do not run.",
                ),
                messages.WARNING,
            )
        return mine

    @admin.action(description=_("Mark as attended"), permissions=["change"])
    def mark_attended(self, request, queryset):
        rows = self._runnable(request, queryset)
        came = Registration.objects.filter(
            pk__in=[row.pk for row in rows], attended_at__isnull=True, status__in=[S.REGISTERED, S.WAITING]
        )
        count = came.update(attended_at=timezone.now())
        WORKSHOPS.bump(row.workshop.plan_id for row in rows)  # an update: no signal
        self.message_user(
            request,
            ngettext("%(count)d person marked as attended.", "%(count)d people marked as attended.", count)
            % {"count": count},
            messages.SUCCESS,
        )
        left = [row for row in rows if row.status not in (S.REGISTERED, S.WAITING)]
        if left:
            self.message_user(
                request,
                ngettext(
                    "Not marked: %(count)d registration cancelled, released or not confirmed.",
                    "Not marked: %(count)d registrations cancelled, released or not confirmed.",
                    len(left),
                )
                % {"count": len(left)},
                messages.WARNING,
            )

    @admin.action(description=_("Mark as absent"), permissions=["change"])
    def mark_absent(self, request, queryset):
        rows = self._runnable(request, queryset)
        count = Registration.objects.filter(
            pk__in=[row.pk for row in rows], attended_at__isnull=False
        ).update(attended_at=None)
        WORKSHOPS.bump(row.workshop.plan_id for row in rows)  # an update: no signal
        self.message_user(
            request,
            ngettext("%(count)d person marked as absent.", "%(count)d people marked as absent.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Cancel the selected registrations (the seats go to the waiting list)"),
        permissions=["change"],
    )
    def cancel_registrations(self, request, queryset):
        done = 0
        for row in self._runnable(request, queryset):
            try:
                registration.give_up(row, by=request.user)
            except TransitionError as error:
                self.message_user(request, f"{row}: {error}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d registration cancelled.", "%(count)d registrations cancelled.", done)
                % {"count": done},
                messages.SUCCESS,
            )


@admin.register(Poll)
class PollAdmin(ScopedAdmin, admin.ModelAdmin):
    """A workshop's live polls and their results: its outputs."""

    scope = THROUGH_WORKSHOP
    add_under = "workshop"
    list_display = ["question", "workshop", "position"]
    list_filter = [("workshop", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["workshop"]
    search_fields = ["question"]
    fields = ["workshop", "position", "question"]
    inlines = [PollOptionInline]
