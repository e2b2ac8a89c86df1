"""The staff side of commitments. The secretariat curates every card; a
focal point works on the cards their institution leads or is involved in
(only the milestones of their institution are theirs to edit); the
representatives of associations co-drafting a card read it and discuss it
(commitments.rules). The life cycle moves through commitments.lifecycle
(buttons on the card's page, the quality check shown beside them); progress
is submitted by focal points and validated or returned by the secretariat,
never by editing a state. Forms: commitments.forms_admin; the pages beyond
the admin's own: commitments.admin_views."""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from core.bidi import BidiAdminMixin
from core.imports import SpreadsheetAdmin
from core.permissions import is_secretariat
from core.scoping import EventsInline, ReadOnlyInline, ScopedAdmin
from core.transitions import TransitionError
from plans.models import Association, Plan
from plans.rules import institution_ids, own_institutions, represented_associations

from . import admin_views, changes, lifecycle, quality
from .forms_admin import AssessmentForm, DraftCommentForm, ProgressUpdateForm
from .models import (
    OGP_VALUES,
    Assessment,
    ChangeRequest,
    ChangeRequestEvent,
    Commitment,
    CommitmentEvent,
    Evidence,
    Indicator,
    Measurement,
    Milestone,
    ProgressUpdate,
    ProgressUpdateEvent,
)
from .resources import CommitmentResource, IndicatorResource, MilestoneResource
from .rules import (
    ASSESSMENTS,
    CHANGES,
    INDICATORS,
    MILESTONES,
    SCOPE,
    UPDATES,
    can_curate,
    can_edit_card,
    can_edit_milestone,
    may_change_card,
    may_file,
    may_move,
    may_submit_for_review,
    needs_validation,
)

C = Commitment.Status
URLS = {models.URLField: {"assume_scheme": "https"}}
MOVE_LABELS = {
    C.DRAFT: _("Back to draft"),
    C.PROPOSED: _("Propose"),
    C.ADOPTED: _("Adopt"),
    C.NOT_RETAINED: _("Not retained"),
    C.IN_IMPLEMENTATION: _("Start implementation"),
    C.COMPLETED: _("Mark as completed"),
    C.WITHDRAWN: _("Withdraw"),
}

IRM_FIELDS = [
    "verifiable",
    "transparency",
    "participation",
    "accountability",
    "inclusion",
    "technology",
    "potential",
    "completion",
    "opened_government",
    "report_url",
]


# The card.


class HeldForValidation:
    """For the admins of a card and of its milestones and indicators: on a
    card the public sees, a drafter's save writes nothing; what the forms
    changed becomes a ChangeRequest the secretariat validates or returns
    (commitments.changes). The forms are checked as usual first."""

    def card_of(self, obj) -> Commitment:
        return obj if isinstance(obj, Commitment) else obj.commitment

    def save_model(self, request, obj, form, change):
        card = self.card_of(obj)
        if needs_validation(request.user, card):
            # The forms' rows are gathered here and in save_related, for one request.
            request.held_changes = changes.Proposal(card)
            request.held_changes.form(form)
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        held = getattr(request, "held_changes", None)
        if held is None:
            return super().save_related(request, form, formsets, change)
        for formset in formsets:
            held.formset(formset)
        held.submit(by=request.user)

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, "held_changes", None) is not None:
            return []  # nothing was saved (the change request is the record)
        return super().construct_change_message(request, form, formsets, add)

    def log_addition(self, request, obj, message):
        if getattr(request, "held_changes", None) is None:
            return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        if getattr(request, "held_changes", None) is None:
            return super().log_change(request, obj, message)

    def _held_response(self, request):
        held = request.held_changes
        if held.request is None:
            self.message_user(request, gettext("Nothing was changed."), messages.WARNING)
        else:
            self.message_user(
                request,
                gettext(
                    "Your changes were sent to the secretariat: the card shows them once they are validated."
                ),
                messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse("admin:commitments_commitment_change", args=[held.commitment.pk]))

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(request, "held_changes", None) is not None:
            return self._held_response(request)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if getattr(request, "held_changes", None) is not None:
            return self._held_response(request)
        return super().response_change(request, obj)


