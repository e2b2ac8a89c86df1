"""The demo's steering committees (demo/builders/committee.py): the
2021–2023 committee's balanced sides and three meetings with published
minutes, moved through the meeting's machine when they happened; a member
with two unjustified absences; the handbook's first version; the
religious holidays of 2019–2021; and the current plan's committee, whose
upcoming meeting takes the members' proposals today, with a member's
account to try it."""

from collections import Counter
from datetime import date, timedelta

import pytest
from django.utils import timezone

from commitments.models import Commitment
from committee.decisions import with_outcomes
from committee.models import (
    Attendance,
    Committee,
    Decision,
    HandbookVersion,
    Meeting,
    MeetingEvent,
    Membership,
    Side,
    sitting,
)
from committee.rules import seat
from core.models import User
from demo.builders.committee import MEMBER_EMAIL
from demo.builders.current import CURRENT_PLAN_SLUG
from demo.builders.users import DEMO_PASSWORD
from plans.models import PublicHoliday

from .conftest import load_demo

pytestmark = pytest.mark.django_db

S = Meeting.Status
MEETING_DAYS = [date(2019, 10, 31), date(2020, 7, 15), date(2021, 2, 27)]


def sides(committee: Committee, day: date) -> Counter:
    """Members sitting on `day` per side, deputies not counted (they sit for a member)."""
    seats = committee.memberships.filter(sitting(day)).exclude(role=Membership.Role.DEPUTY)
    return Counter(seats.values_list("side", flat=True))


def test_both_committees_have_balanced_sides_of_institutions_leading_their_plans_commitments(loaded):
    today = timezone.localdate()
    for slug, day, size in (("nap2-2021-2023", MEETING_DAYS[-1], 5), (CURRENT_PLAN_SLUG, today, 3)):
        committee = Committee.objects.get(plan__slug=slug)
        assert sides(committee, day) == {Side.PUBLIC: size, Side.CIVIL: size}, slug
        leads = set(Commitment.objects.filter(plan=committee.plan).values_list("lead_institution", flat=True))
        public = committee.memberships.filter(side=Side.PUBLIC)
        assert public.exists() and all(member.institution_id in leads for member in public), slug
        [chair] = committee.memberships.filter(role=Membership.Role.CHAIR)
        assert chair.institution.name_en == "Administration reform department"
    deputy = Membership.objects.get(committee__plan__slug="nap2-2021-2023", role=Membership.Role.DEPUTY)
    assert deputy.deputy_of.role == Membership.Role.CHAIR and deputy.side == Side.PUBLIC


def test_three_past_meetings_have_published_minutes_moved_when_they_happened(loaded):
    meetings = list(
        Meeting.objects.with_status(timezone.now())
        .filter(committee__plan__slug="nap2-2021-2023")
        .order_by("starts_at")
    )
    assert [timezone.localtime(m.starts_at).date() for m in meetings] == MEETING_DAYS
    for meeting in meetings:
        assert meeting.status == S.PUBLISHED
        assert all(getattr(meeting, f"minutes_{lang}") for lang in ("ar", "fr", "en"))
        assert meeting.agenda_items.count() >= 2 and meeting.meeting_decisions.exists()
        # Convened at least ten days ahead; the minutes sent after the meeting, then published.
        assert meeting.starts_at - meeting.convened_at >= timedelta(days=10)
        assert meeting.starts_at < meeting.minutes_sent_at < meeting.minutes_published_at
        events = list(meeting.events.order_by("created_at").values_list("to_status", "created_at"))
        assert events == [
            (S.CONVENED, meeting.convened_at),
            (S.MINUTES_SENT, meeting.minutes_sent_at),
            (S.PUBLISHED, meeting.minutes_published_at),
        ]
    # Guests at the first and the last meeting, published by organisation.
    assert [meeting.guests.count() for meeting in meetings] == [1, 0, 2]


def test_one_decision_was_voted_and_its_outcome_is_computed_on_both_sides(loaded):
    decisions = Decision.objects.filter(meeting__committee__plan__slug="nap2-2021-2023").select_related(
        "meeting"
    )
    [(vote, outcome)] = [(d, o) for d, o in with_outcomes(decisions) if d.mode == Decision.Mode.VOTE]
    assert timezone.localtime(vote.meeting.starts_at).date() == date(2021, 2, 27)
    assert outcome.passed and outcome.members == {Side.PUBLIC: 5, Side.CIVIL: 4}
    assert all(outcome.side_passed(side) for side in (Side.PUBLIC, Side.CIVIL))


def test_one_civil_society_member_missed_two_meetings_without_a_justification(loaded):
    absences = Counter(
        Attendance.objects.filter(
            meeting__committee__plan__slug="nap2-2021-2023", presence=Attendance.Presence.ABSENT
        ).values_list("member__name", "member__side")
    )
    assert absences == {("Salma Kettani", Side.CIVIL): 2}
    # The others missing were excused, with a justification.
    excused = Attendance.objects.filter(presence=Attendance.Presence.EXCUSED)
    assert excused.exists() and not excused.filter(justification="").exists()


def test_the_handbook_was_adopted_at_the_first_meeting_and_the_holidays_are_entered(loaded):
    [version] = HandbookVersion.objects.filter(member__slug="morocco")
    assert (version.number, version.adopted_on) == (1, MEETING_DAYS[0])
    assert timezone.localtime(version.decision.meeting.starts_at).date() == MEETING_DAYS[0]
    assert version.text_ar and version.text_fr and version.text_en

    holidays = PublicHoliday.objects.filter(member__slug="morocco", year__isnull=False)
    assert Counter(holidays.values_list("year", flat=True)) == {2019: 7, 2020: 7, 2021: 7}
    # 1 Muharram 1442 fell on Youth Day: a row of its own beside the fixed holiday.
    assert holidays.filter(year=2020, month=8, day=21).exists()
    assert PublicHoliday.objects.filter(member__slug="morocco", year=None, month=8, day=21).exists()


def test_the_current_committees_upcoming_meeting_takes_proposals_today(loaded, client):
    now = timezone.now()
    [meeting] = Meeting.objects.with_status(now).filter(committee__plan__slug=CURRENT_PLAN_SLUG)
    assert meeting.status == S.CONVENED and meeting.agenda_items.count() == 2
    convened_on = timezone.localdate(meeting.convened_at)
    # Convened yesterday: the three days' window for proposals is open, and
    # the notice is more than ten days.
    assert convened_on == timezone.localdate() - timedelta(days=1)
    assert meeting.starts_at - meeting.convened_at >= timedelta(days=10)
    assert MeetingEvent.objects.filter(
        meeting=meeting, to_status=S.CONVENED, created_at=meeting.convened_at
    ).exists()

    # The demo member signs in with the demo password and holds a seat today.
    member = User.objects.get(email=MEMBER_EMAIL)
    assert seat(member, meeting.committee_id) is not None and not member.is_staff
    response = client.post("/fr/accounts/login/", {"login": MEMBER_EMAIL, "password": DEMO_PASSWORD})
    assert response.status_code == 302


def test_loading_again_changes_no_committee_row(loaded):
    def state():
        return [
            model.objects.count()
            for model in (Committee, Membership, Meeting, MeetingEvent, Attendance, Decision, HandbookVersion)
        ] + [PublicHoliday.objects.count(), Commitment.objects.count()]

    before = state()
    load_demo()
    assert state() == before
