"""Revising the handbook (committee.handbook): requested only during the
last quarter of the plan's last year (the day before 1 October and the day
after 31 December refused, with the window's dates), by a third of the
members; adopted at the next meeting by half of each side of the whole
committee (computed: one side short fails), a new version recorded with the
decision. And the admin: the request refused or recorded, the decision
recorded, other roles' forged POSTs in vain."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from committee import handbook
from committee.models import Decision, HandbookVersion, RevisionRequest
from core.bidi import strip_isolates
from tests.committee.factories import AttendanceFactory, CommitteeFactory, MeetingFactory, MembershipFactory
from tests.committee.members_cast import admin_url, at, other_roles, secretariat_user, words
from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    # The refusals are read in words, in English.
    with translation.override("en"):
        yield


@pytest.fixture
def committee():
    """The committee of a 2026-2028 plan: four members on each side, and a
    deputy (who is not counted)."""
    committee = CommitteeFactory(plan__end_year=2028, plan__title_en="Third action plan")
    lead = InstitutionFactory(member=committee.plan.member)
    for n in range(4):
        MembershipFactory(committee=committee, side="public", institution=lead, name=f"Public {n}")
        MembershipFactory(committee=committee, name=f"Civil {n}")
    first = committee.memberships.filter(side="public").first()
    MembershipFactory(committee=committee, role="deputy", deputy_of=first, side="public", institution=lead)
    HandbookVersion.objects.create(
        member=committee.plan.member, number=1, adopted_on="2026-02-01", text_fr="Article 1…"
    )
    return committee


def members(committee, side=None):
    seats = committee.memberships.exclude(role="deputy").order_by("name")
    return list(seats.filter(side=side) if side else seats)


def problems(committee, signatories, now) -> dict:
    with translation.override("en"):
        return {
            k: strip_isolates(v) for k, v in handbook.request_problems(committee, signatories, now).items()
        }


@pytest.mark.parametrize(
    "now,accepted",
    [
        (at(2028, 9, 30, 23, 59), False),  # the day before 1 October
        (at(2028, 10, 1, 0, 0), True),
        (datetime(2028, 9, 30, 23, 30, tzinfo=ZoneInfo("UTC")), True),  # 00:30 in Casablanca
        (at(2028, 12, 31, 23, 59), True),
        (at(2029, 1, 1, 0, 0), False),  # the day after 31 December
        (at(2027, 11, 15, 10, 0), False),  # not the plan's last year
    ],
)
def test_a_revision_is_requested_only_in_the_last_quarter_of_the_plans_last_year(committee, now, accepted):
    found = problems(committee, members(committee)[:3], now)
    if accepted:
        assert found == {}
    else:
        assert list(found) == ["text"]
        assert "from 1 October 2028 to 31 December 2028" in found["text"]


def test_a_request_needs_a_third_of_the_members_as_signatories(committee):
    now = at(2028, 11, 2, 10)
    found = problems(committee, members(committee)[:2], now)
    assert found == {
        "signatories": "A request needs a third of the committee's members (8): "
        "at least 3 signatories, 2 given."
    }
    assert problems(committee, members(committee)[:3], now) == {}
    deputy = committee.memberships.get(role="deputy")
    assert "signatories" in problems(committee, [*members(committee)[:3], deputy], now)
    assert "signatories" in problems(committee, [*members(committee)[:3], MembershipFactory()], now)


def request_in(committee, now=None) -> RevisionRequest:
    request = RevisionRequest.objects.create(
        committee=committee, text="Réviser l'article 5", created_at=now or at(2028, 10, 20, 10)
    )
    request.signatories.set(members(committee)[:3])
    return request


def meeting_with_vote(committee, public_for, civil_for, *, base="committee", when=None, present=(2, 2)):
    """The next meeting: `present` members of each side there, and the vote."""
    meeting = MeetingFactory(committee=committee, starts_at=when or at(2028, 11, 28, 10))
    for side, n in zip(("public", "civil"), present, strict=True):
        for seat in members(committee, side)[:n]:
            AttendanceFactory(meeting=meeting, member=seat, presence="present")
    counts = {
        "public_for": public_for,
        "public_against": 0,
        "public_abstain": 0,
        "civil_for": civil_for,
        "civil_against": 0,
        "civil_abstain": 0,
    }
    return Decision.objects.create(
        meeting=meeting, number=1, text="Révision", mode="vote", base=base, **counts
    )


def test_adopted_by_half_of_each_side_of_the_whole_committee_a_new_version_is_recorded(committee):
    request = request_in(committee)
    decision = meeting_with_vote(committee, public_for=2, civil_for=2)  # 2 of 4 on each side
    version = handbook.decide(request, decision)
    assert (version.number, version.decision, str(version.adopted_on)) == (2, decision, "2028-11-28")
    assert version.text_fr == "Article 1…" and version.summary == "Réviser l'article 5"
    request.refresh_from_db()
    assert request.decision == decision


def test_one_side_short_of_half_the_whole_committee_fails(committee):
    request = request_in(committee)
    # Civil society: 1 for of 2 present would be short of a majority of
    # those present too; here, 1 of the 2 present voted, against 2 needed
    # of the 4 members: not adopted.
    decision = meeting_with_vote(committee, public_for=2, civil_for=1, present=(2, 1))
    assert handbook.decide(request, decision) is None
    assert HandbookVersion.objects.count() == 1
    request.refresh_from_db()
    assert request.decision == decision  # decided: not adopted


def test_the_base_is_the_whole_committee_not_those_present(committee):
    # One member present on each side, voting for: a majority of those
    # present, but not half of each side's four members.
    decision = meeting_with_vote(committee, public_for=1, civil_for=1, present=(1, 1))
    assert not handbook.adopted(decision)
    decision.base = "present"
    assert handbook.adopted(decision)


def test_the_revision_is_decided_at_the_next_meeting_by_the_whole_committees_majority(committee):
    request = request_in(committee)
    MeetingFactory(committee=committee, starts_at=at(2028, 11, 5, 10))  # the next meeting
    later = meeting_with_vote(committee, 3, 3, when=at(2028, 12, 10, 10))
    with pytest.raises(ValidationError) as refused:
        handbook.decide(request, later)
    assert "next meeting after the request" in str(refused.value)
    request = request_in(committee, now=at(2028, 12, 1, 10))
    present_base = meeting_with_vote(committee, 3, 3, base="present", when=at(2028, 12, 5, 10))
    with pytest.raises(ValidationError) as refused:
        handbook.decide(request, present_base)
    assert "of the whole committee" in str(refused.value)
    assert HandbookVersion.objects.count() == 1


# The admin.


@pytest.fixture
def secretariat():
    return secretariat_user()


def request_post(committee, signatories) -> dict:
    return {
        "committee": committee.pk,
        "text": "Réviser l'article 5",
        "signatories": [s.pk for s in signatories],
    }


def test_the_secretariat_records_a_request_in_the_window_only(client, secretariat, committee):
    url = admin_url("revisionrequest_add")
    with time_machine.travel(at(2028, 9, 30, 12), tick=False):
        client.force_login(secretariat)  # a session of that day
        refused = client.post(url, request_post(committee, members(committee)[:3]))
    assert refused.status_code == 200
    assert "from 1 October 2028 to 31 December 2028" in words(refused)
    with time_machine.travel(at(2028, 10, 1, 9), tick=False):
        client.force_login(secretariat)
        assert client.post(url, request_post(committee, members(committee)[:3])).status_code == 302
    request = RevisionRequest.objects.get()
    assert request.created_at == at(2028, 10, 1, 9)
    assert request.signatories.count() == 3


def test_the_secretariat_records_the_decision_and_the_new_version_follows(client, secretariat, committee):
    request = request_in(committee)
    decision = meeting_with_vote(committee, public_for=2, civil_for=2)
    client.force_login(secretariat)
    url = admin_url("revisionrequest_change", request.pk)
    assert client.get(url).status_code == 200
    response = client.post(url, {"decision": decision.pk}, follow=True)
    assert "Adopted: version 2 of the handbook is recorded" in words(response)
    assert HandbookVersion.objects.get(number=2).decision == decision
    assert client.get(admin_url("handbookversion_changelist")).status_code == 200
    version = HandbookVersion.objects.get(number=2)
    assert client.get(admin_url("handbookversion_change", version.pk)).status_code == 200


@pytest.mark.parametrize("role", ["focal point", "representative", "citizen", "member"])
def test_other_roles_cannot_request_a_revision_nor_record_a_decision(client, committee, role):
    request = request_in(committee)
    decision = meeting_with_vote(committee, public_for=2, civil_for=2)
    user = other_roles()[role]
    if role == "member":
        seat = members(committee)[0]
        seat.person = user
        seat.save()
    with time_machine.travel(at(2028, 10, 2, 9), tick=False):
        client.force_login(user)
        client.post(admin_url("revisionrequest_add"), request_post(committee, members(committee)[:3]))
    client.force_login(user)
    client.post(admin_url("revisionrequest_change", request.pk), {"decision": decision.pk})
    client.post(
        admin_url("handbookversion_add"),
        {"member": committee.plan.member.pk, "number": "7", "adopted_on": "2028-12-01", "text_ar": "نص"},
    )
    assert RevisionRequest.objects.count() == 1
    request.refresh_from_db()
    assert request.decision is None
    assert list(HandbookVersion.objects.values_list("number", flat=True)) == [1]
