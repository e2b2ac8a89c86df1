"""Three unjustified absences within two calendar years flag a civil-society
member (committee.absences): 2 vs 3 inside the window, 3 across a longer
span, the window's first moment, excused absences and public members, once
however often the check runs, and the committee's decision recorded."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from committee import absences
from committee.models import AbsenceFlag, Decision, Membership
from core.models import Notification
from tests.committee.factories import AttendanceFactory, CommitteeFactory, MeetingFactory, MembershipFactory
from tests.committee.members_cast import CASABLANCA, at, secretariat_user
from tests.core.test_transitions import in_parallel

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=CASABLANCA)


@pytest.fixture
def committee():
    return CommitteeFactory()


@pytest.fixture
def seat(committee):
    return MembershipFactory(committee=committee, name="Nadia")


def absent(seat, when, presence="absent", **fields):
    meeting = MeetingFactory(committee=seat.committee, starts_at=when)
    return AttendanceFactory(meeting=meeting, member=seat, presence=presence, **fields)


def flags(seat):
    return list(AbsenceFlag.objects.filter(member=seat))


def test_two_unjustified_absences_inside_two_calendar_years_flag_nobody_three_do(seat):
    secretariat_user()
    absent(seat, at(2025, 3, 10, 10))
    absent(seat, at(2026, 2, 10, 10))
    assert absences.check(now=NOW) == []
    assert flags(seat) == []
    third = absent(seat, at(2026, 11, 20, 10))
    (flag,) = absences.check(now=NOW)
    assert flag.member == seat and flag.outcome == AbsenceFlag.Outcome.PENDING
    assert third in flag.absences.all() and flag.absences.count() == 3
    assert Notification.objects.filter(kind="committee_absence_flag").count() == 1


def test_the_window_opens_on_1_january_of_the_year_before_the_latest_absence(seat):
    absent(seat, at(2025, 6, 1, 10))
    absent(seat, at(2026, 3, 1, 10))
    first = absent(seat, at(2024, 12, 31, 23, 59))  # the last minute of 2024: outside
    assert absences.check(now=NOW) == []  # three absences across a longer span
    first.meeting.starts_at = at(2025, 1, 1, 0, 0)  # the first minute of 2025: inside
    first.meeting.save()
    assert len(absences.check(now=NOW)) == 1


def test_the_window_follows_the_latest_absence_not_today(seat):
    for when in (at(2024, 2, 1, 10), at(2024, 6, 1, 10), at(2025, 11, 1, 10)):
        absent(seat, when)
    # Years later, the three still lie within 2024-2025.
    assert len(absences.check(now=NOW + timedelta(days=400))) == 1


def test_excused_absences_and_meetings_not_held_do_not_count(seat):
    absent(seat, at(2026, 1, 10, 10))
    absent(seat, at(2026, 2, 10, 10))
    absent(seat, at(2026, 3, 10, 10), presence="excused", justification="Mission à l'étranger")
    absent(seat, at(2026, 4, 10, 10), presence="present")
    assert absences.check(now=NOW) == []
    cancelled = absent(seat, at(2026, 5, 10, 10))
    cancelled.meeting.cancelled_at = at(2026, 5, 1, 10)
    cancelled.meeting.save()
    absent(seat, at(2026, 12, 15, 10))  # later than now: not held yet
    assert absences.check(now=NOW) == []


def test_a_public_member_is_never_flagged(committee):
    from tests.factories import InstitutionFactory

    public = MembershipFactory(committee=committee, side="public", institution=InstitutionFactory())
    for month in (1, 2, 3, 4):
        absent(public, at(2026, month, 10, 10))
    assert absences.check(now=NOW) == []


def test_a_deputy_present_represents_the_association(committee, seat):
    deputy = MembershipFactory(
        committee=committee, role="deputy", deputy_of=seat, association=seat.association
    )
    rows = [absent(seat, at(2026, month, 10, 10)) for month in (1, 2, 3)]
    AttendanceFactory(meeting=rows[0].meeting, member=deputy, presence="present")
    assert absences.check(now=NOW) == []
    # The deputy absent too: one meeting, counted once.
    rows[0].meeting.attendance.filter(member=deputy).update(presence="absent")
    (flag,) = absences.check(now=NOW)
    assert flag.member == seat  # the member's seat, not the deputy's


def test_the_check_run_twice_flags_once_and_tells_the_secretariat_once(seat):
    secretariat_user()
    for month in (1, 2, 3):
        absent(seat, at(2026, month, 10, 10))
    assert len(absences.check(now=NOW)) == 1
    assert absences.check(now=NOW) == []
    fourth = absent(seat, at(2026, 4, 10, 10))
    assert absences.check(now=NOW) == []  # the pending flag takes the new absence, silently
    (flag,) = flags(seat)
    assert fourth in flag.absences.all()
    assert Notification.objects.filter(kind="committee_absence_flag").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_checks_at_once_flag_once():
    seat = MembershipFactory()
    for month in (1, 2, 3):
        absent(seat, at(2026, month, 10, 10))
    secretariat_user()
    found = in_parallel(lambda: len(absences.check(now=NOW)), count=2)
    assert sorted(found) == [0, 1]
    assert AbsenceFlag.objects.count() == 1
    assert Notification.objects.filter(kind="committee_absence_flag").count() == 1


def decision_of(committee, when=None) -> Decision:
    meeting = MeetingFactory(committee=committee, starts_at=when or at(2026, 11, 25, 10))
    return Decision.objects.create(meeting=meeting, number=1, text="Fin du mandat")


def flagged(seat) -> AbsenceFlag:
    for month in (1, 2, 3):
        absent(seat, at(2026, month, 10, 10))
    (flag,) = absences.check(now=NOW)
    return flag


def test_the_committee_confirms_and_the_membership_ends_for_absences(committee, seat):
    deputy = MembershipFactory(
        committee=committee, role="deputy", deputy_of=seat, association=seat.association
    )
    flag = flagged(seat)
    decision = decision_of(committee)
    absences.decide(flag, outcome="confirmed", decision=decision, reason="Aucune justification reçue.")
    flag.refresh_from_db()
    assert (flag.outcome, flag.decision, flag.reason) == (
        "confirmed",
        decision,
        "Aucune justification reçue.",
    )
    for row in (seat, deputy):
        row.refresh_from_db()
        assert (str(row.ends_on), row.end_reason) == ("2026-11-25", Membership.EndReason.ABSENCES)
        row.full_clean()  # the end is valid: the committee confirmed
    with pytest.raises(ValidationError):
        absences.decide(flag, outcome="dismissed", decision=decision, reason="Again")


def test_dismissed_the_membership_stays_and_the_same_absences_flag_nobody_again(committee, seat):
    flag = flagged(seat)
    absences.decide(flag, outcome="dismissed", decision=decision_of(committee), reason="Justifié après coup.")
    seat.refresh_from_db()
    assert seat.ends_on is None
    assert absences.check(now=NOW) == []
    absent(seat, at(2026, 6, 10, 10))  # a new absence: three or more again in the window
    assert len(absences.check(now=NOW)) == 1


def test_the_decision_needs_a_decision_of_the_committee_and_a_reason(committee, seat):
    flag = flagged(seat)
    with pytest.raises(ValidationError) as refused:
        absences.decide(flag, outcome="confirmed", decision=decision_of(CommitteeFactory()), reason=" ")
    assert set(refused.value.message_dict) == {"decision", "reason"}
    with pytest.raises(ValidationError) as refused:
        absences.decide(flag, outcome="pending", decision=None, reason="x")
    assert set(refused.value.message_dict) == {"outcome", "decision"}
    flag.refresh_from_db()
    assert flag.outcome == "pending"


def test_the_periodic_task_flags_and_is_in_the_beat_schedule(settings, seat):
    for month in (1, 2, 3):
        absent(seat, at(2026, month, 10, 10))
    entries = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "committee.absences.flag_absences" in entries
    assert absences.flag_absences() == 1
    assert absences.flag_absences() == 0


def test_the_email_names_the_member_and_the_absences(mailoutbox, django_capture_on_commit_callbacks, seat):
    secretariat_user()
    with django_capture_on_commit_callbacks(execute=True):
        flagged(seat)
    (message,) = mailoutbox
    assert "Nadia" in message.subject
    body = message.body
    for day in ("10 January 2026", "10 February 2026", "10 March 2026"):
        assert day in body
    assert f"/admin/committee/absenceflag/{AbsenceFlag.objects.get().pk}/change/" in body
