"""Absences (spec: committee.md, article 12): a civil-society membership ends
when the association is absent from three meetings within two calendar
years without justification — the portal detects it and flags the member;
the committee decides, and the decision is recorded on the flag.

The rule, written once:
- an *unjustified absence* is an attendance row "absent" of a civil-society
  seat at a meeting held (not cancelled), where no seat of the same
  association was present or excused (a deputy standing in for their member
  represents the association); a meeting counts once per association;
- *within two calendar years*: the calendar year of the latest such
  absence and the year before, 1 January 00:00 to 31 December 24:00,
  Casablanca time (`within_two_calendar_years`);
- three or more flag the association's seat on the committee of the latest
  absence (the member's, when the absent seat was a deputy's): an
  AbsenceFlag awaiting the committee's decision, holding the absences, and
  the secretariat is told once, by email and in the admin. One flag per
  seat awaits a decision at a time (a constraint): a run that finds one
  adds the new absences to it, so the periodic task and the check made
  when attendance is saved may both run, twice or at once, and the
  secretariat hears once. Absences a decided flag held flag nobody again;
  a new absence in the window does.
- The committee confirms (the seat, and its deputies', end on the decision's
  day, for absences) or dismisses (the seat is kept), by a decision of one of
  its meetings, with a reason."""

from datetime import datetime

from celery import shared_task
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.notifications import notify, register_kind
from core.permissions import secretariat_members

from .models import AbsenceFlag, Attendance, Decision, Membership, Side

ABSENCES_FLAGGED = 3
Presence = Attendance.Presence


def year_start(year: int) -> datetime:
    return datetime(year, 1, 1, tzinfo=timezone.get_default_timezone())


def within_two_calendar_years(day, path: str = "meeting__") -> Q:
    """Meetings held in `day`'s calendar year or the one before (Casablanca)."""
    return Q(
        **{
            f"{path}starts_at__gte": year_start(day.year - 1),
            f"{path}starts_at__lt": year_start(day.year + 1),
        }
    )


def unjustified(now=None) -> QuerySet:
    """Every unjustified absence of a civil-society seat at a meeting held by `now`."""
    represented = Attendance.objects.filter(
        meeting=OuterRef("meeting"),
        member__association=OuterRef("member__association"),
        presence__in=[Presence.PRESENT, Presence.EXCUSED],
    )
    return Attendance.objects.filter(
        presence=Presence.ABSENT,
        member__side=Side.CIVIL,
        meeting__starts_at__lte=now or timezone.now(),
        meeting__cancelled_at__isnull=True,
    ).exclude(Exists(represented))


def counted(association_id: int, now=None) -> list[Attendance]:
    """The association's unjustified absences that count now: those within
    two calendar years of the latest one, latest first."""
    absences = unjustified(now).filter(member__association_id=association_id)
    latest = absences.order_by("-meeting__starts_at").values_list("meeting__starts_at", flat=True).first()
    if latest is None:
        return []
    day = timezone.localtime(latest).date()
    return list(
        absences.filter(within_two_calendar_years(day))
        .select_related("meeting", "member__deputy_of")
        .order_by("-meeting__starts_at", "pk")
    )


def flagged_seat(absence: Attendance) -> Membership:
    """The seat a flag is about: the absent member's, or the member a deputy stood in for."""
    seat = absence.member
    return seat.deputy_of if seat.role == Membership.Role.DEPUTY and seat.deputy_of_id else seat


def check(association_ids=None, now=None) -> list[AbsenceFlag]:
    """Flags every civil-society seat whose association reached three
    unjustified absences within two calendar years (`association_ids`: only
    those). Returns the flags written now (those the secretariat is told of)."""
    now = now or timezone.now()
    candidates = unjustified(now)
    if association_ids is not None:
        candidates = candidates.filter(member__association_id__in=list(association_ids))
    written = []
    for association_id in sorted(set(candidates.values_list("member__association_id", flat=True))):
        absences = counted(association_id, now)
        if len({a.meeting_id for a in absences}) < ABSENCES_FLAGGED:
            continue
        seat = flagged_seat(absences[0])
        if seat.ends_on is not None and seat.ends_on < timezone.localtime(now).date():
            continue  # the seat has already ended
        flag = _flag(seat, absences, now)
        if flag is not None:
            written.append(flag)
    return written


