"""The convocation to a meeting, the members' proposals and the agenda's
changes (spec: committee.md, article 5 of the handbook).

Two rules with a number, each written once here, as a moment in Casablanca
time (a day-counted window ends at 24:00 on its last day):
- **notice**: the convocation (agenda and date) goes out at least 10 days
  before the meeting: by 24:00 on the tenth day before the meeting's day
  (`notice_deadline`). Convening a meeting of the 20th is possible until
  the 10th at 24:00, refused from the 11th at 00:00 (nine days' notice).
- **proposals**: the members may propose another agenda item or another
  date within 3 days of the convocation: until 24:00 on the third day after
  the day it was sent (`proposals_close`). Sent on the 1st, proposals are
  taken until the 4th at 24:00, refused from the 5th.

Every move is recorded (core.transitions): the meeting's (convened,
cancelled: MeetingEvent) through committee.meetings.MACHINE, a proposal's
(accepted, declined, with the secretariat's reason: ProposalEvent) through
PROPOSALS. The emails go through the outbox, written in the move's
transaction and rendered when sent, in each member's language, from what
the meeting and its agenda are then."""

from datetime import date, datetime, time, timedelta

from celery import shared_task
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from core import calendar as ics
from core.bidi import isolate
from core.claims import claim
from core.models import Reminder
from core.notifications import absolute, notify, register_kind
from core.permissions import secretariat_members
from core.transitions import Machine, TransitionError

from .meetings import at as machine_at
from .models import AgendaItem, Meeting, Membership, Proposal, ProposalEvent, sitting

S = Meeting.Status
P = Proposal.State
NOTICE_DAYS = 10
PROPOSAL_DAYS = 3
# The secretariat is reminded of a convocation to send from this many days
# before its last day (that day included).
REMIND_DAYS = 3


# The rules' moments.


def _day(moment: datetime) -> date:
    """The day of `moment` in Casablanca."""
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def end_of(day: date) -> datetime:
    """24:00 Casablanca time on `day`: the next day's first moment."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=timezone.get_default_timezone())


def day_text(day: date) -> str:
    """A day as the active language writes it («5 juin 2026», «5 يونيو 2026»)."""
    return formats.date_format(day, "DATE_FORMAT")


def notice_last_day(meeting: Meeting) -> date:
    """The last day the convocation may go out: ten days before the meeting's day."""
    return _day(meeting.starts_at) - timedelta(days=NOTICE_DAYS)


def notice_deadline(meeting: Meeting) -> datetime:
    """The last moment the convocation may go out (24:00 on notice_last_day)."""
    return end_of(notice_last_day(meeting))


def too_late(meeting: Meeting) -> str:
    """What the secretariat reads when the deadline has passed."""
    return _(
        "Too late: the convocation had to be sent by %(date)s, at least %(days)s days before the meeting. "
        "Move the meeting to a later date first."
    ) % {"date": day_text(notice_last_day(meeting)), "days": NOTICE_DAYS}


def proposals_last_day(meeting: Meeting) -> date | None:
    """The last day of the proposals window, once the meeting is convened."""
    if meeting.convened_at is None:
        return None
    return _day(meeting.convened_at) + timedelta(days=PROPOSAL_DAYS)


def proposals_close(meeting: Meeting) -> datetime | None:
    """When the proposals window closes (24:00 on proposals_last_day)."""
    last = proposals_last_day(meeting)
    return end_of(last) if last else None


def proposals_refusal(meeting: Meeting, now: datetime | None = None) -> str:
    """Why the members may not propose now (in the active language), or ""
    while the window is open: convened, neither held nor cancelled, before
    proposals_close."""
    now = now or timezone.now()
    status = meeting.status_at(now)
    if status == S.CANCELLED:
        return _("This meeting is cancelled.")
    if meeting.convened_at is None:
        return _("The convocation to this meeting has not been sent: proposals open with it.")
    if status != S.CONVENED or now >= proposals_close(meeting):
        return _("The proposals window closed on %(date)s.") % {"date": day_text(proposals_last_day(meeting))}
    return ""


