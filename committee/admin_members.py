"""The secretariat's admin of the committee's members (issue 20, members):
committees with both sides' counts, seats, the handbook's versions and the
requests to revise it, absence flags (the reminders sent are core's:
core.admin.ReminderAdmin); and, on the meeting's page
(admin_meetings.MeetingAdmin), its attendance, guests and decisions
(MEETING_INLINES).

The rules are the domain modules': a seat's (committee.membership, through
Membership.clean), the absences' (committee.absences), the handbook's
(committee.handbook), a vote's outcome (committee.decisions). This module
shows them and says their refusals in words."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Count, Q
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from core.bidi import BidiAdminMixin, isolate
from core.permissions import SECRETARIAT_ONLY
from core.scoping import ScopedAdmin
from plans.admin import accounts_by_email

from . import absences, handbook, membership
from .decisions import Outcome, bases, outcome
from .models import (
    AbsenceFlag,
    AgendaItem,
    Attendance,
    Committee,
    Decision,
    Guest,
    HandbookVersion,
    Meeting,
    Membership,
    RevisionRequest,
    Side,
    sitting,
)

SIDE_PREFIX = {Side.PUBLIC: "public", Side.CIVIL: "civil"}


def secretariat_warnings(day=None) -> dict:
    """What the secretariat is warned of on the committee's lists: the
    committees sitting today whose sides do not balance, and the absence
    flags awaiting the committee's decision."""
    day = day or timezone.localdate()
    sitting_today = Committee.objects.filter(term_start__lte=day, term_end__gte=day).select_related("plan")
    committees = [(c, membership.parity_of(c)) for c in membership.with_parity(sitting_today, day)]
    flags = absences.pending().select_related("member__committee__plan").order_by("flagged_at")
    return {"committees_today": committees, "pending_flags": list(flags)}


class WarningsMixin:
    """The warnings above a changelist (templates/admin/committee/warnings.html)."""

    def changelist_view(self, request, extra_context=None):
        extra = {**secretariat_warnings(), **(extra_context or {})}
        return super().changelist_view(request, extra)


def parity_text(parity) -> str:
    return _("public administration: %(public)s · civil society: %(civil)s") % {
        "public": parity.public,
        "civil": parity.civil,
    }


# Committees.


@admin.register(Committee)
class CommitteeAdmin(WarningsMixin, ScopedAdmin, admin.ModelAdmin):
    scope = SECRETARIAT_ONLY
    change_list_template = "admin/committee/committee/change_list.html"
    change_form_template = "admin/committee/committee/change_form.html"
    list_display = ["plan", "term_start", "term_end", "public_members", "civil_members", "balanced", "seats"]
    list_select_related = ["plan"]
    search_fields = ["plan__title", "plan__title_ar", "plan__title_fr", "plan__title_en"]
    fields = ["plan", "term_start", "term_end", "parity_today"]
    readonly_fields = ["parity_today"]

    def get_queryset(self, request):
        return membership.with_parity(super().get_queryset(request))

    @admin.display(description=gettext_lazy("public administration members"), ordering="public_count")
    def public_members(self, committee):
        return committee.public_count

    @admin.display(description=gettext_lazy("civil-society members"), ordering="civil_count")
    def civil_members(self, committee):
        return committee.civil_count

    @admin.display(description=gettext_lazy("sides balanced"), boolean=True)
    def balanced(self, committee):
        return membership.parity_of(committee).balanced

    @admin.display(description=gettext_lazy("members"))
    def seats(self, committee):
        url = reverse("admin:committee_membership_changelist")
        return format_html('<a href="{}?committee__id__exact={}">{}</a>', url, committee.pk, _("members"))

    @admin.display(description=gettext_lazy("members today"))
    def parity_today(self, committee):
        if committee is None or committee.pk is None:
            return "—"
        return parity_text(membership.parity(committee))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        committee = self.scoped_object_or_404(request, object_id)
        extra = {"parity": membership.parity(committee), **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra)


# Seats.


def seats_named():
    return Membership.objects.select_related("committee__plan").order_by("-committee__term_start", "name")


def seat_label(seat) -> str:
    """A seat in a picker: its name and its committee's plan (names repeat from term to term)."""
    return f"{isolate(seat.name)} — {seat.committee.plan}"


class SittingFilter(admin.SimpleListFilter):
    title = gettext_lazy("sitting")
    parameter_name = "sitting"

    def lookups(self, request, model_admin):
        return [("yes", _("sitting today")), ("no", _("no longer sitting, or not yet"))]

    def queryset(self, request, queryset):
        today = sitting(timezone.localdate())
        if self.value() == "yes":
            return queryset.filter(today)
        if self.value() == "no":
            return queryset.exclude(today)
        return queryset


