"""The members' area (/<lang>/committee/my/…), for the people holding a seat
of a committee today (committee.rules.area_meetings): the convocations of
their committees' meetings with the agenda, date, place and `.ics`; a
meeting's page with the proposals form while the window is open
(committee.convocation); their proposals and the secretariat's answers;
their attendance record. Anyone else gets a 404 (an anonymous visitor the
sign-in page): a member of one committee finds nothing of another's."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from core import calendar as ics
from core.bidi import BidiFormMixin
from core.forms import UserTextForm
from core.transitions import TransitionError

from . import convocation, rules
from .models import Attendance, Meeting, Proposal, ProposalEvent

S = Meeting.Status


class ProposalForm(UserTextForm, BidiFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("You propose"),
        choices=Proposal.Kind.choices,
        initial=Proposal.Kind.ITEM,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=gettext_lazy("Your proposal"),
        max_length=Proposal._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("An agenda item: its subject and why. Another date: why."),
    )
    proposed_date = forms.DateTimeField(
        label=gettext_lazy("The date and time you propose"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=gettext_lazy("Only for another date. Casablanca time."),
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == Proposal.Kind.DATE and not data.get("proposed_date"):
            if "proposed_date" not in self.errors:
                self.add_error("proposed_date", _("Give the date you propose."))
        elif data.get("kind") == Proposal.Kind.ITEM:
            data["proposed_date"] = None
        return data


def _with_answers(proposals):
    """The proposals with each one's answer (its last recorded move) as `answer`."""
    proposals = proposals.prefetch_related(
        Prefetch("events", queryset=ProposalEvent.objects.order_by("created_at", "pk"))
    )
    for proposal in proposals:
        events = list(proposal.events.all())
        proposal.answer = events[-1] if events else None
        yield proposal


def _window(meeting: Meeting, now) -> None:
    """What the page says of the proposals window."""
    meeting.status_label = S(meeting.status).label
    meeting.window_open = convocation.proposals_open(meeting, now)
    meeting.window_last_day = convocation.proposals_last_day(meeting)


def minutes_url(meeting: Meeting) -> str:
    """The draft minutes' page in the members' area (committee.area_minutes),
    once the draft was sent, if that page exists."""
    if meeting.minutes_sent_at is None:
        return ""
    try:
        return reverse("committee:area_minutes", args=[meeting.pk])
    except NoReverseMatch:
        return ""


@login_required
@require_GET
def index(request):
    seats = list(
        rules.seats(request.user).select_related("committee__plan", "institution", "association", "deputy_of")
    )
    selection_member = rules.selection_seats(request.user).exists()
    if not seats:
        if selection_member:
            # A selection committee's member (private sector, university…)
            # who holds no seat of the committee: their area is the files.
            return redirect("committee:scoring")
        raise Http404
    now = timezone.now()
    meetings = list(
        rules.area_meetings(request.user)
        .with_status(now)
        .select_related("committee__plan")
        .prefetch_related("agenda_items")
        .order_by("starts_at", "pk")
    )
    for meeting in meetings:
        _window(meeting, now)
    proposals = (
        Proposal.objects.filter(member__person=request.user)
        .select_related("meeting")
        .order_by("-created_at", "-pk")
    )
    attendance = list(
        Attendance.objects.filter(member__person=request.user)
        .select_related("meeting__committee__plan")
        .order_by("-meeting__starts_at")
    )
    context = {
        "seats": seats,
        "upcoming": [m for m in meetings if m.status == S.CONVENED],
        "others": [m for m in reversed(meetings) if m.status != S.CONVENED],
        "proposals": list(_with_answers(proposals)),
        "attendance": attendance,
        "present": sum(row.presence == Attendance.Presence.PRESENT for row in attendance),
        "selection_member": selection_member,
    }
    return render(request, "committee/area/index.html", context)


def _meeting(request, pk: int, now) -> Meeting:
    return get_object_or_404(
        rules.area_meetings(request.user)
        .with_status(now)
        .select_related("committee__plan")
        .prefetch_related("agenda_items"),
        pk=pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting(request, pk: int):
    now = timezone.now()
    meeting = _meeting(request, pk, now)
    seat = rules.seat(request.user, meeting.committee_id)
    refusal = convocation.proposals_refusal(meeting, now)
    form = ProposalForm(request.POST or None) if not refusal else None
    refused_text = ""
    if request.method == "POST":
        if refusal:
            # Outside the window nothing is saved; what was typed is shown
            # back, so that it is not lost.
            messages.error(request, refusal)
            refused_text = request.POST.get("text", "")[: ProposalForm.base_fields["text"].max_length]
        elif form.is_valid():
            try:
                convocation.propose(meeting, seat, **form.cleaned_data, now=now)
            except TransitionError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _("Your proposal is sent to the secretariat. Its answer will reach you by email."),
                )
                return redirect("committee:area_meeting", pk=meeting.pk)
    _window(meeting, now)
    context = {
        "meeting": meeting,
        "seat": seat,
        "form": form,
        "refusal": refusal,
        "refused_text": refused_text,
        "cancelled_because": _cancellation_reason(meeting),
        "proposals": list(_with_answers(meeting.proposals.filter(member=seat).order_by("pk"))),
        "minutes_url": minutes_url(meeting),
    }
    return render(request, "committee/area/meeting.html", context)


def _cancellation_reason(meeting: Meeting) -> str:
    if meeting.status != S.CANCELLED:
        return ""
    event = meeting.events.filter(to_status=S.CANCELLED).order_by("-created_at", "-pk").first()
    return event.reason if event else ""


@login_required
@require_GET
def meeting_ics(request, pk: int):
    name, content, _type = convocation.ics_file(_meeting(request, pk, timezone.now()))
    return ics.response(content, name)