def proposals_open(meeting: Meeting, now: datetime | None = None) -> bool:
    return not proposals_refusal(meeting, now)


def members(meeting: Meeting):
    """Those told of the meeting: every member sitting on its day (deputies
    included) with an account to write to."""
    return (
        Membership.objects.filter(
            sitting(_day(meeting.starts_at)),
            committee_id=meeting.committee_id,
            person__isnull=False,
            person__is_active=True,
        )
        .select_related("person")
        .order_by("pk")
    )


def _tell_members(meeting: Meeting, kind: str, context: dict, *, skip=()) -> int:
    told = 0
    for seat in members(meeting):
        if seat.person_id not in skip:
            notify(user=seat.person, kind=kind, context={**context, "seat_id": seat.pk})
            told += 1
    return told


# Convening, cancelling.


def convene(meeting: Meeting, *, by, now: datetime | None = None) -> int:
    """Sends the convocation (agenda, date, the `.ics`) to every member
    sitting on the meeting's day; returns how many are told. Refused, with
    the reason, fewer than ten days before the meeting (saying by when it
    had to go out), without an agenda, or when the meeting is not planned."""
    now = now or timezone.now()
    told = 0

    def tell(locked, _event):
        nonlocal told
        told = _tell_members(locked, "committee_convocation", {"meeting_id": locked.pk})

    with transaction.atomic():
        locked = Meeting.objects.with_status(now).select_for_update().get(pk=meeting.pk)
        if locked.status == S.PLANNED:
            if now >= notice_deadline(locked):
                raise TransitionError(too_late(locked))
            if not locked.agenda_items.exists():
                raise TransitionError(_("The agenda is empty: add at least one item before sending it."))
        machine_at(now).move(
            meeting, S.CONVENED, by=by, changes={"convened_at": now}, notify=tell, created_at=now
        )
    return told