@admin.register(Membership)
class MembershipAdmin(WarningsMixin, ScopedAdmin, admin.ModelAdmin):
    scope = SECRETARIAT_ONLY
    change_list_template = "admin/committee/membership/change_list.html"
    list_display = ["name", "term", "side", "represents", "role", "deputy_of", "starts_on", "ends_on"]
    list_filter = ["committee", "side", "role", SittingFilter, "end_reason"]
    list_select_related = ["committee__plan__member", "institution", "association", "deputy_of"]
    search_fields = ["name", "person__email"]
    autocomplete_fields = ["person", "institution", "association", "deputy_of"]
    fieldsets = [
        (None, {"fields": ["committee", "side", "person", "name", "institution", "association"]}),
        (gettext_lazy("Role"), {"fields": ["role", "deputy_of"]}),
        (gettext_lazy("Designation"), {"fields": ["designation_letter", "designated_on", "starts_on"]}),
        (
            gettext_lazy("End of membership"),
            {
                "fields": ["ends_on", "end_reason"],
                "description": gettext_lazy(
                    "A membership ends on a day, with its reason. One ended for absences is recorded by the "
                    "committee's decision on the member's absence flag."
                ),
            },
        ),
    ]

    @admin.display(description=gettext_lazy("represents"))
    def represents(self, seat):
        return seat.institution or seat.association

    @admin.display(description=gettext_lazy("term"), ordering="committee__term_start")
    def term(self, seat):
        # Short: the OGP member and the plan's years (the committee's full name is long).
        return isolate(f"{seat.committee.plan.member} · {seat.committee.plan.period}")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "committee":
            kwargs["queryset"] = Committee.objects.select_related("plan")
        if db_field.name == "deputy_of":
            kwargs["queryset"] = seats_named().exclude(role=Membership.Role.DEPUTY)
        field = accounts_by_email(super().formfield_for_foreignkey(db_field, request, **kwargs))
        if db_field.name == "deputy_of":
            field.label_from_instance = seat_label
        return field

    def has_delete_permission(self, request, obj=None) -> bool:
        # A seat with a record (attendance, proposals, comments, flags) ends,
        # with its reason: deleting it would take the record with it.
        if obj is not None and (
            obj.attendance.exists()
            or obj.proposals.exists()
            or obj.minutes_comments.exists()
            or obj.absence_flags.exists()
            or obj.deputies.exists()
        ):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one seat at a time, with the check above
        return actions

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError:
            # The form checked "one seat per person"; a parallel request
            # added the same person's seat meanwhile, and the database refused.
            self.message_user(request, membership.one_seat_refusal(), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


# The meeting's attendance, guests and decisions (MeetingAdmin's inlines).


def offered(meeting: Meeting):
    """The seats whose attendance the meeting records: every seat held on its
    day (deputies included), and any already recorded."""
    day = timezone.localtime(meeting.starts_at).date()
    return (
        Membership.objects.filter(
            Q(committee_id=meeting.committee_id) & (sitting(day) | Q(attendance__meeting=meeting))
        )
        .distinct()
        .order_by("side", "name", "pk")
    )


class AttendanceForm(forms.ModelForm):
    class Meta:
        model = Attendance
        fields = ["member", "presence", "justification"]

    def clean(self):
        data = super().clean()
        if (
            data.get("presence") == Attendance.Presence.EXCUSED
            and not (data.get("justification") or "").strip()
        ):
            self.add_error("justification", _("An excused absence needs its justification."))
        return data


def unrecorded(meeting: Meeting):
    """The seats offered a row: held on the meeting's day, not yet recorded —
    once the meeting has begun (before, there is no attendance to take)."""
    if meeting.starts_at > timezone.now():
        return Membership.objects.none()
    return offered(meeting).exclude(attendance__meeting=meeting)


class AttendanceFormSet(BaseInlineFormSet):
    """Offers a row for each seat held on the meeting's day not yet
    recorded, once it has begun; once saved, the absences are checked at
    once (committee.absences). The rows offered are the forms' initial
    values on the page and in its POST alike, so that a row left as offered
    is not a change (and asks for nothing)."""

    def __init__(self, *args, **kwargs):
        meeting = kwargs.get("instance")
        if meeting is not None and meeting.pk:
            kwargs["initial"] = [{"member": seat.pk} for seat in unrecorded(meeting)]
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if self.instance.pk:
            form.fields["member"].queryset = offered(self.instance)

    def save(self, commit=True):
        saved = super().save(commit)
        if commit:
            absences.check_meeting(self.instance)
        return saved


# The same rows, read from a POST to count who was present (DecisionFormSet).
AttendanceRows = inlineformset_factory(
    Meeting, Attendance, form=AttendanceForm, formset=AttendanceFormSet, extra=0
)


class PlainSelects:
    """An inline's choices among the meeting's own rows: no links to add or
    change them in another window."""

    plain_selects: tuple[str, ...] = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in self.plain_selects:
            widget = getattr(field.widget, "widget", None)
            field.widget = widget or field.widget
        return field


class AttendanceInline(PlainSelects, BidiAdminMixin, admin.TabularInline):
    model = Attendance
    form = AttendanceForm
    formset = AttendanceFormSet
    fields = ["member", "presence", "justification"]
    plain_selects = ("member",)
    verbose_name_plural = gettext_lazy("attendance of the members")

    def get_extra(self, request, obj=None, **kwargs):
        if obj is None or obj.pk is None:
            return 0
        return unrecorded(obj).count()


class GuestForm(forms.ModelForm):
    """A guest is recorded by name; a name erased after the retention period
    (committee.tasks.erase_guest_names) is not asked again."""

    class Meta:
        model = Guest
        fields = ["name", "organisation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        erased = self.instance.pk is not None and not self.instance.name
        self.fields["name"].required = not erased
        if erased:
            self.fields["name"].disabled = True
            self.fields["name"].help_text = _("Erased %(days)s days after the meeting.") % {
                "days": settings.COMMITTEE_GUEST_DATA_DAYS
            }


class GuestInline(BidiAdminMixin, admin.TabularInline):
    model = Guest
    form = GuestForm
    fields = ["name", "organisation"]
    extra = 0
    verbose_name_plural = gettext_lazy("guests (not members)")


def present_by_side(rows) -> dict[str, int]:
    counts = dict.fromkeys(SIDE_PREFIX, 0)
    for member, presence in rows:
        if presence == Attendance.Presence.PRESENT:
            counts[member.side] += 1
    return counts


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["number", "agenda_item", "text", "mode", "base", *Decision.VOTES]

    def clean(self):
        data = super().clean()
        mode = data.get("mode")
        if mode == Decision.Mode.VOTE:
            for name in Decision.VOTES:
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("A vote is recorded with its counts on each side."))
        elif mode == Decision.Mode.CONSENSUS:
            for name in Decision.VOTES:
                if data.get(name) is not None:
                    self.add_error(name, _("A decision by consensus has no votes: leave the counts empty."))
        return data


class DecisionFormSet(BaseInlineFormSet):
    """A vote's counts on a side never exceed the members present on that side."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["agenda_item"].queryset = AgendaItem.objects.filter(meeting_id=self.instance.pk or 0)

    def present(self) -> dict[str, int] | None:
        """Per side, who is present: as posted with the decisions when the page
        sends the attendance too, else as recorded. None: the posted
        attendance is not valid (nothing will be saved)."""
        if "attendance-TOTAL_FORMS" in self.data:
            rows = AttendanceRows(self.data, instance=self.instance, prefix="attendance")
            if not rows.is_valid():
                return None
            kept = [
                (f.cleaned_data["member"], f.cleaned_data["presence"])
                for f in rows.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            return present_by_side(kept)
        recorded = Attendance.objects.filter(meeting_id=self.instance.pk or 0).select_related("member")
        return present_by_side((row.member, row.presence) for row in recorded)

    def clean(self):
        super().clean()
        votes = [
            f
            for f in self.forms
            if f.cleaned_data
            and not f.cleaned_data.get("DELETE")
            and f.cleaned_data.get("mode") == Decision.Mode.VOTE
        ]
        if not votes:
            return
        present = self.present()
        if present is None:
            return
        for form in votes:
            for side, prefix in SIDE_PREFIX.items():
                cast = sum(
                    form.cleaned_data.get(f"{prefix}_{what}") or 0 for what in ("for", "against", "abstain")
                )
                if cast > present[side]:
                    form.add_error(
                        f"{prefix}_for",
                        _(
                            "%(cast)s votes cast on this side, but only %(present)s of its members "
                            "were present."
                        )
                        % {"cast": cast, "present": present[side]},
                    )


def outcome_text(found: Outcome | None) -> str:
    """A decision's outcome as the admin says it: computed, with its base."""
    if found is None:
        return _("taken by consensus")
    sides = {
        SIDE_PREFIX[side]: _("%(side)s: %(for)s for, %(needed)s needed of %(members)s")
        % {
            "side": Side(side).label,
            "for": found.votes_for[side],
            "needed": found.needed[side],
            "members": found.members[side],
        }
        for side in SIDE_PREFIX
    }
    return _("%(result)s — %(base)s (%(public)s; %(civil)s)") % {
        "result": _("passed") if found.passed else _("not passed"),
        "base": Decision.Base(found.base).label,
        **sides,
    }


class DecisionInline(PlainSelects, BidiAdminMixin, TranslationStackedInline):
    model = Decision
    form = DecisionForm
    formset = DecisionFormSet
    extra = 0
    plain_selects = ("agenda_item",)
    fields = [
        "number",
        "agenda_item",
        "text",
        "mode",
        "base",
        ("public_for", "public_against", "public_abstain"),
        ("civil_for", "civil_against", "civil_abstain"),
        "outcome",
    ]
    readonly_fields = ["outcome"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        for name, field in formset.form.base_fields.items():
            if name.startswith("text") and isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 3
        return formset

    @admin.display(description=gettext_lazy("outcome (computed)"))
    def outcome(self, decision):
        if decision is None or decision.pk is None:
            return _("computed once saved")
        if not hasattr(self, "_bases"):
            self._bases = bases([decision.meeting])[decision.meeting_id]
        return outcome_text(outcome(decision, self._bases[decision.base]))


MEETING_INLINES = [AttendanceInline, GuestInline, DecisionInline]


# The handbook.


class HandbookVersionForm(forms.ModelForm):
    class Meta:
        model = HandbookVersion
        fields = ["member", "number", "adopted_on", "decision", "summary", "text", "file"]

    def clean(self):
        data = super().clean()
        decision, member = data.get("decision"), data.get("member")
        if (
            decision is not None
            and member is not None
            and decision.meeting.committee.plan.member_id != member.pk
        ):
            self.add_error("decision", _("The decision must be taken by a committee of this OGP member."))
        return data


@admin.register(HandbookVersion)
class HandbookVersionAdmin(ScopedAdmin, TranslationAdmin):
    scope = SECRETARIAT_ONLY
    form = HandbookVersionForm
    list_display = ["number", "member", "adopted_on", "decision"]
    list_filter = ["member"]
    list_select_related = ["member", "decision__meeting"]
    fields = ["member", "number", "adopted_on", "decision", "summary", "text", "file"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "decision":
            kwargs["queryset"] = Decision.objects.select_related("meeting__committee__plan").order_by(
                "-meeting__starts_at", "number"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RevisionRequestForm(forms.ModelForm):
    class Meta:
        model = RevisionRequest
        fields = ["committee", "text", "signatories", "decision"]

    def clean(self):
        data = super().clean()
        if self.instance.pk is None:
            committee = data.get("committee")
            if committee is not None and "signatories" in data:
                for field, message in handbook.request_problems(
                    committee, data["signatories"], timezone.now()
                ).items():
                    self.add_error(field, message)
        elif data.get("decision") is not None and self.instance.decision_id is None:
            for field, message in handbook.decision_problems(self.instance, data["decision"]).items():
                self.add_error(field, message)
        return data


@admin.register(RevisionRequest)
class RevisionRequestAdmin(ScopedAdmin, admin.ModelAdmin):
    scope = SECRETARIAT_ONLY
    form = RevisionRequestForm
    list_display = ["committee", "created_at", "signed", "decision", "adopted"]
    list_select_related = ["committee__plan", "decision__meeting"]
    list_filter = ["committee"]
    autocomplete_fields = ["signatories"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "signatories":
            # Among the members sitting today (committee.handbook.members):
            # a request is recorded on the day it is made.
            kwargs["queryset"] = seats_named().filter(membership.counted(timezone.localdate()))
            kwargs["help_text"] = _(
                "Members of the committee sitting today (deputies are not members): a third of them at least."
            )
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "signatories":
            field.label_from_instance = seat_label
        return field

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(signed_by=Count("signatories"))

    @admin.display(description=gettext_lazy("signatories"))
    def signed(self, request_row):
        return request_row.signed_by

    @admin.display(description=gettext_lazy("adopted"), boolean=True)
    def adopted(self, request_row):
        if request_row.decision_id is None:
            return None
        return handbook.adopted(request_row.decision)

    def get_fields(self, request, obj=None):
        fields = ["committee", "text", "signatories"]
        return fields if obj is None else [*fields, "created_at", "decision"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # The request is a record once made; its decision, once recorded, too.
        done = ["committee", "text", "signatories", "created_at"]
        return done + (["decision"] if obj.decision_id else [])

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None and "decision" in form.base_fields:
            form.base_fields["decision"].queryset = Decision.objects.filter(
                meeting__committee_id=obj.committee_id
            ).select_related("meeting")
            form.base_fields["decision"].help_text = _(
                "The decision of the next meeting, taken by half of each side of the whole committee; "
                "adopted, a new version of the handbook is recorded with it."
            )
        return form

    def save_model(self, request, obj, form, change):
        decision = form.cleaned_data.get("decision")
        if not change:
            obj.created_at = timezone.now()
            super().save_model(request, obj, form, change)
            return
        if decision is not None and RevisionRequest.objects.filter(pk=obj.pk, decision__isnull=True).exists():
            try:
                version = handbook.decide(obj, decision)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return
            if version is not None:
                self.message_user(
                    request,
                    _("Adopted: version %(number)s of the handbook is recorded; give it its revised text.")
                    % {"number": version.number},
                    messages.SUCCESS,
                )
            else:
                self.message_user(request, _("Not adopted: the handbook stays as it is."), messages.WARNING)


# Absence flags.


class AbsenceFlagForm(forms.ModelForm):
    outcome = forms.ChoiceField(
        label=gettext_lazy("What the committee decided"),
        choices=[
            (AbsenceFlag.Outcome.CONFIRMED, AbsenceFlag.Outcome.CONFIRMED.label),
            (AbsenceFlag.Outcome.DISMISSED, AbsenceFlag.Outcome.DISMISSED.label),
        ],
    )

    class Meta:
        model = AbsenceFlag
        fields = ["outcome", "decision", "reason"]

    def clean(self):
        data = super().clean()
        errors = absences.decision_problems(
            self.instance, data.get("outcome"), data.get("decision"), data.get("reason", "")
        )
        for field, message in errors.items():
            if field not in self.errors:
                self.add_error(field, message)
        return data


@admin.register(AbsenceFlag)
class AbsenceFlagAdmin(WarningsMixin, ScopedAdmin, admin.ModelAdmin):
    scope = SECRETARIAT_ONLY
    form = AbsenceFlagForm
    change_list_template = "admin/committee/absenceflag/change_list.html"
    list_display = ["member", "committee", "flagged_at", "absences_count", "outcome"]
    list_filter = ["outcome"]
    list_select_related = ["member__committee__plan"]
    search_fields = ["member__name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(absences_total=Count("absences"))

    @admin.display(description=gettext_lazy("committee"))
    def committee(self, flag):
        return flag.member.committee

    @admin.display(description=gettext_lazy("unjustified absences"), ordering="absences_total")
    def absences_count(self, flag):
        return flag.absences_total

    @admin.display(description=gettext_lazy("absences"))
    def absences_list(self, flag):
        rows = flag.absences.select_related("meeting").order_by("meeting__starts_at")
        return format_html_join(mark_safe("<br>"), "{}", ((row.meeting,) for row in rows))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None and "decision" in form.base_fields:
            form.base_fields["decision"].queryset = Decision.objects.filter(
                meeting__committee_id=obj.member.committee_id, meeting__cancelled_at__isnull=True
            ).select_related("meeting")
        return form

    def get_fields(self, request, obj=None):
        return ["member", "flagged_at", "absences_list", "outcome", "decision", "reason"]

    def get_object(self, request, object_id, from_field=None):
        flag = super().get_object(request, object_id, from_field)
        if flag is not None:
            # As stored: a form sent back with errors has set the posted outcome on the row.
            flag.stored_outcome = flag.outcome
        return flag

    def get_readonly_fields(self, request, obj=None):
        return ["member", "flagged_at", "absences_list"]

    def has_change_permission(self, request, obj=None) -> bool:
        # Decided, the flag is the record of the committee's decision: read only.
        if obj is not None and getattr(obj, "stored_outcome", obj.outcome) != AbsenceFlag.Outcome.PENDING:
            return False
        return super().has_change_permission(request, obj)

    def has_add_permission(self, request) -> bool:
        return False  # attendance flags a member (committee.absences), never a hand

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the committee's decisions are kept

    def save_model(self, request, obj, form, change):
        try:
            absences.decide(
                obj,
                outcome=form.cleaned_data["outcome"],
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
