"""The draft minutes in the members' area (committee.minutes):
`/<lang>/committee/my/meetings/<pk>/minutes/`, for the meeting's members
only (committee.rules.minutes_seat; anyone else, a member of another
committee included, gets a 404). While the draft is sent and not
published: the draft (text, attendance, decisions), the comment form while
the window is open ("until the end of <day>"; after, the form says it
closed and a POST is refused, nothing saved), and the member's comments
with the secretariat's answers."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core.bidi import BidiFormMixin
from core.forms import UserTextForm
from core.transitions import TransitionError

from . import minutes
from .decisions import with_outcomes
from .models import Meeting, MinutesComment
from .rules import minutes_seat

S = Meeting.Status


class CommentForm(UserTextForm, BidiFormMixin, forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your comment on the draft minutes"),
        max_length=MinutesComment._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def area_minutes(request, pk: int):
    now = timezone.now()
    meeting = get_object_or_404(Meeting.objects.select_related("committee__plan"), pk=pk)
    seat = minutes_seat(request.user, meeting)
    if seat is None:
        raise Http404
    form = CommentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                minutes.comment(meeting, seat, form.cleaned_data["text"], now=now)
            except TransitionError as error:
                form.add_error(None, str(error))
                status = 403
            else:
                messages.success(request, _("Your comment is sent to the secretariat, which will answer it."))
                return HttpResponseRedirect(f"{minutes.area_url(meeting)}#comments")
        else:
            status = 400
        meeting.refresh_from_db()
    state = meeting.status_at(now)
    draft = state == S.MINUTES_SENT
    context = {
        "meeting": meeting,
        "seat": seat,
        "state": state,
        "draft": draft,
        "published": state == S.PUBLISHED,
        "public_url": minutes.public_url(meeting) if state == S.PUBLISHED else None,
        "comments_close": minutes.comments_close(meeting),
        "comments_open": minutes.comments_open(meeting, now),
        "form": form,
        "comments": MinutesComment.objects.filter(meeting=meeting, member=seat).order_by("created_at", "pk"),
    }
    if draft:
        context["attendance"] = meeting.attendance.select_related("member").order_by(
            "member__side", "member__name"
        )
        context["guests"] = meeting.guests.all()
        context["decisions"] = with_outcomes(
            meeting.meeting_decisions.select_related("meeting", "agenda_item").order_by("number")
        )
    return TemplateResponse(request, "committee/area/minutes.html", context, status=status)
