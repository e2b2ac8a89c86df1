"""The meeting's attendance, guests and decisions in the admin
(admin_members.MEETING_INLINES, shown by the meeting's admin): every member
sitting on the meeting's day offered, an excused absence justified, the
absences checked once saved; a vote's counts never above the members
present on a side (as recorded, or as posted on the same page), and its
outcome computed with its base, never typed."""

from datetime import date

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.utils import translation

from committee.admin_members import MEETING_INLINES, AttendanceInline, DecisionInline, GuestInline
from committee.models import AbsenceFlag, AgendaItem, Attendance, Decision, Meeting
from core.bidi import strip_isolates
from tests.committee.factories import AttendanceFactory, CommitteeFactory, MeetingFactory, MembershipFactory
from tests.committee.members_cast import at, secretariat_user
from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    # The refusals are read in words, in English.
    with translation.override("en"):
        yield


VOTES = Decision.VOTES


@pytest.fixture
def request_():
    request = RequestFactory().post("/")
    request.user = secretariat_user()
    return request


@pytest.fixture
def meeting():
    """A meeting of 15 June 2026 of a committee of two members on each side."""
    committee = CommitteeFactory()
    lead = InstitutionFactory(member=committee.plan.member)
    for n in (1, 2):
        MembershipFactory(committee=committee, side="public", institution=lead, name=f"Public {n}")
        MembershipFactory(committee=committee, name=f"Civil {n}")
    return MeetingFactory(committee=committee, starts_at=at(2026, 6, 15, 10))