class EditedWhen:
    """An inline whose rows the user writes only when `_may_edit(request,
    parent)` says so (otherwise read, neither posted nor checked)."""

    def _may_edit(self, request, obj) -> bool:
        raise NotImplementedError

    def has_add_permission(self, request, obj=None) -> bool:
        return self._may_edit(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._may_edit(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._may_edit(request, obj) and super().has_delete_permission(request, obj)


class MilestoneInline(BidiAdminMixin, TranslationStackedInline):
    """The milestones the user edits: every one for the secretariat, those
    of their institution for a focal point (the others: OtherMilestonesInline,
    read only, neither posted nor checked)."""

    model = Milestone
    fields = [
        ("position", "responsible_institution"),
        "description",
        ("starts_on", "ends_on", "weight"),
        "expected_output",
        ("status", "completion"),
    ]
    extra = 0
    show_change_link = True
    classes = ["collapse"]

    def get_queryset(self, request):
        milestones = super().get_queryset(request)
        if is_secretariat(request.user):
            return milestones
        return milestones.filter(responsible_institution__in=institution_ids(request.user))

    def get_readonly_fields(self, request, obj=None):
        # The public figures: set by validated progress updates (the secretariat may correct them).
        return [] if is_secretariat(request.user) else ["status", "completion"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "responsible_institution" and not is_secretariat(request.user):
            kwargs["queryset"] = own_institutions(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class OtherMilestonesInline(ReadOnlyInline, BidiAdminMixin, TranslationStackedInline):
    """A focal point reads the card's other milestones (Django neither posts
    nor checks an inline its user may only view)."""

    model = Milestone
    fields = MilestoneInline.fields
    extra = 0
    show_change_link = True
    classes = ["collapse"]
    verbose_name = _("milestone of another institution")
    verbose_name_plural = _("milestones of other institutions")

    def get_queryset(self, request):
        return (
            super().get_queryset(request).exclude(responsible_institution__in=institution_ids(request.user))
        )

    def has_view_permission(self, request, obj=None) -> bool:
        return not is_secretariat(request.user) and super().has_view_permission(request, obj)


class IndicatorInline(EditedWhen, BidiAdminMixin, TranslationStackedInline):
    """The card's indicators: its lead institution's part (rules.can_edit_card);
    the others read them. Stacked: a row of every language's name and the
    figures was twice as wide as the page."""

    model = Indicator
    fields = [
        ("position", "kind", "unit"),
        "name",
        ("baseline_value", "baseline_on"),
        ("target_value", "target_on"),
    ]
    extra = 0
    show_change_link = True
    classes = ["collapse"]

    def _may_edit(self, request, obj) -> bool:
        return obj is None or can_edit_card(request.user, obj)


class CommitmentEventInline(EventsInline, admin.TabularInline):
    model = CommitmentEvent
    fk_name = "commitment"
    fields = ["created_at", "actor", "from_status", "to_status"]
    verbose_name_plural = _("life cycle")


class ReviewFilter(admin.SimpleListFilter):
    """The drafts their drafters submitted for review: the secretariat's to propose."""

    title = _("review of the draft")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("submitted", _("submitted for review")), ("not_submitted", _("not submitted yet"))]

    def queryset(self, request, queryset):
        if self.value() not in ("submitted", "not_submitted"):
            return queryset
        return queryset.filter(
            status=C.DRAFT, submitted_for_review_at__isnull=self.value() == "not_submitted"
        )


@admin.register(Commitment)
class CommitmentAdmin(HeldForValidation, ScopedAdmin, SpreadsheetAdmin, TranslationAdmin):
    scope = SCOPE
    # Import: those who see every card (core.scoping); export: the cards one sees.
    resource_classes = [CommitmentResource]
    import_template_name = "admin/commitments/import.html"
    change_form_template = "admin/commitments/commitment/change_form.html"
    list_display = ["number", "title", "plan", "theme", "lead_institution", "status"]
    list_display_links = ["number", "title"]
    list_filter = [
        "status",
        ReviewFilter,
        "plan",
        ("lead_institution", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["plan", "theme", "lead_institution"]
    search_fields = ["title", "title_ar", "title_fr", "title_en", "number__exact"]
    autocomplete_fields = ["lead_institution"]
    filter_horizontal = ["involved_institutions", "partner_associations", "co_drafting_associations"]
    formfield_overrides = URLS
    inlines = [MilestoneInline, OtherMilestonesInline, IndicatorInline, CommitmentEventInline]
    fieldsets = [
        (None, {"fields": ["plan", "theme", "number", "title", "summary", "status", "quality_check"]}),
        (
            _("Who"),
            {
                "fields": [
                    "lead_institution",
                    "involved_institutions",
                    "partner_associations",
                    "co_drafting_associations",
                    "co_drafters_edit",
                    "other_partners",
                ]
            },
        ),
        (
            _("What"),
            {"fields": ["problem", "status_quo", "description", "contribution", "expected_results"]},
        ),
        (_("Relevance to OGP values"), {"fields": list(OGP_VALUES)}),
        (_("When"), {"fields": ["starts_on", "ends_on"]}),
        (_("The institution's self-assessment"), {"fields": ["self_rating", "self_assessment"]}),
        (_("Contact"), {"fields": ["contact_name", "contact_email", "contact_institution"]}),
        (
            _("Independent Reporting Mechanism"),
            {
                "classes": ["collapse"],
                "fields": [
                    "irm_verifiable",
                    ("irm_transparency", "irm_participation", "irm_accountability"),
                    ("irm_inclusion", "irm_technology"),
                    "irm_potential",
                    "irm_completion",
                    "irm_opened_government",
                    "irm_report_url",
                ],
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        # The status moves through the buttons (recorded); the card's
        # institutions, number and the IRM's ratings are the secretariat's.
        fields = ["status", "quality_check"]
        if obj is not None and not can_edit_card(request.user, obj):
            # An involved institution's focal point: their milestones only.
            return [*fields, *self.readable_fields()]
        if not is_secretariat(request.user):
            # A focal point's new card: its plan, number and lead institution
            # (one of theirs) are theirs to give; the rest is the secretariat's.
            fields += [] if obj is None else ["plan", "number", "lead_institution"]
            fields += ["involved_institutions", "co_drafting_associations", "co_drafters_edit"]
            fields += [f"irm_{name}" for name in IRM_FIELDS]
        return fields

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and not may_change_card(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def get_autocomplete_fields(self, request):
        # A focal point picks among their own institutions: a plain list.
        return self.autocomplete_fields if is_secretariat(request.user) else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "lead_institution" and not is_secretariat(request.user):
            kwargs["queryset"] = own_institutions(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        mine = institution_ids(request.user)
        if len(mine) == 1 and not is_secretariat(request.user):
            initial.setdefault("lead_institution", next(iter(mine)))
        return initial

    def readable_fields(self) -> list[str]:
        names = []
        for _name, options in self.fieldsets:
            for entry in options["fields"]:
                names += list(entry) if isinstance(entry, tuple) else [entry]
        return [name for name in names if name not in ("status", "quality_check")]

    @admin.display(description=_("quality check"))
    def quality_check(self, commitment):
        if commitment.pk is None:
            return "—"
        items = quality.check(commitment)
        if not items:
            return gettext("Nothing open: the card can be proposed.")
        return format_html(
            '<ul class="quality-check">{}</ul>',
            format_html_join(
                "",
                '<li class="{}"><strong>{}</strong> {}</li>',
                (
                    (
                        "blocking" if item.blocking else "warning",
                        gettext("Blocking:") if item.blocking else gettext("Warning:"),
                        item.message,
                    )
                    for item in items
                ),
            ),
        )

    def get_urls(self):
        return [
            self.row_view(admin_views.move, "move/<str:to>", "commitments_commitment_move", post=True),
            self.row_view(admin_views.comment, "comment", "commitments_commitment_comment", post=True),
            self.row_view(
                admin_views.submit_for_review, "review", "commitments_commitment_review", post=True
            ),
            *super().get_urls(),
        ]

    def moves(self, request, commitment) -> list[tuple[str, str]]:
        return [
            (to, MOVE_LABELS[to])
            for to in lifecycle.COMMITMENT.allowed.get(commitment.status, ())
            if may_move(request.user, commitment, to)
        ]

    def may_comment(self, request) -> bool:
        return request.user.has_perm("commitments.view_draftcomment")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        commitment = self.scoped_object_or_404(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "commitment_moves": self.moves(request, commitment),
            "may_submit_for_review": may_submit_for_review(request.user, commitment)
            and commitment.submitted_for_review_at is None,
            "submitted_for_review": commitment.status == C.DRAFT and commitment.submitted_for_review_at,
            "held_for_validation": needs_validation(request.user, commitment),
        }
        if self.may_comment(request):
            extra_context["draft_comments"] = commitment.draft_comments.select_related("author")
            if request.user.has_perm("commitments.add_draftcomment"):
                extra_context["comment_form"] = DraftCommentForm()
        return super().change_view(request, object_id, form_url, extra_context)


# Milestones (with their evidence) and indicators (with their measurements).


class EvidenceInline(EditedWhen, BidiAdminMixin, admin.TabularInline):
    model = Evidence
    fields = ["title", "url", "file", "added_on", "update"]
    readonly_fields = ["added_on", "update"]
    extra = 0
    formfield_overrides = URLS

    def _may_edit(self, request, obj) -> bool:
        # On a public card, evidence comes with a progress update (public once validated).
        if obj is None:
            return True
        return can_edit_milestone(request.user, obj) and not needs_validation(request.user, obj.commitment)


@admin.register(Milestone)
class MilestoneAdmin(HeldForValidation, ScopedAdmin, SpreadsheetAdmin, TranslationAdmin):
    scope = MILESTONES
    resource_classes = [MilestoneResource]
    import_template_name = "admin/commitments/import.html"
    add_under = "commitment"
    list_display = ["description", "commitment", "responsible_institution", "ends_on", "status", "completion"]
    list_filter = ["status", ("responsible_institution", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["commitment", "responsible_institution"]
    search_fields = ["description", "description_ar", "description_fr", "description_en"]
    fields = [
        "commitment",
        "position",
        "description",
        "responsible_institution",
        ("starts_on", "ends_on"),
        "expected_output",
        ("status", "completion", "weight"),
    ]
    inlines = [EvidenceInline]

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and not can_edit_milestone(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and not can_edit_milestone(request.user, obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return [] if is_secretariat(request.user) else ["status", "completion"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "responsible_institution" and not is_secretariat(request.user):
            kwargs["queryset"] = own_institutions(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MeasurementInline(EditedWhen, BidiAdminMixin, admin.TabularInline):
    """Measurements: the card's lead institution's, on a draft; on a public
    card they come with a progress update (public once validated), and only
    the secretariat writes one here."""

    model = Measurement
    fields = ["measured_on", "value", "source", "update"]
    readonly_fields = ["update"]
    extra = 0

    def _may_edit(self, request, obj) -> bool:
        if obj is None:
            return True
        return can_edit_card(request.user, obj.commitment) and not needs_validation(
            request.user, obj.commitment
        )


@admin.register(Indicator)
class IndicatorAdmin(HeldForValidation, ScopedAdmin, SpreadsheetAdmin, TranslationAdmin):
    scope = INDICATORS
    resource_classes = [IndicatorResource]
    import_template_name = "admin/commitments/import.html"
    add_under = "commitment"
    list_display = ["name", "commitment", "kind", "unit", "baseline_value", "target_value"]
    list_filter = ["kind"]
    list_select_related = ["commitment"]
    search_fields = ["name", "name_ar", "name_fr", "name_en"]
    fields = [
        "commitment",
        "position",
        "name",
        ("kind", "unit"),
        ("baseline_value", "baseline_on"),
        ("target_value", "target_on"),
    ]
    inlines = [MeasurementInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "commitment" and not is_secretariat(request.user):
            # A card's indicators are its lead institution's part.
            field.queryset = field.queryset.filter(lead_institution__in=institution_ids(request.user))
        return field

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and not can_edit_card(request.user, obj.commitment):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and not can_edit_card(request.user, obj.commitment):
            return False
        return super().has_delete_permission(request, obj)


# Progress: submitted by a focal point, validated or returned by the secretariat.


class ProgressUpdateEventInline(EventsInline, admin.TabularInline):
    model = ProgressUpdateEvent
    fk_name = "update"
    fields = ["created_at", "actor", "from_status", "to_status", "reason"]
    verbose_name_plural = _("decisions")


class AwaitingFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return ProgressUpdate.State.choices

    def queryset(self, request, queryset):
        if self.value() in ProgressUpdate.State.values:
            return queryset.filter(state=self.value())
        return queryset


class Decided:
    """The secretariat's decisions on a row that waits for them (a progress
    update, a proposed change): validate it, or return it with a reason —
    buttons on the row's page (commitments.admin_views), and an action."""

    decisions: admin_views.Decisions
    change_form_template = "admin/commitments/progressupdate/change_form.html"
    actions = ["validate_selected"]

    def has_validate_permission(self, request) -> bool:
        opts = self.opts
        return can_curate(request.user) and request.user.has_perm(
            f"{opts.app_label}.change_{opts.model_name}"
        )

    @admin.action(description=_("Validate the selected rows (they become public)"), permissions=["validate"])
    def validate_selected(self, request, queryset):
        done = 0
        for row in queryset.filter(state=ProgressUpdate.State.SUBMITTED):
            try:
                self.decisions.validate(row, by=request.user)
            except TransitionError as error:
                self.message_user(request, f"{row}: {error}", messages.ERROR)
            else:
                done += 1
        self.message_user(
            request,
            ngettext("%(count)d row validated.", "%(count)d rows validated.", done) % {"count": done},
            messages.SUCCESS if done else messages.WARNING,
        )

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            self.row_view(admin_views.validate, "validate", f"{name}_validate", post=True),
            self.row_view(admin_views.return_update, "return", f"{name}_return"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        row = self.scoped_object_or_404(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "may_decide": self.has_validate_permission(request)
            and row.state == ProgressUpdate.State.SUBMITTED,
        }
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(Decided, ScopedAdmin, admin.ModelAdmin):
    scope = UPDATES
    decisions = admin_views.UPDATE_DECISIONS
    add_under = "milestone"
    form = ProgressUpdateForm
    list_display = ["milestone", "commitment", "state", "status", "completion", "author", "created_at"]
    list_filter = [AwaitingFilter]
    list_select_related = ["milestone__commitment", "author"]
    date_hierarchy = "created_at"
    inlines = [ProgressUpdateEventInline]
    fieldsets_add = [
        (None, {"fields": ["milestone", "status", "completion", "text"]}),
        (_("Indicator measurement"), {"fields": ["indicator", "measured_on", "value", "source"]}),
        (_("Evidence"), {"fields": ["evidence_title", "evidence_url", "evidence_file"]}),
    ]
    readonly = [
        "commitment",
        "milestone",
        "state",
        "status",
        "completion",
        "text",
        "author",
        "created_at",
        "public_rows",
    ]

    @admin.display(description=_("commitment"))
    def commitment(self, update):
        return update.milestone.commitment

    @admin.display(description=_("measurements and evidence"))
    def public_rows(self, update):
        rows = [str(m) for m in update.measurements.select_related("indicator")]
        rows += [str(e) for e in update.evidence.all()]
        return format_html_join("", "<div>{}</div>", ((row,) for row in rows)) or "—"

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.fieldsets_add
        return [(None, {"fields": self.readonly})]

    def get_readonly_fields(self, request, obj=None):
        # Never a raw state edit: the buttons move it (commitments.lifecycle).
        return [] if obj is None else self.readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            kwargs["form"] = forms.ModelForm
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None:
            milestones = Milestone.objects.select_related("commitment").exclude(commitment__status=C.DRAFT)
            indicators = Indicator.objects.select_related("commitment")
            if not is_secretariat(request.user):
                milestones = milestones.filter(responsible_institution__focal_points=request.user)
                indicators = indicators.filter(commitment__milestones__in=milestones).distinct()
            form.base_fields["milestone"].queryset = milestones
            form.base_fields["indicator"].queryset = indicators
        return form

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # every update and decision is kept for the public history

    def save_model(self, request, obj, form, change):
        saved = lifecycle.submit_update(
            obj.milestone,
            by=request.user,
            status=obj.status,
            completion=obj.completion,
            text=obj.text,
            measurements=form.measurements(),
            evidence=form.evidence(),
        )
        obj.pk, obj.author, obj.created_at, obj.state = saved.pk, saved.author, saved.created_at, saved.state
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        pass  # the update's rows were written with it


# A drafter's change to a public card: validated or returned by the secretariat.


class ChangeRequestEventInline(EventsInline, admin.TabularInline):
    model = ChangeRequestEvent
    fk_name = "change"
    fields = ["created_at", "actor", "from_status", "to_status", "reason"]
    verbose_name_plural = _("decisions")


@admin.register(ChangeRequest)
class ChangeRequestAdmin(Decided, ScopedAdmin, admin.ModelAdmin):
    scope = CHANGES
    decisions = admin_views.CHANGE_DECISIONS
    list_display = ["commitment", "state", "author", "created_at"]
    list_filter = [AwaitingFilter]
    list_select_related = ["commitment", "author"]
    date_hierarchy = "created_at"
    fields = readonly_fields = ["commitment", "state", "author", "created_at", "what_changes"]
    inlines = [ChangeRequestEventInline]

    @admin.display(description=_("what changes"))
    def what_changes(self, change):
        return format_html(
            '<table class="changes"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>'
            "<tbody>{}</tbody></table>",
            gettext("row"),
            gettext("field"),
            gettext("before"),
            gettext("after"),
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", change.rows()),
        )

    def has_add_permission(self, request, *args) -> bool:
        return False  # written by saving the card (commitments.changes)

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # every change and decision is kept


def assessable_commitments():
    """The cards the public sees, where an assessment is shown."""
    return (
        Commitment.objects.public()
        .filter(plan__in=Plan.objects.public())
        .select_related("plan")
        .order_by("plan__slug", "number")
    )


@admin.register(Assessment)
class AssessmentAdmin(ScopedAdmin, admin.ModelAdmin):
    scope = ASSESSMENTS
    form = AssessmentForm
    list_display = ["commitment", "association", "rating", "updated_at"]
    list_filter = ["rating", ("association", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["commitment", "association"]
    fields = ["commitment", "association", "rating", "text", "author", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        # Filed for one card and one association: a new one for another.
        return ["author", "updated_at"] + (["commitment", "association"] if obj is not None else [])

    def has_change_permission(self, request, obj=None) -> bool:
        return may_file(request.user, obj) and super().has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "commitment":
            kwargs["queryset"] = assessable_commitments()
        if db_field.name == "association":
            kwargs["queryset"] = Association.objects.filter(pk__in=represented_associations(request.user))
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "commitment":
            field.label_from_instance = lambda commitment: f"{commitment.plan.slug} · {commitment}"
        return field

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        mine = represented_associations(request.user)
        if len(mine) == 1:
            initial.setdefault("association", next(iter(mine)))
        return initial

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            lifecycle.file_assessment(obj, by=request.user)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except lifecycle.AlreadyFiled:
            # A colleague filed while the form was checked: the form again,
            # which now sees their assessment and says so, keeping what was typed.
            return super().changeform_view(request, object_id, form_url, extra_context)
