"""The committee's handbook (spec: committee.md, article 13): a published,
versioned document, each version with its adoption date and the decision
that adopted it.

A revision may be requested by a third of the members, only during the last
quarter of the plan's last year — 1 October 00:00 to 31 December 24:00,
Casablanca time (`revision_window`) — and is adopted at the next meeting by
half of the public-administration members and half of the civil-society
members of the whole committee: a Decision whose base is "committee",
whose outcome committee.decisions computes. Adopted, a new version is
recorded with that decision.

Members are the seats held on the day, deputies left out (they sit for
their member), as parity counts them (committee.membership.counted)."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.bidi import isolate

from .decisions import with_outcomes
from .membership import counted
from .models import Committee, Decision, HandbookVersion, Meeting, Membership, RevisionRequest


def revision_window(plan) -> tuple[datetime, datetime]:
    """From 1 October of the plan's last year, 00:00, until 1 January after, 00:00 (excluded)."""
    zone = timezone.get_default_timezone()
    return datetime(plan.end_year, 10, 1, tzinfo=zone), datetime(plan.end_year + 1, 1, 1, tzinfo=zone)


def window_refusal(committee: Committee, now) -> str | None:
    """Why a request made at `now` is refused for its date, or None."""
    opens, closes = revision_window(committee.plan)
    if opens <= now < closes:
        return None
    return _(
        "A revision of the handbook may be requested only during the last quarter of the plan's last year, "
        "from %(opens)s to %(closes)s."
    ) % {
        "opens": isolate(date_format(opens.date(), "j F Y")),
        "closes": isolate(date_format(date(committee.plan.end_year, 12, 31), "j F Y")),
    }


def members(committee_id: int, day):
    """The members of the committee on `day`: who may sign, and whose third is needed."""
    return Membership.objects.filter(counted(day), committee_id=committee_id)


def needed(sitting: int) -> int:
    """A third of the members, rounded up (one at least)."""
    return max(1, -(-sitting // 3))


def request_problems(committee: Committee, signatories, now) -> dict[str, str]:
    """Every rule a request made at `now` with these signatories breaks, by field."""
    errors = {}
    refusal = window_refusal(committee, now)
    if refusal:
        errors["text"] = refusal
    day = timezone.localtime(now).date()
    seats = set(members(committee.pk, day).values_list("pk", flat=True))
    chosen = {s.pk for s in signatories}
    if chosen - seats:
        errors["signatories"] = _(
            "Every signatory must be a member of this committee on the day of the request."
        )
    elif len(chosen) < needed(len(seats)):
        errors["signatories"] = ngettext(
            "A request needs a third of the committee's members (%(members)s): "
            "at least %(needed)s signatory, %(given)s given.",
            "A request needs a third of the committee's members (%(members)s): "
            "at least %(needed)s signatories, %(given)s given.",
            needed(len(seats)),
        ) % {"members": len(seats), "needed": needed(len(seats)), "given": len(chosen)}
    return errors


def next_meeting(request: RevisionRequest) -> Meeting | None:
    """The committee's first meeting after the request (cancelled ones aside)."""
    return (
        Meeting.objects.filter(
            committee_id=request.committee_id, starts_at__gt=request.created_at, cancelled_at__isnull=True
        )
        .order_by("starts_at", "pk")
        .first()
    )


def decision_problems(request: RevisionRequest, decision: Decision) -> dict[str, str]:
    errors = {}
    meeting = next_meeting(request)
    if decision.meeting.committee_id != request.committee_id:
        errors["decision"] = _("The decision must be taken by this committee.")
    elif meeting is None or decision.meeting_id != meeting.pk:
        errors["decision"] = _(
            "A revision is decided at the next meeting after the request: %(meeting)s."
        ) % {"meeting": str(meeting or _("none is scheduled yet"))}
    elif decision.base != Decision.Base.COMMITTEE:
        errors["decision"] = _(
            "A revision is adopted by half of the public-administration members and half of the "
            "civil-society members of the whole committee: record the decision with that majority."
        )
    return errors


def adopted(decision: Decision) -> bool:
    """By consensus, or a vote passed on the base it names (computed)."""
    ((_decision, outcome),) = with_outcomes([decision])
    return outcome is None or outcome.passed


def decide(request: RevisionRequest, decision: Decision) -> HandbookVersion | None:
    """Records the decision on the request; adopted, a new version of the
    handbook is recorded with it (the previous version's text, to be revised;
    the request's text as what changed). Returns the new version, if any."""
    with transaction.atomic():
        request = (
            RevisionRequest.objects.select_for_update().select_related("committee__plan").get(pk=request.pk)
        )
        if request.decision_id is not None:
            raise ValidationError(_("The decision on this request is already recorded."))
        decision = Decision.objects.select_related("meeting").get(pk=decision.pk)
        errors = decision_problems(request, decision)
        if errors:
            raise ValidationError(errors)
        request.decision = decision
        request.save(update_fields=["decision"])
        if not adopted(decision):
            return None
        member_id = request.committee.plan.member_id
        versions = HandbookVersion.objects.select_for_update().filter(member_id=member_id)
        latest = versions.order_by("-number").first()
        number = latest.number + 1 if latest else 1
        version = HandbookVersion(
            member_id=member_id,
            number=number,
            adopted_on=timezone.localtime(decision.meeting.starts_at).date(),
            decision=decision,
            summary=request.text,
        )
        if latest is not None:
            for field in HandbookVersion._meta.fields:
                if field.name.startswith("text_"):
                    setattr(version, field.name, getattr(latest, field.name))
        version.save()
        return version
