"""What the committee holds about a person (core.personal_data): their seats
and what they wrote as a member (proposals, comments on draft minutes), and
the answers they wrote as the secretariat. Members hold public office: their
names as published stay on the seat, the attendance lists and the minutes
when their account is erased; the seat loses its link to the account."""

from core.personal_data import register

from .generations import COMMITTEE
from .models import Membership, MinutesComment


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