def cancel(meeting: Meeting, *, by, reason: str, now: datetime | None = None) -> int:
    """Cancels a planned or convened meeting, saying why, and tells every
    member sitting on its day; returns how many are told."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError(_("Say why the meeting is cancelled: the members read it."))
    told = 0

    def tell(locked, event):
        nonlocal told
        told = _tell_members(
            locked, "committee_convocation_cancelled", {"meeting_id": locked.pk, "event_id": event.pk}
        )

    machine_at(now).move(
        meeting,
        S.CANCELLED,
        by=by,
        changes={"cancelled_at": now, "ics_sequence": meeting.ics_sequence + 1},
        reason=reason,
        notify=tell,
        created_at=now,
    )
    return told


# The members' proposals.


def propose(
    meeting: Meeting,
    seat: Membership | None,
    kind: str,
    text: str,
    proposed_date: datetime | None = None,
    *,
    now: datetime | None = None,
) -> Proposal:
    """A member's proposal of an agenda item or of another date, inside the
    window; refused otherwise, the message saying why (when it closed)."""
    now = now or timezone.now()
    with transaction.atomic():
        # Under the meeting's lock: a cancellation or a change of date
        # cannot slip between the check and the row.
        locked = Meeting.objects.with_status(now).select_for_update().get(pk=meeting.pk)
        if (
            seat is None
            or seat.committee_id != locked.committee_id
            or not seat.is_sitting(_day(now))
            or seat.person_id is None
        ):
            raise TransitionError(
                _("Only the members of this committee may make proposals for its meetings.")
            )
        if refusal := proposals_refusal(locked, now):
            raise TransitionError(refusal)
        text = (text or "").strip()
        if not text:
            raise TransitionError(_("Write your proposal."))
        if kind == Proposal.Kind.DATE:
            if proposed_date is None:
                raise TransitionError(_("Give the date you propose."))
            if proposed_date <= now:
                raise TransitionError(_("The date you propose has passed."))
        elif kind == Proposal.Kind.ITEM:
            proposed_date = None
        else:
            raise TransitionError(_("Choose what you propose."))
        return Proposal.objects.create(
            meeting=locked, member=seat, kind=kind, text=text, proposed_date=proposed_date, created_at=now
        )


PROPOSALS = Machine(
    model=Proposal,
    field="state",
    allowed={P.PENDING: {P.ACCEPTED, P.DECLINED}},
    event_model=ProposalEvent,
    event_link="proposal",
    refusals={
        (P.ACCEPTED, P.ACCEPTED): gettext_lazy("This proposal was already accepted."),
        (P.ACCEPTED, P.DECLINED): gettext_lazy("This proposal was already accepted."),
        (P.DECLINED, P.DECLINED): gettext_lazy("This proposal was already declined."),
        (P.DECLINED, P.ACCEPTED): gettext_lazy("This proposal was already declined."),
    },
)


def _tell_proposer(proposal: Proposal, event) -> None:
    person = proposal.member.person
    if person is not None and person.is_active:
        notify(
            user=person,
            kind="committee_proposal_answered",
            context={"proposal_id": proposal.pk, "event_id": event.pk},
        )


def accept(
    proposal: Proposal, *, by, reason: str = "", titles: dict | None = None, now: datetime | None = None
) -> AgendaItem | None:
    """Accepts a proposal and tells its member. An agenda item is added to
    the agenda (the next number; `titles`: {"title_ar": …} as the
    secretariat words it, else the member's text) and, the meeting being
    convened, the other members are told the agenda changed. Another date
    is recorded: the secretariat then moves the meeting in the admin, which
    tells every member. Returns the item added, if any."""
    now = now or timezone.now()
    added = None

    def tell(locked, event):
        nonlocal added
        if locked.kind == Proposal.Kind.ITEM:
            # The meeting's row is locked: one number per item, however many
            # proposals are accepted at once.
            last = meeting.agenda_items.aggregate(last=Max("number"))["last"] or 0
            added = AgendaItem.objects.create(
                meeting=meeting,
                number=last + 1,
                proposal=locked,
                **(titles or {"title_ar": locked.text[: AgendaItem._meta.get_field("title").max_length]}),
            )
        _tell_proposer(locked, event)
        if added is not None:
            agenda_changed(meeting, added=[added], now=now, skip={locked.member.person_id})

    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=proposal.meeting_id)
        PROPOSALS.move(
            proposal, P.ACCEPTED, by=by, reason=(reason or "").strip(), notify=tell, created_at=now
        )
    return added


def decline(proposal: Proposal, *, by, reason: str, now: datetime | None = None) -> None:
    """Declines a proposal, saying why, and tells its member."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError(_("Say why the proposal is declined: its member reads it."))
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=proposal.meeting_id)
        PROPOSALS.move(proposal, P.DECLINED, by=by, reason=reason, notify=_tell_proposer, created_at=now)


# Changes after the convocation.


def agenda_changed(
    meeting: Meeting,
    *,
    added=(),
    changed=(),
    removed=(),
    moved_from: datetime | None = None,
    where: bool = False,
    now: datetime | None = None,
    skip=(),
) -> int:
    """Once the convocation is sent and until the meeting is held, one
    change of the agenda (items `added`, `changed`, `removed`), of its date
    (`moved_from`: the date before) or of its place (`where`) is told to
    every member, once; returns how many. The email lists what changed and
    the agenda as it stands when sent. Before the convocation there is
    nobody to tell: the convocation will carry the agenda."""
    now = now or timezone.now()
    if meeting.status_at(now) != S.CONVENED or not (added or changed or removed or moved_from or where):
        return 0
    if moved_from or where:
        # A new version of the calendar event the members hold.
        Meeting.objects.filter(pk=meeting.pk).update(ics_sequence=F("ics_sequence") + 1)
        meeting.refresh_from_db(fields=["ics_sequence"])
    context = {
        "meeting_id": meeting.pk,
        "added": [item.pk for item in added],
        "changed": [item.pk for item in changed],
        # The rows are gone: their number and title, in each language, are the facts kept.
        "removed": [
            {
                "number": item.number,
                "title": {code: getattr(item, f"title_{code}") or "" for code in ("ar", "fr", "en")},
            }
            for item in removed
        ],
        "moved_from": moved_from.isoformat() if moved_from else None,
        "where": where,
    }
    return _tell_members(meeting, "committee_agenda_changed", context, skip=skip)


