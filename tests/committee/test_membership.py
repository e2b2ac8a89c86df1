"""The rules of a seat (committee.membership), each at its boundary: a
public member's institution leads a commitment of the plan, no third
consecutive civil-society term (person or association), a deputy of a
member of the same committee and side, one seat per person, an end with its
reason; parity counted on a day, deputies left out."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from commitments.models import Commitment
from committee import membership
from committee.models import AbsenceFlag, Committee, Membership
from core.bidi import strip_isolates
from tests.committee.factories import CommitteeFactory, MembershipFactory
from tests.factories import (
    AssociationFactory,
    CommitmentFactory,
    InstitutionFactory,
    MemberFactory,
    PlanFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def errors(seat) -> dict:
    """The seat's refusals, by field, in English without the isolates."""
    try:
        with translation.override("en"):
            seat.full_clean()
    except ValidationError as error:
        return {field: [strip_isolates(m) for m in found] for field, found in error.message_dict.items()}
    return {}


# A public member's institution leads a commitment of the plan.


def public_seat(committee, institution, **fields):
    return Membership(
        committee=committee,
        name="Karim",
        side="public",
        institution=institution,
        designated_on=committee.term_start,
        starts_on=committee.term_start,
        **fields,
    )


def test_a_public_member_from_an_institution_leading_nothing_is_refused_with_the_reason():
    committee = CommitteeFactory(plan__title_en="Fifth action plan")
    idle = InstitutionFactory(member=committee.plan.member, name_en="Ministry of Idleness")
    found = errors(public_seat(committee, idle))
    assert list(found) == ["institution"]
    assert "Ministry of Idleness" in found["institution"][0]
    assert "leads no commitment of" in found["institution"][0]
    assert committee.plan.title_en in found["institution"][0]


def test_a_public_member_from_an_institution_leading_a_commitment_of_the_plan_is_accepted():
    committee = CommitteeFactory()
    lead = InstitutionFactory(member=committee.plan.member)
    CommitmentFactory(theme=ThemeFactory(plan=committee.plan), lead_institution=lead)
    assert errors(public_seat(committee, lead)) == {}


@pytest.mark.parametrize(
    "status,accepted",
    [
        (Commitment.Status.PROPOSED, True),
        (Commitment.Status.COMPLETED, True),
        (Commitment.Status.DRAFT, True),  # a plan in co-creation: its cards are drafts
        (Commitment.Status.NOT_RETAINED, False),  # not one of the plan's
    ],
)
def test_only_a_commitment_of_the_plan_counts(status, accepted):
    committee = CommitteeFactory()
    lead = InstitutionFactory(member=committee.plan.member)
    CommitmentFactory(theme=ThemeFactory(plan=committee.plan), lead_institution=lead, status=status)
    other_plan = PlanFactory(member=committee.plan.member)
    other = InstitutionFactory(member=committee.plan.member)
    CommitmentFactory(theme=ThemeFactory(plan=other_plan), lead_institution=other)
    assert (errors(public_seat(committee, lead)) == {}) is accepted
    assert "institution" in errors(public_seat(committee, other))  # another plan's commitment


# No third consecutive term for civil society.


@pytest.fixture
def three_terms():
    """The committees of one OGP member's plans 1, 2 and 3."""
    member = MemberFactory()
    return [
        CommitteeFactory(
            plan=PlanFactory(
                member=member,
                number=n,
                title_en=f"Action plan {n}",
                start_year=2019 + 2 * n,
                end_year=2020 + 2 * n,
            ),
            term_start=date(2019 + 2 * n, 1, 1),
            term_end=date(2020 + 2 * n, 12, 31),
        )
        for n in (1, 2, 3)
    ]


def civil_seat(committee, **fields):
    fields.setdefault("association", AssociationFactory())
    fields.setdefault("person", None)
    fields.setdefault("name", "Nadia Bennani")
    return Membership(
        committee=committee,
        side="civil",
        designated_on=committee.term_start,
        starts_on=committee.term_start,
        **fields,
    )


def test_a_third_consecutive_term_of_a_person_is_refused_naming_the_two_earlier_terms(three_terms):
    first, second, third = three_terms
    person = UserFactory()
    MembershipFactory(committee=first, person=person, name="Nadia")
    MembershipFactory(committee=second, person=person, name="Nadia")
    found = errors(civil_seat(third, person=person, name="Nadia"))
    assert list(found) == ["person"]
    message = found["person"][0]
    assert "third consecutive term" in message
    # Both earlier terms, in plan order.
    assert message.index(f"{first.plan.title_en} (2021-2022)") < message.index(
        f"{second.plan.title_en} (2023-2024)"
    )
    assert third.plan.title_en not in message


def test_a_second_term_is_accepted_and_a_break_makes_the_next_one_a_first(three_terms):
    first, second, third = three_terms
    person = UserFactory()
    MembershipFactory(committee=first, person=person)
    assert errors(civil_seat(second, person=person)) == {}
    assert errors(civil_seat(third, person=person)) == {}  # sat in plan 1 only: not consecutive


def test_terms_follow_plan_order_not_creation_order(three_terms):
    first, second, third = three_terms
    person = UserFactory()
    MembershipFactory(committee=second, person=person)
    MembershipFactory(committee=third, person=person)
    # Plans 2 and 3 are not the two before plan 1.
    assert errors(civil_seat(first, person=person)) == {}


def test_a_plan_without_a_committee_breaks_the_sequence():
    member = MemberFactory()
    plans = [PlanFactory(member=member, number=n) for n in (1, 2, 3, 4)]
    committees = {n: CommitteeFactory(plan=plans[n - 1]) for n in (1, 2, 4)}
    person = UserFactory()
    MembershipFactory(committee=committees[1], person=person)
    MembershipFactory(committee=committees[2], person=person)
    assert errors(civil_seat(committees[4], person=person)) == {}


