"""What the committee holds about a person (core.personal_data): their seats
and what they wrote as a member (proposals, comments on draft minutes), and
the answers they wrote as the secretariat. Members hold public office: their
names as published stay on the seat, the attendance lists and the minutes
when their account is erased; the seat loses its link to the account."""

from django.db.models import Q

from core.personal_data import register

from .generations import COMMITTEE
from .models import Candidacy, Membership, MinutesComment, PairDecision, SeatCandidate, SeatVote, Selector


def export(user) -> list[dict]:
    seats = Membership.objects.filter(person=user).select_related("committee__plan")
    return [
        {
            "committee": str(seat.committee.plan.title),
            "name": seat.name,
            "side": seat.side,
            "role": seat.role,
            "from": seat.starts_on.isoformat(),
            "until": seat.ends_on.isoformat() if seat.ends_on else None,
            "proposals": [
                {"text": p.text, "sent": p.created_at.isoformat(), "state": p.state}
                for p in seat.proposals.all()
            ],
            "comments_on_minutes": [
                {"text": c.text, "sent": c.created_at.isoformat()} for c in seat.minutes_comments.all()
            ],
        }
        for seat in seats
    ]


def erase(user) -> None:
    seats = Membership.objects.filter(person=user)
    plans = set(seats.values_list("committee__plan_id", flat=True))
    seats.update(person=None)
    MinutesComment.objects.filter(answered_by=user).update(answered_by=None)
    COMMITTEE.bump(plans)  # an update: no signal


register("committee_seats", export=export, erase=erase, models=[Membership, MinutesComment])


# The selection of civil-society members: the candidacies a person applied
# for (as their association's representative) or is proposed in, the votes
# they cast for their association, their candidacy for the selection
# committee's seat and their seat on it. A candidacy, a vote and a score are
# the association's or the selection committee's record, and the names are
# published with the results: they stay; the links to the account go.


def export_selection(user) -> dict:
    candidacies = Candidacy.objects.filter(Q(applicant=user) | Q(person=user)).select_related(
        "association", "round__committee__plan"
    )
    return {
        "candidacies": [
            {
                "selection": str(c.round.committee.plan.title),
                "association": c.association.name,
                "person_proposed": c.name,
                "submitted_by_me": c.applicant_id == user.pk,
                "submitted": c.submitted_at.isoformat() if c.submitted_at else None,
                "file": c.completeness,
                "result": c.outcome,
            }
            for c in candidacies
        ],
        "votes_cast": [
            {"association": v.association.name, "for": v.candidate.name, "cast": v.cast_at.isoformat()}
            for v in SeatVote.objects.filter(cast_by=user).select_related("association", "candidate")
        ],
        "seat_candidacies": [c.name for c in SeatCandidate.objects.filter(person=user)],
        "selection_committee_seats": [
            {"name": s.name, "organisation": s.organisation, "seat": s.kind}
            for s in Selector.objects.filter(person=user)
        ],
    }


def erase_selection(user) -> None:
    Candidacy.objects.filter(applicant=user).update(applicant=None)
    Candidacy.objects.filter(person=user).update(person=None)
    SeatVote.objects.filter(cast_by=user).update(cast_by=None)
    SeatCandidate.objects.filter(person=user).update(person=None)
    Selector.objects.filter(person=user).update(person=None)
    PairDecision.objects.filter(decided_by=user).update(decided_by=None)


register(
    "selection",
    export=export_selection,
    erase=erase_selection,
    models=[Candidacy, SeatVote, SeatCandidate, Selector, PairDecision],
)
