"""The minutes of a meeting (spec: committee.md, article 5): the secretariat
writes them and sends the draft to the members within 3 working days after
the meeting; the members have one working day to comment; the secretariat
answers each comment, then publishes the minutes.

- `minutes_due(meeting)`: the last day the draft may go out (until 24:00,
  Casablanca time), 3 working days after the meeting's day; `overdue(now)`
  the meetings held whose draft was not sent by then, as a query, and
  `is_overdue(meeting, now)` its twin for a row already loaded.
- `send_draft()` and `publish()` are moves of the meeting's machine
  (committee.meetings.MACHINE), checked here first; `comment()` and
  `answer()` write the members' comments and the secretariat's answers.
- The members (committee.rules.minutes_members: the seats held on the
  meeting's day) are told of the draft and of the publication, a member of
  the answer to their comment, each in their language, through the outbox.

Working days are counted by committee.workdays, the one function that does."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.lookups import Exact
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.bidi import isolate
from core.notifications import notify, register_kind
from core.transitions import TransitionError

from .meetings import at as machine_at
from .models import Meeting, MinutesComment, status_of
from .rules import may_handle_minutes, minutes_members
from .workdays import add_working_days

S = Meeting.Status
DUE_WITHIN = 3  # working days after the meeting's day
COMMENT_DAYS = 1  # working days after the day the draft was sent
MINUTES_FIELDS = [f"minutes_{code}" for code, _name in settings.LANGUAGES]


def meeting_day(meeting: Meeting) -> date:
    return timezone.localtime(meeting.starts_at).date()


def start_of(day: date) -> datetime:
    """00:00 of the day, Casablanca time: a day-counted window that ends on
    the day before ends here."""
    return timezone.make_aware(datetime.combine(day, time.min))


def day_text(day: date) -> str:
    """A day in a message, in the active language, isolated for Arabic."""
    return isolate(formats.date_format(day, "DATE_FORMAT"))


def _member_id(meeting: Meeting) -> int:
    return meeting.committee.plan.member_id


def minutes_due(meeting: Meeting) -> date:
    """The last day the draft minutes may be sent to the members: the third
    working day after the meeting's, until 24:00."""
    return add_working_days(_member_id(meeting), meeting_day(meeting), DUE_WITHIN)


def comments_close(meeting: Meeting) -> date | None:
    """The last day members may comment on the draft (until 24:00): the
    working day after the day it was sent. None before it is sent."""
    if meeting.minutes_sent_at is None:
        return None
    sent = timezone.localtime(meeting.minutes_sent_at).date()
    return add_working_days(_member_id(meeting), sent, COMMENT_DAYS)


def comments_open(meeting: Meeting, now) -> bool:
    close = comments_close(meeting)
    return meeting.status_at(now) == S.MINUTES_SENT and close is not None and timezone.localdate(now) <= close


# The meetings held whose draft minutes are still to send, and among them
# those whose deadline is passed, as queries (the admin's list and banner,
# the reminders of committee.tasks). The deadline counts working days in
# each OGP member's calendar; "the nth working day after the meeting's day
# is before X" reads "the meeting's day is before the nth working day
# before X" (committee.workdays), a date per member.


def awaiting_draft(now) -> Q:
    """Held, the draft not sent: Meeting.Status.HELD, from its one definition."""
    return Q(Exact(status_of(now), S.HELD))


def _reached(now, n: int, before: date) -> Q:
    """Meetings awaiting their draft whose nth working day after their day is before `before`."""
    waiting = Meeting.objects.filter(awaiting_draft(now))
    members = waiting.values_list("committee__plan__member_id", flat=True).distinct().order_by()
    found = Q(pk__in=[])
    for member_id in members:
        day = add_working_days(member_id, before, -n)
        found |= Q(committee__plan__member_id=member_id, starts_at__lt=start_of(day))
    return awaiting_draft(now) & found


def overdue(now) -> Q:
    """Meetings held whose draft minutes were not sent by minutes_due()."""
    return _reached(now, DUE_WITHIN, timezone.localdate(now))


def due_tomorrow(now) -> Q:
    """Meetings whose draft is due by the next working day's end or today's
    (the day before the deadline, or the deadline itself), not overdue:
    the reminder's."""
    today = timezone.localdate(now)
    return _reached(now, DUE_WITHIN - 1, today + timedelta(days=1)) & ~overdue(now)


def is_overdue(meeting: Meeting, now) -> bool:
    """overdue(), for one meeting already loaded (its committee and plan too)."""
    return meeting.status_at(now) == S.HELD and timezone.localdate(now) > minutes_due(meeting)