def test_a_person_without_an_account_is_the_same_published_name(three_terms):
    first, second, third = three_terms
    MembershipFactory(committee=first, person=None, name="Nadia Bennani")
    MembershipFactory(committee=second, person=UserFactory(), name="NADIA  Bennani")
    assert "name" in errors(civil_seat(third, person=None, name="Nadia Bennani"))
    # Two accounts are two people, even under one name.
    first_seat = Membership.objects.get(committee=first)
    first_seat.person = UserFactory()
    first_seat.save()
    assert errors(civil_seat(third, person=UserFactory(), name="Nadia Bennani")) == {}


def test_a_third_consecutive_term_of_an_association_is_refused(three_terms):
    first, second, third = three_terms
    association = AssociationFactory(name_en="Transparency Morocco")
    MembershipFactory(committee=first, association=association)
    MembershipFactory(committee=second, association=association)
    found = errors(civil_seat(third, association=association, person=UserFactory()))
    assert list(found) == ["association"]
    assert "Transparency Morocco" in found["association"][0]


def test_public_seats_of_earlier_terms_do_not_count(three_terms):
    first, second, third = three_terms
    person = UserFactory()
    lead = InstitutionFactory(member=first.plan.member)
    for committee in (first, second):
        public_seat(committee, lead, person=person).save()
    assert errors(civil_seat(third, person=person)) == {}


# Deputies, one seat per person, the end.


def test_a_deputy_stands_in_for_a_member_of_the_same_committee_and_side():
    committee = CommitteeFactory()
    member = MembershipFactory(committee=committee)
    assert errors(civil_seat(committee, role="deputy", deputy_of=member)) == {}
    assert "deputy_of" in errors(civil_seat(committee, role="deputy"))
    assert "deputy_of" in errors(civil_seat(committee, role="member", deputy_of=member))
    other_committee = MembershipFactory()
    assert "deputy_of" in errors(civil_seat(committee, role="deputy", deputy_of=other_committee))
    lead = InstitutionFactory(member=committee.plan.member)
    CommitmentFactory(theme=ThemeFactory(plan=committee.plan), lead_institution=lead)
    assert "deputy_of" in errors(public_seat(committee, lead, role="deputy", deputy_of=member))
    deputy = MembershipFactory(committee=committee, role="deputy", deputy_of=member)
    assert "deputy_of" in errors(civil_seat(committee, role="deputy", deputy_of=deputy))


def test_one_seat_per_person_is_said_in_words():
    seat = MembershipFactory()
    found = errors(civil_seat(seat.committee, person=seat.person))
    assert found["person"] == ["This account already holds a seat on this committee: one seat per person."]
    assert errors(civil_seat(CommitteeFactory(), person=seat.person)) == {}  # another committee


def test_a_membership_ends_on_a_day_with_its_reason():
    committee = CommitteeFactory()
    assert "end_reason" in errors(civil_seat(committee, ends_on=date(2026, 5, 1)))
    assert "ends_on" in errors(civil_seat(committee, end_reason="withdrawal"))
    assert "ends_on" in errors(civil_seat(committee, ends_on=date(2025, 12, 31), end_reason="withdrawal"))
    assert errors(civil_seat(committee, ends_on=date(2026, 1, 1), end_reason="withdrawal")) == {}


def test_absences_end_a_membership_only_by_the_committees_decision():
    seat = MembershipFactory()
    seat.ends_on, seat.end_reason = date(2026, 9, 1), "absences"
    assert "end_reason" in errors(seat)
    AbsenceFlag.objects.create(member=seat, outcome="confirmed", reason="Trois absences.")
    assert errors(seat) == {}
    deputy = MembershipFactory(committee=seat.committee, role="deputy", deputy_of=seat)
    deputy.ends_on, deputy.end_reason = date(2026, 9, 1), "absences"
    assert errors(deputy) == {}  # the member's flag ends its deputy too


def test_a_public_membership_never_ends_by_dissolution_or_absences():
    committee = CommitteeFactory()
    lead = InstitutionFactory(member=committee.plan.member)
    CommitmentFactory(theme=ThemeFactory(plan=committee.plan), lead_institution=lead)
    seat = public_seat(committee, lead, ends_on=date(2026, 3, 1), end_reason="dissolution")
    assert "end_reason" in errors(seat)


# Parity.


def test_parity_counts_the_seats_held_on_the_day_deputies_left_out():
    committee = CommitteeFactory()
    lead = InstitutionFactory(member=committee.plan.member)
    public = [
        MembershipFactory(committee=committee, side="public", institution=lead, association=None)
        for _ in range(2)
    ]
    civil = MembershipFactory(committee=committee)
    MembershipFactory(committee=committee, role="deputy", deputy_of=civil)
    MembershipFactory(
        committee=committee, role="deputy", deputy_of=public[0], side="public", institution=lead
    )
    leaving = MembershipFactory(committee=committee, ends_on=date(2026, 6, 30), end_reason="withdrawal")
    assert membership.parity(committee, date(2026, 6, 30)) == membership.Parity(2, 2)
    assert membership.parity(committee, date(2026, 6, 30)).balanced
    after = membership.parity(committee, date(2026, 7, 1))
    assert (after.public, after.civil, after.balanced) == (2, 1, False)
    assert leaving.is_sitting(date(2026, 6, 30)) and not leaving.is_sitting(date(2026, 7, 1))
    # The list's annotation says the same as parity().
    rows = membership.with_parity(Committee.objects.filter(pk=committee.pk), date(2026, 7, 1))
    assert membership.parity_of(rows.get()) == after
