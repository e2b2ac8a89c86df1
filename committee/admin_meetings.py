"""Meetings in the admin, the secretariat's: the date, place and chair, the
agenda (inline, by number), the members' proposals (read only, each
accepted or declined on a page of its own that asks for the reason), the
convocation (a button that shows its deadline; too late, the refusal says
by when it had to go out) and the cancellation (with its reason). The
moves are committee.convocation's; a change of the agenda, date or place
made here after the convocation is told to every member once, by that
module. The minutes' part (admin_minutes) and the attendance, guests and
decisions (admin_members) show their inlines here and route their pages
through this admin."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from core.bidi import BidiAdminMixin, BidiFormMixin
from core.permissions import SECRETARIAT_ONLY
from core.scoping import EventsInline, ReadOnlyInline, ScopedAdmin
from core.transitions import TransitionError

from . import admin_members, admin_minutes, convocation
from .models import AgendaItem, Meeting, MeetingEvent, Membership, Proposal

S = Meeting.Status
P = Proposal.State


class AgendaItemInline(BidiAdminMixin, TranslationStackedInline):
    model = AgendaItem
    fields = ["number", "title", "description", "proposed_by"]
    readonly_fields = ["proposed_by"]
    ordering = ["number"]
    extra = 0
    verbose_name_plural = _("agenda")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("proposal__member")

    @admin.display(description=_("proposed by a member"))
    def proposed_by(self, item):
        return item.proposal.member if item.proposal_id else "—"

    def get_extra(self, request, obj=None, **kwargs):
        # A new meeting starts with its first item to write.
        return 1 if obj is None else 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        for name, field in formset.form.base_fields.items():
            if name.startswith("description") and isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 2
        return formset


def answer_url(proposal: Proposal, way: str) -> str:
    """The page that accepts (`way`: "accept") or declines a proposal."""
    return reverse("admin:committee_meeting_proposal", args=[proposal.meeting_id, proposal.pk, way])


class ProposalInline(ReadOnlyInline, BidiAdminMixin, admin.StackedInline):
    """The members' proposals, as they sent them: read here, answered each on
    its own page (accept, or decline with a reason). Stacked: a phone shows
    each whole, its buttons with it."""

    model = Proposal
    fields = ["created_at", "member", "kind", "proposed_date", "text", "state", "answer"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["created_at", "pk"]

    def has_view_permission(self, request, obj=None) -> bool:
        return True  # whoever may open the meeting (its admin's scope decides)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member").prefetch_related("events")

    @admin.display(description=_("answer"))
    def answer(self, proposal):
        if proposal.state == P.PENDING:
            links = [
                (answer_url(proposal, way), label)
                for way, label in (("accept", gettext("Accept")), ("decline", gettext("Decline")))
            ]
            return format_html_join(" ", '<a class="button" href="{}">{}</a>', links)
        events = list(proposal.events.all())
        return events[-1].reason if events and events[-1].reason else "—"


class MeetingEventInline(EventsInline, admin.TabularInline):
    """The convocation and the cancellation: who, when, why."""

    model = MeetingEvent
    fk_name = "meeting"
    fields = ["created_at", "actor", "from_status", "to_status", "reason"]
    verbose_name_plural = _("history")


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return S.choices

    def queryset(self, request, queryset):
        # The status annotated by the admin's queryset (Meeting.objects.with_status).
        return queryset.filter(status=self.value()) if self.value() in S.values else queryset


class MeetingForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        chair = data.get("chair")
        committee_id = data["committee"].pk if data.get("committee") else self.instance.committee_id
        if chair and committee_id and chair.committee_id != committee_id:
            self.add_error("chair", gettext("The chair is a member of this meeting's committee."))
        self._check_notice(data.get("starts_at"))
        return data

    def _check_notice(self, starts_at) -> None:
        """Moved after the convocation, the meeting is announced anew today:
        the new day must still leave the members ten days' notice."""
        meeting = self.instance
        if not (meeting.pk and meeting.convened_at and meeting.cancelled_at is None and starts_at):
            return
        if "starts_at" not in self.changed_data or meeting.starts_at <= timezone.now():
            return
        moved = Meeting(starts_at=starts_at)
        if timezone.now() >= convocation.notice_deadline(moved):
            earliest = timezone.localdate() + timedelta(days=convocation.NOTICE_DAYS)
            self.add_error(
                "starts_at",
                gettext(
                    "The members were convened: told of a new day today, they must have %(days)s days' "
                    "notice, so the meeting can move to %(date)s at the earliest."
                )
                % {"days": convocation.NOTICE_DAYS, "date": convocation.day_text(earliest)},
            )


