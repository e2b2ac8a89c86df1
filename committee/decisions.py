"""How a decision was taken, computed, never typed (spec: committee.md,
articles 5 and 13). A decision by consensus is taken. A vote passes only
with a majority of each side: of the members present on each side (more
than half of them voted for), or — for a revision of the handbook — of the
whole committee (at least half of each side's members voted for). Each
side's base is counted from the rows: the attendance of the meeting, or the
seats held on its day (deputies sit for their member, so they are not
counted in the whole committee)."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from .models import Attendance, Decision, Meeting, Membership, Side

SIDES = (Side.PUBLIC, Side.CIVIL)


@dataclass(frozen=True)
class Outcome:
    passed: bool
    base: str  # Decision.Base: the members present, or the whole committee
    # Per side: how many members the base holds, how many votes for it took,
    # and how many voted for.
    members: dict[str, int]
    needed: dict[str, int]
    votes_for: dict[str, int]

    def side_passed(self, side: str) -> bool:
        return self.votes_for[side] >= self.needed[side]


def needed(base: str, members: int) -> int:
    """Votes for a side must reach: more than half of those present; at least
    half of the whole committee's. A side with nobody in the base cannot
    pass (one vote needed)."""
    if base == Decision.Base.COMMITTEE:
        return max(1, -(-members // 2))
    return members // 2 + 1


def outcome(decision: Decision, members: dict[str, int]) -> Outcome | None:
    """The vote's outcome on `members` (per side, the base the decision asks
    for: bases() gives both); None for a decision by consensus."""
    if decision.mode != Decision.Mode.VOTE:
        return None
    votes = {Side.PUBLIC: decision.public_for or 0, Side.CIVIL: decision.civil_for or 0}
    need = {side: needed(decision.base, members.get(side, 0)) for side in SIDES}
    return Outcome(
        passed=all(votes[side] >= need[side] for side in SIDES),
        base=decision.base,
        members={side: members.get(side, 0) for side in SIDES},
        needed=need,
        votes_for=votes,
    )


def bases(meetings: Iterable[Meeting]) -> dict[int, dict[str, dict[str, int]]]:
    """For each meeting: {"present": {side: n}, "committee": {side: n}}, in
    two queries whatever the number of meetings."""
    meetings = list(meetings)
    result = {
        m.pk: {
            Decision.Base.PRESENT: dict.fromkeys(SIDES, 0),
            Decision.Base.COMMITTEE: dict.fromkeys(SIDES, 0),
        }
        for m in meetings
    }
    if not meetings:
        return result
    present = (
        Attendance.objects.filter(meeting__in=[m.pk for m in meetings], presence=Attendance.Presence.PRESENT)
        .values_list("meeting_id", "member__side")
        .annotate(n=Count("pk"))
    )
    for meeting_id, side, n in present:
        result[meeting_id][Decision.Base.PRESENT][side] = n
    # The seats held on each meeting's day, in one query over the committees.
    days = defaultdict(list)
    for m in meetings:
        days[m.committee_id].append((m.pk, timezone.localtime(m.starts_at).date()))
    seats = Membership.objects.filter(committee__in=list(days)).exclude(role=Membership.Role.DEPUTY)
    for seat in seats.only("committee_id", "side", "starts_on", "ends_on"):
        for meeting_id, day in days[seat.committee_id]:
            if seat.is_sitting(day):
                result[meeting_id][Decision.Base.COMMITTEE][seat.side] += 1
    return result


def with_outcomes(decisions: Iterable[Decision]) -> list[tuple[Decision, Outcome | None]]:
    """Each decision with its outcome (the meetings' bases in two queries;
    the decisions' meetings must be loaded: select_related("meeting"))."""
    decisions = list(decisions)
    found = bases({d.meeting_id: d.meeting for d in decisions}.values())
    return [(d, outcome(d, found[d.meeting_id][d.base])) for d in decisions]