def management(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def attendance_post(meeting, presence: dict) -> dict:
    """The attendance rows as the page posts them: {member: presence}."""
    data = management("attendance", len(presence))
    for i, (member, value) in enumerate(presence.items()):
        data.update({f"attendance-{i}-member": str(member.pk), f"attendance-{i}-presence": value})
        data[f"attendance-{i}-justification"] = "En mission" if value == "excused" else ""
    return data


def vote(i: int, counts: tuple, **fields) -> dict:
    row = {"number": str(i + 1), "text_ar": "قرار", "mode": "vote", "base": "present", **fields}
    row.update({name: str(n) for name, n in zip(VOTES, counts, strict=True)})
    return {f"meeting_decisions-{i}-{name}": value for name, value in row.items()}


def formset(inline_class, request, meeting, data=None):
    inline = inline_class(Meeting, admin.site)
    found = inline.get_formset(request, meeting)
    if data is None:
        return found(instance=meeting)
    return found(data, instance=meeting, prefix=found.get_default_prefix())


def decisions(request, meeting, *rows, extra=None):
    data = {**management("meeting_decisions", len(rows)), **(extra or {})}
    for row in rows:
        data.update(row)
    return formset(DecisionInline, request, meeting, data)


def seats(meeting, side):
    return list(meeting.committee.memberships.filter(side=side).order_by("name"))


def record(meeting, presence):
    for seat, value in presence.items():
        AttendanceFactory(meeting=meeting, member=seat, presence=value)


def test_the_meetings_admin_shows_attendance_guests_and_decisions():
    assert [AttendanceInline, GuestInline, DecisionInline] == MEETING_INLINES


# Attendance.


def test_every_member_sitting_on_the_meetings_day_is_offered(request_, meeting):
    committee = meeting.committee
    public, civil = seats(meeting, "public"), seats(meeting, "civil")
    gone = MembershipFactory(
        committee=committee, name="Gone", ends_on=date(2026, 6, 14), end_reason="withdrawal"
    )
    last_day = MembershipFactory(
        committee=committee, name="Last day", ends_on=date(2026, 6, 15), end_reason="withdrawal"
    )
    deputy = MembershipFactory(committee=committee, name="Deputy", role="deputy", deputy_of=civil[0])
    MembershipFactory(name="Another committee")
    AttendanceFactory(meeting=meeting, member=public[0])  # already recorded
    rows = formset(AttendanceInline, request_, meeting)
    offered = {form.initial.get("member") for form in rows.forms[rows.initial_form_count() :]}
    assert offered == {s.pk for s in (public[1], *civil, last_day, deputy)}
    choices = set(rows.forms[0].fields["member"].queryset)
    assert gone not in choices and {public[0], last_day, deputy} <= choices


def test_an_excused_absence_needs_its_justification(request_, meeting):
    civil = seats(meeting, "civil")[0]
    data = attendance_post(meeting, {civil: "excused"})
    data["attendance-0-justification"] = ""
    rows = formset(AttendanceInline, request_, meeting, data)
    assert not rows.is_valid()
    assert "justification" in rows.forms[0].errors
    data["attendance-0-justification"] = "En mission"
    assert formset(AttendanceInline, request_, meeting, data).is_valid()


def test_saving_the_attendance_checks_the_absences_at_once(request_, meeting):
    civil = seats(meeting, "civil")[0]
    for month in (3, 4):
        earlier = MeetingFactory(committee=meeting.committee, starts_at=at(2026, month, 1, 10))
        AttendanceFactory(meeting=earlier, member=civil, presence="absent")
    rows = formset(AttendanceInline, request_, meeting, attendance_post(meeting, {civil: "absent"}))
    assert rows.is_valid(), rows.errors
    rows.save()
    assert Attendance.objects.filter(meeting=meeting, member=civil, presence="absent").exists()
    assert AbsenceFlag.objects.filter(member=civil, outcome="pending").count() == 1


# Decisions.


def test_a_vote_cannot_count_more_votes_than_members_present_on_a_side(request_, meeting):
    public, civil = seats(meeting, "public"), seats(meeting, "civil")
    record(meeting, {public[0]: "present", public[1]: "absent", civil[0]: "present", civil[1]: "present"})
    refused = decisions(request_, meeting, vote(0, (1, 1, 0, 2, 0, 0)))
    assert not refused.is_valid()
    assert list(refused.forms[0].errors) == ["public_for"]
    assert (
        "2 votes cast on this side, but only 1 of its members were present."
        in refused.forms[0].errors["public_for"][0]
    )
    accepted = decisions(request_, meeting, vote(0, (1, 0, 0, 1, 0, 1)))
    assert accepted.is_valid(), accepted.errors


def test_the_counts_are_judged_on_the_attendance_posted_with_them(request_, meeting):
    public, civil = seats(meeting, "public"), seats(meeting, "civil")
    both = {public[0]: "present", public[1]: "present", civil[0]: "present", civil[1]: "present"}
    # Nothing recorded yet: the page sends the attendance and the vote together.
    assert decisions(
        request_, meeting, vote(0, (2, 0, 0, 2, 0, 0)), extra=attendance_post(meeting, both)
    ).is_valid()
    one_absent = {**both, civil[1]: "absent"}
    refused = decisions(
        request_, meeting, vote(0, (2, 0, 0, 2, 0, 0)), extra=attendance_post(meeting, one_absent)
    )
    assert not refused.is_valid()
    assert list(refused.forms[0].errors) == ["civil_for"]


def test_a_vote_has_its_six_counts_and_a_consensus_none(request_, meeting):
    record(meeting, dict.fromkeys(seats(meeting, "public") + seats(meeting, "civil"), "present"))
    missing = vote(0, (1, 0, 0, 1, 0, 0))
    missing["meeting_decisions-0-civil_abstain"] = ""
    refused = decisions(request_, meeting, missing)
    assert list(refused.forms[0].errors) == ["civil_abstain"]
    consensus = vote(0, (1, 0, 0, 1, 0, 0), mode="consensus")
    refused = decisions(request_, meeting, consensus)
    assert set(refused.forms[0].errors) == set(VOTES)
    plain = {
        "meeting_decisions-0-number": "1",
        "meeting_decisions-0-text_ar": "قرار",
        "meeting_decisions-0-mode": "consensus",
    }
    plain["meeting_decisions-0-base"] = "present"
    assert decisions(request_, meeting, plain).is_valid()


def test_the_agenda_item_is_one_of_the_meetings(request_, meeting):
    item = AgendaItem.objects.create(meeting=meeting, number=1, title="Budget")
    other = AgendaItem.objects.create(
        meeting=MeetingFactory(committee=meeting.committee), number=1, title="Other"
    )
    rows = formset(DecisionInline, request_, meeting)
    assert list(rows.empty_form.fields["agenda_item"].queryset) == [item]
    plain = {
        "meeting_decisions-0-number": "1",
        "meeting_decisions-0-text_ar": "قرار",
        "meeting_decisions-0-mode": "consensus",
        "meeting_decisions-0-base": "present",
        "meeting_decisions-0-agenda_item": str(other.pk),
    }
    assert "agenda_item" in decisions(request_, meeting, plain).forms[0].errors


def outcome_shown(request_, decision) -> str:
    with translation.override("en"):
        return strip_isolates(DecisionInline(Meeting, admin.site).outcome(decision))


def test_the_outcome_is_computed_with_its_base(request_, meeting):
    public, civil = seats(meeting, "public"), seats(meeting, "civil")
    record(meeting, dict.fromkeys(public + civil, "present"))
    one_side = Decision.objects.create(
        meeting=meeting, number=1, text="x", mode="vote", **dict(zip(VOTES, (2, 0, 0, 1, 1, 0), strict=True))
    )
    both = Decision.objects.create(
        meeting=meeting, number=2, text="x", mode="vote", **dict(zip(VOTES, (2, 0, 0, 2, 0, 0), strict=True))
    )
    consensus = Decision.objects.create(meeting=meeting, number=3, text="x")
    shown = outcome_shown(request_, one_side)
    assert shown.startswith("not passed — majority of the members present on each side")
    assert "civil society: 1 for, 2 needed of 2" in shown
    assert outcome_shown(request_, both).startswith("passed — majority of the members present on each side")
    assert outcome_shown(request_, consensus) == "taken by consensus"
    # The outcome is no field of the form: nothing typed can set it.
    assert "outcome" not in formset(DecisionInline, request_, meeting).empty_form.fields
