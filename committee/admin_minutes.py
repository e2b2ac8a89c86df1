"""The minutes in the admin (committee.minutes): MeetingAdmin
(admin_meetings) shows INLINES, routes row_views(model_admin) and lists
LIST_FILTERS; its changelist shows banners() (the overdue minutes, the
committees whose next meeting is due: admin/committee/meeting/change_list.html).

- the minutes' page of a meeting (`minutes/`): its deadline or comment
  window, the text in Arabic, French and English (written until the
  minutes are published), and the buttons to send the draft and publish;
- sending the draft and publishing: a confirmation page each, then a POST;
  a refusal (too early, comments unanswered…) is said as an admin error;
- the members' comments, read-only, each with the secretariat's answer,
  written in the inline (committee.minutes.answer: the member is told)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.bidi import BidiFormMixin
from core.transitions import TransitionError

from . import minutes
from .models import Meeting, MinutesComment
from .rules import may_handle_minutes
from .tasks import meetings_due

S = Meeting.Status


def summary(meeting: Meeting, user, now=None) -> dict:
    """Where the minutes of a meeting stand, for the admin's pages."""
    now = now or timezone.now()
    status = meeting.status_at(now)
    held = status not in (S.PLANNED, S.CONVENED, S.CANCELLED)
    handles = may_handle_minutes(user)
    return {
        "meeting": meeting,
        "status": status,
        "status_label": S(status).label,
        "held": held,
        "due": minutes.minutes_due(meeting) if held else None,
        "overdue": minutes.is_overdue(meeting, now),
        "comments_close": minutes.comments_close(meeting),
        "comments_open": minutes.comments_open(meeting, now),
        "waiting": meeting.minutes_comments.filter(answered_at__isnull=True).count()
        if status == S.MINUTES_SENT
        else 0,
        "may_write": handles and held and status != S.PUBLISHED,
        "may_send": handles and status == S.HELD,
        "may_publish": handles and status == S.MINUTES_SENT,
    }


# The comments and their answers.


class AnswerFormSet(BaseInlineFormSet):
    """Each answer written goes through committee.minutes.answer (its
    member is told); the comments themselves are the members' and stay."""

    request = None

    def clean(self):
        super().clean()
        for form in self.forms:
            if "answer" in form.changed_data and not form.cleaned_data.get("answer", "").strip():
                form.add_error("answer", gettext("Write the answer."))

    def save_existing(self, form, obj, commit=True):
        if "answer" in form.changed_data:
            try:
                minutes.answer(obj, form.cleaned_data["answer"], by=self.request.user)
            except TransitionError as error:
                messages.error(self.request, str(error))
        return obj

    def save_new(self, form, commit=True):  # the inline adds nothing (has_add_permission)
        raise PermissionDenied


class MinutesCommentInline(admin.StackedInline):
    model = MinutesComment
    formset = AnswerFormSet
    template = "admin/committee/meeting/minutes_inline.html"
    extra = 0
    can_delete = False
    fields = ["member", "created_at", "text", "answer", "answered_at", "answered_by"]
    readonly_fields = ["member", "created_at", "text", "answered_at", "answered_by"]
    ordering = ["created_at", "pk"]
    verbose_name_plural = _("members' comments on the draft minutes")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member", "answered_by")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        now = timezone.now()
        attributes = {"request": request, "summary": summary(obj, request.user, now) if obj else None}
        return type(formset.__name__, (formset,), attributes)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "answer":
            formfield.widget = forms.Textarea(attrs={"rows": 3, "dir": "auto", "class": "vLargeTextField"})
        return formfield

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # Answers are written until the minutes are published, by the secretariat.
        if obj is not None and obj.minutes_published_at is not None:
            return False
        return may_handle_minutes(request.user) and super().has_change_permission(request, obj)


INLINES = [MinutesCommentInline]


# The changelist: the filter and the banners.