def _flag(seat: Membership, absences: list[Attendance], now) -> AbsenceFlag | None:
    ids = [a.pk for a in absences]
    with transaction.atomic():
        # Absences the committee already decided on flag nobody again: a new
        # flag needs a new latest absence.
        decided = AbsenceFlag.objects.filter(member=seat, absences=absences[0])
        if decided.exclude(outcome=AbsenceFlag.Outcome.PENDING).exists():
            return None
        pending = AbsenceFlag.objects.select_for_update().filter(
            member=seat, outcome=AbsenceFlag.Outcome.PENDING
        )
        found = pending.first()
        if found is None:
            try:
                # The claim: a parallel run waits on the unique index, then fails here.
                with transaction.atomic():
                    found = AbsenceFlag.objects.create(member=seat, flagged_at=now)
            except IntegrityError:
                found = pending.first()
                if found is not None:
                    found.absences.add(*ids)
                return None
            found.absences.add(*ids)
            for user in secretariat_members().exclude(email=""):
                notify(user=user, kind="committee_absence_flag", context={"flag_id": found.pk})
            return found
        found.absences.add(*ids)  # already awaiting the decision: told once
        return None


def check_meeting(meeting, now=None) -> list[AbsenceFlag]:
    """After the meeting's attendance is saved: the associations absent from it."""
    associations = Attendance.objects.filter(
        meeting=meeting, presence=Presence.ABSENT, member__side=Side.CIVIL
    ).values_list("member__association_id", flat=True)
    ids = set(associations)
    return check(ids, now) if ids else []


def pending() -> QuerySet:
    """The flags awaiting the committee's decision (the admin's banner)."""
    return AbsenceFlag.objects.filter(outcome=AbsenceFlag.Outcome.PENDING)


# The committee's decision.


def decision_problems(flag: AbsenceFlag, outcome: str, decision: Decision | None, reason: str) -> dict:
    errors = {}
    if outcome not in (AbsenceFlag.Outcome.CONFIRMED, AbsenceFlag.Outcome.DISMISSED):
        errors["outcome"] = _("Record whether the committee ended the membership or kept it.")
    if decision is None:
        errors["decision"] = _("Name the committee's decision (recorded with its meeting).")
    elif decision.meeting.committee_id != flag.member.committee_id:
        errors["decision"] = _("The decision must be taken by this member's committee.")
    elif decision.meeting.cancelled_at is not None:
        errors["decision"] = _("The decision must be taken at a meeting held, not cancelled.")
    if not (reason or "").strip():
        errors["reason"] = _("Give the committee's reason.")
    return errors


def decide(flag: AbsenceFlag, *, outcome: str, decision: Decision | None, reason: str) -> AbsenceFlag:
    """Records the committee's decision on a pending flag; confirmed, the seat
    (and its deputies' seats) end on the decision's day, for absences."""
    with transaction.atomic():
        flag = AbsenceFlag.objects.select_for_update().select_related("member").get(pk=flag.pk)
        if flag.outcome != AbsenceFlag.Outcome.PENDING:
            raise ValidationError(_("The committee's decision on this flag is already recorded."))
        errors = decision_problems(flag, outcome, decision, reason)
        if errors:
            raise ValidationError(errors)
        flag.outcome, flag.decision, flag.reason = outcome, decision, reason.strip()
        flag.save(update_fields=["outcome", "decision", "reason"])
        if outcome == AbsenceFlag.Outcome.CONFIRMED:
            day = timezone.localtime(decision.meeting.starts_at).date()
            seats = Membership.objects.filter(Q(pk=flag.member_id) | Q(deputy_of_id=flag.member_id))
            for seat in seats.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day)):
                seat.ends_on, seat.end_reason = max(day, seat.starts_on), Membership.EndReason.ABSENCES
                seat.save(update_fields=["ends_on", "end_reason"])
    return flag


# The secretariat's email.


def _load(context: dict) -> dict:
    flag = AbsenceFlag.objects.select_related("member__association", "member__committee__plan").get(
        pk=context["flag_id"]
    )
    absences = flag.absences.select_related("meeting").order_by("meeting__starts_at")
    return {"flag": flag, "member": flag.member, "absences": list(absences)}


register_kind(
    "committee_absence_flag",
    gettext_lazy("A committee member's unjustified absences await the committee's decision (secretariat)"),
    optional=False,
    context=_load,
)


@shared_task
def flag_absences() -> int:
    """Beat, daily: every seat reaching three unjustified absences is flagged
    once (the pending flag is the claim). Returns how many were flagged."""
    return len(check())
