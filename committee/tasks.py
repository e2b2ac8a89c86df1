"""Periodic work on the steering committee (celery beat,
settings.CELERY_BEAT_SCHEDULE): the secretariat's reminders.

- The draft minutes of a meeting are due (committee.minutes.minutes_due):
  a reminder on the working day before the deadline (or on the deadline's
  day, if the meeting left no day between), and one once they are overdue.
- At least one meeting every six months (the handbook's article 5):
  `next_meeting_due()` says by when the next meeting must take place; a
  month before that day, if no meeting is planned by then, the secretariat
  is warned, and the meetings' list in the admin says so until one is.

Each reminder goes once, even if beat runs twice, even at the same moment:
it is claimed by a `core.models.Reminder` row (kind, key: unique) in the
transaction that writes its emails; a second run finds the row and writes
nothing."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from core.claims import claim
from core.models import Reminder
from core.notifications import notify, register_kind
from core.permissions import secretariat_members
from core.personal_data import forget_in_admin_log

from . import minutes
from .generations import COMMITTEE
from .models import Committee, Guest, Meeting

# At least one meeting every six months; warned this long before the day.
MEETING_EVERY_MONTHS = 6
WARN_BEFORE = timedelta(days=30)
# Overdue minutes are reminded for meetings of the last weeks only: the
# admin's list shows older ones (a deployment's history is not mailed).
OVERDUE_HORIZON = timedelta(days=30)


# "The next meeting is due by": the one definition.


def next_meeting_due(last_held: date | None, term_start: date) -> date:
    """The last day the committee's next meeting may take place: six months
    after the day of its last meeting held (or of its term's start, before
    its first meeting). 15 June → 15 December; 31 August → 28 February."""
    day = last_held or term_start
    years, month = divmod(day.month - 1 + MEETING_EVERY_MONTHS, 12)
    year, month = day.year + years, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class MeetingDue:
    committee: Committee
    last_held: date | None
    due_by: date


def meetings_due(now) -> list[MeetingDue]:
    """The committees whose term runs today, whose next meeting is due
    within WARN_BEFORE (or is late), with no meeting planned by that day
    (a cancelled meeting counts for nothing). In one query."""
    today = timezone.localdate(now)
    kept = Q(meetings__cancelled_at__isnull=True)
    committees = (
        Committee.objects.filter(term_start__lte=today, term_end__gte=today)
        .select_related("plan")
        .annotate(
            last_held=Max("meetings__starts_at", filter=kept & Q(meetings__starts_at__lte=now)),
            next_planned=Min("meetings__starts_at", filter=kept & Q(meetings__starts_at__gt=now)),
        )
        .order_by("plan__member_id", "term_start", "pk")
    )
    found = []
    for committee in committees:
        last = timezone.localtime(committee.last_held).date() if committee.last_held else None
        due_by = next_meeting_due(last, committee.term_start)
        planned = timezone.localtime(committee.next_planned).date() if committee.next_planned else None
        if today >= due_by - WARN_BEFORE and (planned is None or planned > due_by):
            found.append(MeetingDue(committee, last, due_by))
    return found


# The emails: the secretariat's, always sent.


def _load_minutes_reminder(context: dict) -> dict:
    """Checked when sent: minutes sent in the meantime make it moot."""
    meeting = Meeting.objects.select_related("committee__plan").get(pk=context["meeting_id"])
    if meeting.minutes_sent_at or meeting.minutes_published_at or meeting.cancelled_at:
        raise Meeting.DoesNotExist("The draft minutes were sent since, or the meeting cancelled.")
    return {
        "meeting": meeting,
        "committee": meeting.committee,
        "due": minutes.minutes_due(meeting),
        "admin_url": reverse("admin:committee_meeting_minutes", args=[meeting.pk]),
    }


def _load_six_months(context: dict) -> dict:
    committee = Committee.objects.select_related("plan").get(pk=context["committee_id"])
    return {
        "committee": committee,
        "plan": committee.plan,
        "last_held": date.fromisoformat(context["last_held"]) if context.get("last_held") else None,
        "due_by": date.fromisoformat(context["due_by"]),
        "admin_url": reverse("admin:committee_meeting_changelist"),
    }


register_kind(
    "committee_reminder_minutes_due",
    gettext_lazy("The draft minutes of a committee meeting are due (secretariat)"),
    optional=False,
    context=_load_minutes_reminder,
)
register_kind(
    "committee_reminder_minutes_overdue",
    gettext_lazy("The draft minutes of a committee meeting are overdue (secretariat)"),
    optional=False,
    context=_load_minutes_reminder,
)
register_kind(
    "committee_six_months",
    gettext_lazy("The steering committee's next meeting is due (secretariat)"),
    optional=False,
    context=_load_six_months,
)


def _remind(kind: str, key: str, email: str, context: dict) -> int:
    """Claims the reminder, then writes it to every member of the
    secretariat, in one transaction; returns how many were written."""
    with transaction.atomic():
        if not claim(Reminder, kind=kind, key=key):
            return 0
        told = 0
        for user in secretariat_members().exclude(email=""):
            if notify(user=user, kind=email, context=context):
                told += 1
        return told


@shared_task
def send_minutes_reminders() -> int:
    """The draft minutes due by the next working day, and those overdue:
    each meeting reminded once of each. Returns how many emails were written."""
    now = timezone.now()
    written = 0
    due = Meeting.objects.filter(minutes.due_tomorrow(now)).order_by("starts_at", "pk")
    for pk in due.values_list("pk", flat=True):
        written += _remind("minutes_due", str(pk), "committee_reminder_minutes_due", {"meeting_id": pk})
    late = Meeting.objects.filter(minutes.overdue(now), starts_at__gte=now - OVERDUE_HORIZON)
    for pk in late.order_by("starts_at", "pk").values_list("pk", flat=True):
        written += _remind(
            "minutes_overdue", str(pk), "committee_reminder_minutes_overdue", {"meeting_id": pk}
        )
    return written


@shared_task
def warn_meetings_due() -> int:
    """Warns the secretariat once per committee and due day (a meeting held
    since moves the day: a new warning when the next one comes near).
    Returns how many emails were written."""
    written = 0
    for due in meetings_due(timezone.now()):
        context = {
            "committee_id": due.committee.pk,
            "last_held": due.last_held.isoformat() if due.last_held else None,
            "due_by": due.due_by.isoformat(),
        }
        written += _remind(
            "six_months", f"{due.committee.pk}:{due.due_by.isoformat()}", "committee_six_months", context
        )
    return written


# Guests' names (law 09-08): a guest is a person without an account, recorded
# for the meeting's record; the public reads their organisation only. Their
# name is kept COMMITTEE_GUEST_DATA_DAYS after the meeting (the minutes are
# written, commented on and published well within it), then blanked; the row
# and its organisation stay, so the attendance figures do too.


@shared_task
def erase_guest_names() -> int:
    cutoff = timezone.now() - timedelta(days=settings.COMMITTEE_GUEST_DATA_DAYS)
    rows = Guest.objects.exclude(name="").filter(meeting__starts_at__lt=cutoff)
    with transaction.atomic():
        plans = set(rows.values_list("meeting__committee__plan_id", flat=True))
        pks = list(rows.values_list("pk", flat=True))
        erased = Guest.objects.filter(pk__in=pks).update(name="")
        forget_in_admin_log(Guest, pks)  # "Recent actions" named them
        COMMITTEE.bump(plans)  # an update: no signal
    return erased