# The emails: the members' (the draft, the answer to their comment, the
# publication), work of their office, always sent.


def _load_meeting(context: dict) -> dict:
    meeting = Meeting.objects.select_related("committee__plan").get(pk=context["meeting_id"])
    return {
        "meeting": meeting,
        "committee": meeting.committee,
        "area_url": area_url(meeting),
        "public_url": public_url(meeting),
        "comments_close": comments_close(meeting),
    }


def _load_draft(context: dict) -> dict:
    loaded = _load_meeting(context)
    if loaded["meeting"].minutes_sent_at is None or loaded["meeting"].cancelled_at:
        raise Meeting.DoesNotExist("The draft minutes of this meeting are not sent.")
    return loaded


def _load_published(context: dict) -> dict:
    loaded = _load_meeting(context)
    if loaded["meeting"].minutes_published_at is None or loaded["meeting"].cancelled_at:
        raise Meeting.DoesNotExist("The minutes of this meeting are not published.")
    return loaded


def _load_answer(context: dict) -> dict:
    comment = MinutesComment.objects.select_related("meeting__committee__plan").get(pk=context["comment_id"])
    if not comment.answer:
        raise MinutesComment.DoesNotExist("The comment has no answer.")
    return {**_load_meeting({"meeting_id": comment.meeting_id}), "comment": comment}


register_kind(
    "committee_minutes_draft",
    gettext_lazy("Draft minutes of a committee meeting, for my comments (members)"),
    optional=False,
    context=_load_draft,
)
register_kind(
    "committee_minutes_answer",
    gettext_lazy("The secretariat's answer to my comment on draft minutes (members)"),
    optional=False,
    context=_load_answer,
)
register_kind(
    "committee_minutes_published",
    gettext_lazy("Minutes of a committee meeting published (members)"),
    optional=False,
    context=_load_published,
)


def area_url(meeting: Meeting) -> str:
    return reverse("committee:area_minutes", args=[meeting.pk])


def public_url(meeting: Meeting) -> str | None:
    """The meeting's public page (committee.views), where it exists."""
    try:
        return reverse("committee:meeting", kwargs={"slug": meeting.committee.plan.slug, "pk": meeting.pk})
    except NoReverseMatch:
        return None


def recipients(meeting: Meeting):
    """The meeting's members the emails reach: their seats with an active account."""
    return minutes_members(meeting).filter(person__is_active=True).exclude(person__email="")


def _tell_members(kind: str):
    def tell(meeting: Meeting, event) -> None:
        for seat in recipients(meeting).select_related("person"):
            notify(user=seat.person, kind=kind, context={"meeting_id": meeting.pk})

    return tell


# The moves.


def _locked(meeting: Meeting, now) -> Meeting:
    return (
        Meeting.objects.with_status(now)
        .select_related("committee__plan")
        .select_for_update()
        .get(pk=meeting.pk)
    )


def _refuse_unless_secretariat(by) -> None:
    if not may_handle_minutes(by):
        raise TransitionError(_("Only the secretariat handles the minutes."))


# What stands in the way of a move the meeting's status allows: said by
# the move's refusal, and by its confirmation page before it is tried.
# (A move its status does not allow is the machine's to refuse.)


def draft_refusal(meeting: Meeting, now) -> str | None:
    """Why the draft of a meeting held cannot be sent yet, if anything does
    (for a meeting in another status, the machine says why)."""
    if meeting.status_at(now) != S.HELD:
        return None
    if not any((getattr(meeting, name) or "").strip() for name in MINUTES_FIELDS):
        return _("Write the minutes before sending them to the members.")
    return None


def publish_refusal(meeting: Meeting, now) -> str | None:
    """Why sent minutes cannot be published yet: the members' day for
    comments has not ended, or a comment awaits its answer."""
    if meeting.status_at(now) != S.MINUTES_SENT:
        return None
    close = comments_close(meeting)
    if timezone.localdate(now) <= close:
        return _("Members may comment until the end of %(day)s (24:00): publish the minutes after that.") % {
            "day": day_text(close)
        }
    waiting = meeting.minutes_comments.filter(answered_at__isnull=True).count()
    if waiting:
        return ngettext(
            "%(count)d comment is not answered yet: answer it before publishing the minutes.",
            "%(count)d comments are not answered yet: answer each before publishing the minutes.",
            waiting,
        ) % {"count": waiting}
    return None