class MinutesFilter(admin.SimpleListFilter):
    title = _("minutes")
    parameter_name = "minutes"

    def lookups(self, request, model_admin):
        return [("overdue", _("overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.filter(minutes.overdue(timezone.now()))
        return queryset


LIST_FILTERS = [MinutesFilter]


def banners(request, model_admin) -> dict:
    """What the meetings' list says above the rows: how many meetings of the
    user's scope have overdue minutes, and which committees' next meeting
    is due with none planned (committee.tasks.meetings_due)."""
    now = timezone.now()
    overdue = model_admin.get_queryset(request).filter(minutes.overdue(now)).count()
    return {"overdue_count": overdue, "meetings_due": meetings_due(now)}


# The minutes' pages of one meeting.


class MinutesForm(BidiFormMixin, forms.Form):
    """The minutes' text in each language (Meeting.minutes, translated)."""

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        field = Meeting._meta.get_field("minutes")
        for name in minutes.MINUTES_FIELDS:
            self.fields[name] = forms.CharField(
                label=Meeting._meta.get_field(name).verbose_name,
                required=False,
                widget=forms.Textarea(attrs={"rows": 12, "dir": "auto", "class": "vLargeTextField"}),
                initial=getattr(meeting, name) or "",
                help_text=field.help_text,
            )
            code = name.rsplit("_", 1)[1]
            self.fields[name].label = f"{field.verbose_name} [{code}]"


def _meeting(model_admin, request, object_id) -> Meeting:
    meeting = model_admin.scoped_object_or_404(request, object_id)
    return Meeting.objects.select_related("committee__plan").get(pk=meeting.pk)


def _minutes_url(meeting: Meeting) -> str:
    return reverse("admin:committee_meeting_minutes", args=[meeting.pk])


def _context(model_admin, request, meeting: Meeting, title: str, **more) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "original": meeting,
        "title": title,
        "minutes": more.pop("minutes", None) or summary(meeting, request.user),
        **more,
    }


def minutes_page(model_admin, request, object_id):
    """The minutes of a meeting: where they stand, their text (written here
    until they are published), and the next move."""
    meeting = _meeting(model_admin, request, object_id)
    state = summary(meeting, request.user)
    form = MinutesForm(request.POST or None, meeting=meeting)
    if request.method == "POST":
        if not state["may_write"]:
            raise PermissionDenied
        if form.is_valid():
            try:
                minutes.write(meeting, by=request.user, texts=form.cleaned_data)
            except TransitionError as error:
                messages.error(request, str(error))
            else:
                model_admin.log_change(request, meeting, gettext("Minutes written"))
                messages.success(request, gettext("The minutes are saved."))
            return HttpResponseRedirect(_minutes_url(meeting))
    return TemplateResponse(
        request,
        "admin/committee/meeting/minutes.html",
        _context(model_admin, request, meeting, gettext("Minutes"), form=form, minutes=state),
    )


# Each move: its function, its title, the success message.
MOVES = {
    "send": (
        minutes.send_draft,
        _("Send the draft minutes to the members"),
        _("The draft minutes are sent to the members: they may comment until the end of %(day)s."),
    ),
    "publish": (
        minutes.publish,
        _("Publish the minutes"),
        _("The minutes are published, and the members told."),
    ),
}


def confirm_move(model_admin, request, object_id, *, name: str):
    """A confirmation page, then the move (POST); a refusal is an admin error."""
    meeting = _meeting(model_admin, request, object_id)
    if not may_handle_minutes(request.user):
        raise PermissionDenied
    move, title, done = MOVES[name]
    if request.method == "POST":
        try:
            move(meeting, by=request.user)
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            model_admin.log_change(request, meeting, str(title))
            close = minutes.comments_close(meeting)
            messages.success(request, str(done) % {"day": minutes.day_text(close) if close else ""})
        return HttpResponseRedirect(_minutes_url(meeting))
    state = summary(meeting, request.user)
    refusal = (minutes.draft_refusal if name == "send" else minutes.publish_refusal)(meeting, timezone.now())
    return TemplateResponse(
        request,
        "admin/committee/meeting/minutes_confirm.html",
        _context(
            model_admin,
            request,
            meeting,
            str(title),
            name=name,
            told=minutes.recipients(meeting).count(),
            refusal=refusal,
            minutes=state,
        ),
    )


def tools(model_admin, request, meeting: Meeting) -> list[tuple[str, str]]:
    """The buttons above the meeting's form (MeetingAdmin.tools): the
    minutes' page once the meeting is held, and the move it allows now."""
    state = summary(meeting, request.user)
    if not state["held"]:
        return []
    found = [(_minutes_url(meeting), gettext("Minutes"))]
    if state["may_send"]:
        found.append(
            (reverse("admin:committee_meeting_send_minutes", args=[meeting.pk]), str(MOVES["send"][1]))
        )
    if state["may_publish"]:
        url = reverse("admin:committee_meeting_publish_minutes", args=[meeting.pk])
        found.append((url, str(MOVES["publish"][1])))
    return found


def row_views(model_admin) -> list:
    return [
        model_admin.row_view(minutes_page, "minutes", "committee_meeting_minutes"),
        model_admin.row_view(confirm_move, "send-minutes", "committee_meeting_send_minutes", name="send"),
        model_admin.row_view(
            confirm_move, "publish-minutes", "committee_meeting_publish_minutes", name="publish"
        ),
    ]