# The secretariat's reminder (celery beat, settings.CELERY_BEAT_SCHEDULE).


def convocation_due(now: datetime):
    """The planned meetings (neither convened nor cancelled) whose
    convocation's last day (notice_last_day) is today or one of the next
    REMIND_DAYS - 1 days: their day is NOTICE_DAYS to NOTICE_DAYS +
    REMIND_DAYS - 1 days from today."""
    first = _day(now) + timedelta(days=NOTICE_DAYS)
    return Meeting.objects.filter(
        convened_at__isnull=True,
        cancelled_at__isnull=True,
        starts_at__gte=end_of(first - timedelta(days=1)),
        starts_at__lt=end_of(first + timedelta(days=REMIND_DAYS - 1)),
    )


@shared_task
def remind_convocations() -> int:
    return remind(timezone.now())


def remind(now: datetime) -> int:
    """Reminds the secretariat of each convocation to send before its
    deadline, once per meeting and day (moved, a meeting is reminded
    again); returns how many meetings. Each is claimed by a Reminder row in
    the transaction that writes its emails, so a second run of beat, even
    at the same moment, writes none."""
    sent = 0
    for meeting in convocation_due(now):
        with transaction.atomic():
            key = f"{meeting.pk}:{notice_last_day(meeting).isoformat()}"
            if not claim(Reminder, kind="convocation_due", key=key):
                continue  # claimed by another run
            for user in secretariat_members().exclude(email=""):
                notify(user=user, kind="committee_convocation_due", context={"meeting_id": meeting.pk})
            sent += 1
    return sent


# The meeting in a calendar (core.calendar): the convocation's `.ics` and
# the members' area's download. Texts in the active language.


def area_url(meeting: Meeting) -> str:
    return absolute(reverse("committee:area_meeting", args=[meeting.pk]))


def summary(meeting: Meeting) -> str:
    return _("Steering committee: %(meeting)s") % {"meeting": meeting.title or meeting.get_kind_display()}


def ics_properties(meeting: Meeting) -> list[tuple]:
    cancelled = meeting.cancelled_at is not None
    url = area_url(meeting)
    lines = [f"{item.number}. {item.title}" for item in meeting.agenda_items.all()]
    if lines:
        lines.insert(0, _("Agenda:"))
    more = [
        ("status", "CANCELLED" if cancelled else "CONFIRMED"),
        # A new date, place or the cancellation is a new version of the same event.
        ("sequence", meeting.ics_sequence),
    ]
    if cancelled:
        lines.insert(0, _("This meeting is cancelled."))
    elif meeting.online_link:
        lines.append(f"{_('To join online:')} {meeting.online_link}")
        # RFC 7986: the calendar apps that read it show a "join" button.
        more.append(("conference", meeting.online_link, {"VALUE": "URI", "FEATURE": "VIDEO"}))
    lines.append(url)
    title = summary(meeting)
    return ics.properties(
        uid=ics.uid("committee-meeting", meeting.pk),
        start=meeting.starts_at,
        end=meeting.ends_at,
        summary=(_("Cancelled: %(title)s") % {"title": title}) if cancelled else title,
        location=meeting.place or (_("Online") if meeting.online_link else ""),
        url=url,
        description="\n".join(lines),
        more=more,
    )


def ics_file(meeting: Meeting) -> tuple[str, bytes, str]:
    """(file name, content, type) of the meeting's `.ics`."""
    return (f"committee-meeting-{meeting.pk}.ics", ics.calendar([ics_properties(meeting)]), "text/calendar")


# The emails (core.notifications), each loaded when sent.