@admin.register(Meeting)
class MeetingAdmin(ScopedAdmin, TranslationAdmin):
    scope = SECRETARIAT_ONLY
    form = MeetingForm
    change_form_template = "admin/committee/meeting/change_form.html"
    list_display = ["starts_at", "kind", "status_label", "proposals_pending", "committee"]
    # The minutes' part adds its own (overdue minutes), if it has any.
    list_filter = [StatusFilter, "kind", "committee", *getattr(admin_minutes, "LIST_FILTERS", [])]
    list_select_related = ["committee__plan"]
    date_hierarchy = "starts_at"
    search_fields = ["title", "title_ar", "title_fr", "title_en", "place"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["committee", "kind", "title"]}),
        (_("When"), {"fields": ["starts_at", "ends_at", "notice"]}),
        (_("Where"), {"fields": ["place", "online_link", "chair"]}),
        (
            _("Convocation and proposals"),
            {"fields": ["status_label", "convened_at", "proposals_window", "cancelled_at"]},
        ),
        # The minutes' text is written on their own page (admin_minutes).
        (_("Minutes"), {"fields": ["minutes_sent_at", "minutes_published_at"]}),
    ]
    readonly_fields = [
        "notice",
        "status_label",
        "convened_at",
        "proposals_window",
        "cancelled_at",
        "minutes_sent_at",
        "minutes_published_at",
    ]
    inlines = [AgendaItemInline, ProposalInline, MeetingEventInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_status()
            .annotate(pending=Count("proposals", filter=Q(proposals__state=P.PENDING)))
        )

    # A meeting is deleted only while planned (a draft of the secretariat's):
    # once its members were convened, or it was held, it is the record;
    # it is cancelled instead, with its reason.
    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.status_at(timezone.now()) != S.PLANNED:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # it would not ask each meeting
        return actions

    def get_inlines(self, request, obj):
        if obj is None:  # a meeting being added has its agenda only
            return [AgendaItemInline]
        return [
            AgendaItemInline,
            ProposalInline,
            *admin_members.MEETING_INLINES,
            *admin_minutes.INLINES,
            MeetingEventInline,
        ]

    def get_fieldsets(self, request, obj=None):
        # A meeting being added has no moves yet.
        fieldsets = super().get_fieldsets(request, obj)
        return fieldsets if obj is not None else fieldsets[:3]

    def get_readonly_fields(self, request, obj=None):
        # A meeting stays with its committee: its members were told.
        return [*self.readonly_fields, "committee"] if obj is not None else self.readonly_fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "chair":
            kwargs["queryset"] = Membership.objects.select_related("committee__plan")
            object_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            if object_id and str(object_id).isdigit():
                kwargs["queryset"] = kwargs["queryset"].filter(committee__meetings__pk=object_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # The list's and the form's computed columns.
    @admin.display(description=_("status"), ordering="status")
    def status_label(self, meeting):
        if meeting.pk is None:
            return "—"
        status = getattr(meeting, "status", None) or meeting.status_at(timezone.now())
        return S(status).label

    @admin.display(description=_("proposals awaiting an answer"), ordering="pending")
    def proposals_pending(self, meeting):
        return meeting.pending or "—"

    @admin.display(description=_("convocation due by"))
    def notice(self, meeting):
        if meeting is None or meeting.pk is None or meeting.starts_at is None:
            return gettext("Ten days before the meeting's day at the latest.")
        day = convocation.day_text(convocation.notice_last_day(meeting))
        if meeting.convened_at:
            return gettext("Sent on %(date)s (due by %(due)s).") % {
                "date": convocation.day_text(timezone.localdate(meeting.convened_at)),
                "due": day,
            }
        if timezone.now() >= convocation.notice_deadline(meeting):
            return gettext("%(date)s, at 24:00 (Casablanca time): passed.") % {"date": day}
        return gettext("%(date)s, at 24:00 (Casablanca time).") % {"date": day}

    @admin.display(description=_("proposals window"))
    def proposals_window(self, meeting):
        last = convocation.proposals_last_day(meeting) if meeting and meeting.pk else None
        if last is None:
            return gettext("Opens with the convocation, for three days.")
        if convocation.proposals_open(meeting):
            return gettext("Open until %(date)s, at 24:00 (Casablanca time).") % {
                "date": convocation.day_text(last)
            }
        return gettext("Closed on %(date)s.") % {"date": convocation.day_text(last)}

    # Changes after the convocation are told to the members (once per save).
    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            return
        meeting = form.instance
        added, changed, removed = [], [], []
        for formset in formsets:
            if formset.model is AgendaItem:
                added += formset.new_objects
                changed += [item for item, _fields in formset.changed_objects]
                removed += formset.deleted_objects
        moved = {"starts_at", "ends_at"} & set(form.changed_data)
        told = convocation.agenda_changed(
            meeting,
            added=added,
            changed=changed,
            removed=removed,
            moved_from=form.initial.get("starts_at") if moved else None,
            where=bool({"place", "online_link"} & set(form.changed_data)),
        )
        if told:
            self.message_user(
                request,
                ngettext(
                    "The change is told to %(count)d member by email.",
                    "The change is told to %(count)d members by email.",
                    told,
                )
                % {"count": told},
                messages.SUCCESS,
            )

    # The moves' pages.
    def get_urls(self):
        return [
            self.row_view(convene_view, "convene", "committee_meeting_convene"),
            self.row_view(cancel_view, "cancel", "committee_meeting_cancel"),
            self.row_view(
                proposal_view, "proposals/<int:proposal_id>/<str:way>", "committee_meeting_proposal"
            ),
            *admin_minutes.row_views(self),
            *super().get_urls(),
        ]

    def tools(self, request, meeting) -> list[tuple[str, str]]:
        """The buttons above the meeting's form: the moves it allows now."""
        status = meeting.status_at(timezone.now())
        found = []
        if status == S.PLANNED:
            url = reverse("admin:committee_meeting_convene", args=[meeting.pk])
            found.append((url, gettext("Send the convocation")))
        if status in (S.PLANNED, S.CONVENED):
            url = reverse("admin:committee_meeting_cancel", args=[meeting.pk])
            found.append((url, gettext("Cancel the meeting")))
        # The minutes' part adds its own (send the draft, publish), if it has any.
        more = getattr(admin_minutes, "tools", None)
        return found + (list(more(self, request, meeting)) if more else [])

    def change_view(self, request, object_id, form_url="", extra_context=None):
        meeting = self.scoped_object_or_404(request, object_id)
        changes = self.has_change_permission(request, meeting)
        tools = self.tools(request, meeting) if changes else []
        extra_context = {**(extra_context or {}), "meeting_tools": tools}
        return super().change_view(request, object_id, form_url, extra_context)


# The moves' pages: each shows what the move does and asks for what it
# needs on a GET; the move is a POST, and a refusal is the admin's error.


def _meeting_to_change(model_admin, request, object_id) -> Meeting:
    meeting = model_admin.scoped_object_or_404(request, object_id)
    if not model_admin.has_change_permission(request, meeting):
        raise PermissionDenied
    return meeting


def _back(meeting: Meeting) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("admin:committee_meeting_change", args=[meeting.pk]))