@transaction.atomic
def write(meeting: Meeting, *, by, texts: dict, now=None) -> None:
    """The secretariat writes the minutes (`texts`: {"minutes_ar": …}),
    from the meeting on and until they are published: the draft the members
    read changes with them (their comments are about the draft)."""
    now = now or timezone.now()
    _refuse_unless_secretariat(by)
    locked = _locked(meeting, now)
    if locked.status == S.PUBLISHED:
        raise TransitionError(_("The minutes of this meeting are published: they can no longer be changed."))
    if locked.status not in (S.HELD, S.MINUTES_SENT):
        raise TransitionError(_("The minutes are written once the meeting has been held."))
    for name in MINUTES_FIELDS:
        setattr(locked, name, texts.get(name, "").strip())
        setattr(meeting, name, getattr(locked, name))
    locked.save(update_fields=MINUTES_FIELDS)


def _move(meeting: Meeting, to: str, *, by, now, refusal, field: str, kind: str):
    """A move of the minutes: refused with what stands in its way, else
    made through the meeting's machine, which sets its date and tells the
    members in the same transaction."""
    now = now or timezone.now()
    _refuse_unless_secretariat(by)
    locked = _locked(meeting, now)
    if why := refusal(locked, now):
        raise TransitionError(why)
    return machine_at(now).move(meeting, to, by=by, changes={field: now}, notify=_tell_members(kind))


@transaction.atomic
def send_draft(meeting: Meeting, *, by, now=None):
    """Sends the draft minutes to the members (held → minutes sent), which
    opens the day for their comments. Refused before the meeting, without
    minutes written, or a second time; returns the move's event."""
    return _move(
        meeting,
        S.MINUTES_SENT,
        by=by,
        now=now,
        refusal=draft_refusal,
        field="minutes_sent_at",
        kind="committee_minutes_draft",
    )


@transaction.atomic
def publish(meeting: Meeting, *, by, now=None):
    """Publishes the minutes (minutes sent → published) and tells the
    members: only once the members' day for comments has ended and every
    comment is answered. Returns the move's event."""
    return _move(
        meeting,
        S.PUBLISHED,
        by=by,
        now=now,
        refusal=publish_refusal,
        field="minutes_published_at",
        kind="committee_minutes_published",
    )


def comment(meeting: Meeting, seat, text: str, *, now=None) -> MinutesComment:
    """A member's comment on the draft minutes, from the day they were sent
    to the end of the next working day. Refused to anyone but the meeting's
    members, and outside that window (the message says when it closed)."""
    now = now or timezone.now()
    text = text.strip()
    with transaction.atomic():
        # Under the meeting's lock: publishing waits for the comment, or the
        # comment sees the minutes published.
        locked = _locked(meeting, now)
        if seat is None or not minutes_members(locked, timezone.localdate(now)).filter(pk=seat.pk).exists():
            raise TransitionError(
                _("Only the members of the committee at this meeting comment on its minutes.")
            )
        if locked.status == S.PUBLISHED:
            raise TransitionError(_("The minutes of this meeting are published: comments are closed."))
        if locked.status != S.MINUTES_SENT:
            raise TransitionError(
                _("The draft minutes of this meeting have not been sent to the members yet.")
            )
        close = comments_close(locked)
        if timezone.localdate(now) > close:
            raise TransitionError(
                _("The time for comments closed at the end of %(day)s (24:00).") % {"day": day_text(close)}
            )
        if not text:
            raise TransitionError(_("Write your comment."))
        return MinutesComment.objects.create(meeting=locked, member=seat, text=text, created_at=now)


def answer(comment: MinutesComment, text: str, *, by, now=None) -> bool:
    """The secretariat's answer to a comment; its member is told (again if
    the answer changes). Refused once the minutes are published. Returns
    whether anything changed."""
    now = now or timezone.now()
    text = text.strip()
    _refuse_unless_secretariat(by)
    if not text:
        raise TransitionError(_("Write the answer."))
    with transaction.atomic():
        locked = _locked(comment.meeting, now)
        if locked.status == S.PUBLISHED:
            raise TransitionError(_("The minutes of this meeting are published: their comments are closed."))
        row = (
            MinutesComment.objects.select_for_update(of=("self",))
            .select_related("member__person")
            .get(pk=comment.pk)
        )
        if row.answer == text and row.answered_at:
            return False
        row.answer, row.answered_at, row.answered_by = text, now, by
        row.save(update_fields=["answer", "answered_at", "answered_by"])
        person = row.member.person
        if person is not None and person.is_active and person.email:
            notify(user=person, kind="committee_minutes_answer", context={"comment_id": row.pk})
    comment.answer, comment.answered_at, comment.answered_by = row.answer, row.answered_at, row.answered_by
    return True