def _load_meeting(context: dict) -> dict:
    meeting = (
        Meeting.objects.select_related("committee__plan")
        .prefetch_related("agenda_items")
        .get(pk=context["meeting_id"])
    )
    seat = Membership.objects.get(pk=context["seat_id"])
    return {
        "meeting": meeting,
        "seat": seat,
        "agenda": list(meeting.agenda_items.all()),
        "area_url": area_url(meeting),
        "closes": proposals_last_day(meeting),
    }


def _load_cancelled(context: dict) -> dict:
    loaded = _load_meeting(context)
    loaded["event"] = loaded["meeting"].events.get(pk=context["event_id"])
    return loaded


def _load_changes(context: dict) -> dict:
    loaded = _load_meeting(context)
    language = (get_language() or "ar")[:2]
    items = {item.pk: item for item in loaded["agenda"]}
    loaded["added"] = [items[pk] for pk in context.get("added", ()) if pk in items]
    loaded["changed"] = [items[pk] for pk in context.get("changed", ()) if pk in items]
    removed = []
    for row in context.get("removed", ()):
        title = row["title"].get(language) or next((t for t in row["title"].values() if t), "")
        label = isolate(f"{row['number']}. {title}")
        removed.append({"number": row["number"], "title": title, "label": label})
    loaded["removed"] = removed
    moved_from = context.get("moved_from")
    loaded["moved_from"] = datetime.fromisoformat(moved_from) if moved_from else None
    loaded["where"] = context.get("where", False)
    return loaded


def _load_due(context: dict) -> dict:
    meeting = (
        Meeting.objects.select_related("committee__plan")
        .prefetch_related("agenda_items")
        .get(pk=context["meeting_id"])
    )
    return {
        "meeting": meeting,
        "agenda": list(meeting.agenda_items.all()),
        "last_day": notice_last_day(meeting),
        "admin_url": absolute(reverse("admin:committee_meeting_convene", args=[meeting.pk])),
    }


def _load_answer(context: dict) -> dict:
    proposal = Proposal.objects.select_related("meeting__committee__plan", "member").get(
        pk=context["proposal_id"]
    )
    meeting = proposal.meeting
    item = AgendaItem.objects.filter(proposal=proposal).first()
    return {
        "proposal": proposal,
        "seat": proposal.member,
        "meeting": meeting,
        "event": proposal.events.get(pk=context["event_id"]),
        "item": item,
        "agenda": list(meeting.agenda_items.all()),
        "area_url": area_url(meeting),
    }


def _with_ics(context: dict) -> list[tuple[str, bytes, str]]:
    """The `.ics`, in the recipient's language: with the convocation, and
    with the cancellation (the event marked cancelled) of a meeting that had
    been convened."""
    return [ics_file(context["meeting"])] if context["meeting"].convened_at else []


def _with_ics_if_moved(context: dict) -> list[tuple[str, bytes, str]]:
    """With a change of the agenda, the `.ics` again if the date or the place changed."""
    return _with_ics(context) if context["moved_from"] or context["where"] else []


# Service messages to the committee's members about their meetings: always sent.
register_kind(
    "committee_convocation",
    gettext_lazy("Convocations to the steering committee's meetings"),
    optional=False,
    context=_load_meeting,
    attachments=_with_ics,
)
register_kind(
    "committee_agenda_changed",
    gettext_lazy("Changes to the agenda or date of a steering committee's meeting"),
    optional=False,
    context=_load_changes,
    attachments=_with_ics_if_moved,
)
register_kind(
    "committee_convocation_cancelled",
    gettext_lazy("A steering committee's meeting is cancelled"),
    optional=False,
    context=_load_cancelled,
    attachments=_with_ics,
)
register_kind(
    "committee_proposal_answered",
    gettext_lazy("The secretariat's answer to my proposal for a meeting"),
    optional=False,
    context=_load_answer,
)
register_kind(
    "committee_convocation_due",
    gettext_lazy("A steering committee's convocation to send (secretariat)"),
    optional=False,
    context=_load_due,
)