def _make(model_admin, request, meeting: Meeting, move, said) -> HttpResponseRedirect:
    """Makes the move, logs it and says how it went (`said(what the move
    returned)`), or shows its refusal as the admin's error; back to the meeting."""
    try:
        result = move()
    except TransitionError as error:
        model_admin.message_user(request, str(error), messages.ERROR)
    else:
        message = said(result)
        model_admin.log_change(request, meeting, message)
        model_admin.message_user(request, message, messages.SUCCESS)
    return _back(meeting)


def _page(model_admin, request, template: str, meeting: Meeting, title: str, **context) -> TemplateResponse:
    return TemplateResponse(
        request,
        f"admin/committee/meeting/{template}",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "original": meeting,
            "meeting": meeting,
            "title": title,
            **context,
        },
    )


def convene_view(model_admin, request, object_id):
    meeting = _meeting_to_change(model_admin, request, object_id)
    if request.method == "POST":
        return _make(
            model_admin,
            request,
            meeting,
            lambda: convocation.convene(meeting, by=request.user),
            lambda told: (
                ngettext(
                    "The convocation is sent: %(count)d member is told.",
                    "The convocation is sent: %(count)d members are told.",
                    told,
                )
                % {"count": told}
            ),
        )
    now = timezone.now()
    return _page(
        model_admin,
        request,
        "convene.html",
        meeting,
        gettext("Send the convocation"),
        agenda=list(meeting.agenda_items.order_by("number")),
        members=list(convocation.members(meeting)),
        due=convocation.day_text(convocation.notice_last_day(meeting)),
        late=convocation.too_late(meeting) if now >= convocation.notice_deadline(meeting) else "",
        may=meeting.status_at(now) == S.PLANNED,
    )


