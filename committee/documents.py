"""The committee's published documents (core.documents): a meeting's agenda
and its minutes, in Arabic, French and English.

The agenda is out with the convocation, the minutes once published; each
then goes to everyone when the committee's plan is public, and before to
the secretariat and the committee's members (committee.rules). Both are
read from the committee's generation (every row of the committee and its
meetings) and the plans' (the names of the plan, institutions and
associations), so that an edit renders them again and nothing else does."""

from collections import Counter

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.bidi import direction
from core.documents import Document

from .decisions import with_outcomes
from .generations import COMMITTEE
from .models import Decision, Meeting, Membership, Side
from .rules import can_read_agenda, can_read_minutes


def meeting_of(pk: int) -> Meeting | None:
    """The meeting with its committee (what committee.rules reads), or None:
    how a download and the documents' view find it."""
    return Meeting.objects.select_related("committee").filter(pk=pk).first()


def _meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_related("committee__plan", "chair__institution", "chair__association").get(
        pk=meeting.pk
    )


def _common(meeting: Meeting, heading: str) -> dict:
    """What both documents show of the meeting: the committee and plan, the
    meeting's kind, date and time, place and chair, and its agenda."""
    day = date_format(timezone.localtime(meeting.starts_at), "j F Y")
    title = heading % {"date": day}
    items = list(meeting.agenda_items.order_by("number"))
    # Each text in its own direction: a translation missing in the document's
    # language falls back to another (modeltranslation).
    for item in items:
        item.dir = direction(item.description)
    return {
        # The PDF's title, in its metadata: which document of which meeting.
        "document_title": title,
        "meeting": meeting,
        "plan": meeting.committee.plan,
        "items": items,
    }


def agenda_context(meeting: Meeting, date=None) -> dict:
    meeting = _meeting(meeting)
    return _common(meeting, gettext("Agenda of the meeting of %(date)s"))


ROLES = [Membership.Role.CHAIR, Membership.Role.MEMBER, Membership.Role.DEPUTY]


def _attendance(meeting: Meeting) -> list[dict]:
    """The members' attendance, side by side (public administration, then
    civil society), each side's chair first, then its members and deputies
    in name order, with its count present."""
    rows = meeting.attendance.select_related(
        "member__institution", "member__association", "member__deputy_of"
    )
    by_side: dict[str, list] = {side: [] for side in Side.values}
    for row in sorted(rows, key=lambda row: (ROLES.index(row.member.role), row.member.name, row.pk)):
        by_side[row.member.side].append(row)
    return [
        {
            "label": label,
            "rows": by_side[side],
            "present": sum(row.presence == row.Presence.PRESENT for row in by_side[side]),
        }
        for side, label in Side.choices
    ]


def minutes_context(meeting: Meeting, date=None) -> dict:
    meeting = _meeting(meeting)
    decisions = meeting.meeting_decisions.select_related("meeting", "agenda_item").order_by("number")
    # Guests are published by organisation only, never by name.
    guests = Counter(meeting.guests.values_list("organisation", flat=True))
    return {
        **_common(meeting, gettext("Minutes of the meeting of %(date)s")),
        "minutes_dir": direction(meeting.minutes),
        "sides": _attendance(meeting),
        "guests": sorted(guests.items()),
        "decisions": [
            {
                "decision": decision,
                "outcome": outcome,
                "dir": direction(decision.text),
                "sides": _votes(decision, outcome) if outcome else [],
                "base_label": Decision.Base(outcome.base).label if outcome else "",
            }
            for decision, outcome in with_outcomes(decisions)
        ],
    }


def _votes(decision: Decision, outcome) -> list[dict]:
    """A vote's counts per side, with the members the side's base holds and
    the votes for it needed (committee.decisions)."""
    return [
        {
            "label": label,
            "for": getattr(decision, f"{side}_for"),
            "against": getattr(decision, f"{side}_against"),
            "abstain": getattr(decision, f"{side}_abstain"),
            "members": outcome.members[side],
            "needed": outcome.needed[side],
        }
        for side, label in Side.choices
    ]


def generations(meeting: Meeting) -> list[str]:
    return [COMMITTEE.name(meeting.committee.plan_id), "plans"]


def _file_name(stems: dict[str, str], default: str):
    """ordre-du-jour-2021-02-27-fr: the meeting's day (Casablanca), the
    words in the document's language (Arabic: the English ones, as the
    portal's other documents)."""

    def file_name(meeting: Meeting, language: str, date=None) -> str:
        day = timezone.localtime(meeting.starts_at).date().isoformat()
        return f"{stems.get(language, default)}-{day}-{language}"

    return file_name


AGENDA = Document(
    kind="agenda",
    title=_("Agenda"),
    template="committee/pdf/agenda.html",
    context=agenda_context,
    generations=generations,
    file_name=_file_name({"fr": "ordre-du-jour"}, "agenda"),
    subject="committee.Meeting",
    can_view=can_read_agenda,
    subject_of=meeting_of,
)
MINUTES = Document(
    kind="minutes",
    title=_("Minutes"),
    template="committee/pdf/minutes.html",
    context=minutes_context,
    generations=generations,
    file_name=_file_name({"fr": "proces-verbal"}, "minutes"),
    subject="committee.Meeting",
    can_view=can_read_minutes,
    subject_of=meeting_of,
)

DOCUMENTS = [AGENDA, MINUTES]
# The documents' view finds them by the kind in their address.
BY_KIND = {document.kind: document for document in DOCUMENTS}