class ReasonForm(BidiFormMixin, forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


def cancel_view(model_admin, request, object_id):
    meeting = _meeting_to_change(model_admin, request, object_id)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    form.fields["reason"].help_text = _("The members read it in the email that tells them.")
    if form.is_valid():
        return _make(
            model_admin,
            request,
            meeting,
            lambda: convocation.cancel(meeting, by=request.user, reason=form.cleaned_data["reason"]),
            lambda told: (
                ngettext(
                    "The meeting is cancelled: %(count)d member is told.",
                    "The meeting is cancelled: %(count)d members are told.",
                    told,
                )
                % {"count": told}
            ),
        )
    return _page(
        model_admin,
        request,
        "cancel.html",
        meeting,
        gettext("Cancel the meeting"),
        form=form,
        members=convocation.members(meeting).count(),
    )


class AcceptForm(BidiFormMixin, forms.Form):
    """An agenda item accepted: its title as the agenda will say it (Arabic
    required, as every item's), and the answer for its member."""

    title_ar = forms.CharField(label=_("title [ar]"), max_length=255)
    title_fr = forms.CharField(label=_("title [fr]"), max_length=255, required=False)
    title_en = forms.CharField(label=_("title [en]"), max_length=255, required=False)
    reason = forms.CharField(
        label=_("answer to the member"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: the member reads it in the email that tells them."),
    )


def proposal_view(model_admin, request, object_id, proposal_id: int, way: str):
    meeting = _meeting_to_change(model_admin, request, object_id)
    if way not in ("accept", "decline"):
        raise Http404
    proposal = get_object_or_404(meeting.proposals.select_related("member"), pk=proposal_id)
    accept = way == "accept"
    if accept and proposal.kind == Proposal.Kind.ITEM:
        form = AcceptForm(
            request.POST if request.method == "POST" else None,
            initial={"title_ar": proposal.text[: AgendaItem._meta.get_field("title").max_length]},
        )
    else:
        form = ReasonForm(request.POST if request.method == "POST" else None)
        if accept:
            form.fields["reason"].required = False
            form.fields["reason"].label = _("answer to the member")
        form.fields["reason"].help_text = _("The member reads it in the email that tells them.")
    if form.is_valid():
        data = form.cleaned_data
        if not accept:
            return _make(
                model_admin,
                request,
                meeting,
                lambda: convocation.decline(proposal, by=request.user, reason=data["reason"]),
                lambda _none: gettext("The proposal is declined: its member is told why."),
            )
        titles = {name: data[name] for name in ("title_ar", "title_fr", "title_en") if data.get(name)}

        def accepted(item) -> str:
            if item is None:  # another date: the secretariat moves the meeting
                return gettext(
                    "The proposal is accepted. To hold the meeting on the date proposed, change its date "
                    "below: every member is told."
                )
            return gettext("The proposal is accepted: it is item %(number)s of the agenda.") % {
                "number": item.number
            }

        return _make(
            model_admin,
            request,
            meeting,
            lambda: convocation.accept(proposal, by=request.user, reason=data["reason"], titles=titles),
            accepted,
        )
    return _page(
        model_admin,
        request,
        "answer_proposal.html",
        meeting,
        gettext("Accept the proposal") if accept else gettext("Decline the proposal"),
        proposal=proposal,
        form=form,
        accept=accept,
    )
