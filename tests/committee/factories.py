"""Factories of the committee's rows. A committee serves a public plan
(2026–2028) from 2026-01-01 to 2027-12-31; seats sit from its start."""

from datetime import UTC, date, datetime

import factory

from committee.models import Attendance, Committee, Meeting, Membership
from plans.models import Plan
from tests.factories import AssociationFactory, InstitutionFactory, PlanFactory, UserFactory


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    plan = factory.SubFactory(PlanFactory, status=Plan.Status.ADOPTED)
    term_start = date(2026, 1, 1)
    term_end = date(2027, 12, 31)


class MembershipFactory(factory.django.DjangoModelFactory):
    """A civil-society seat, unless `side="public"` (then for an institution of the plan's member)."""

    class Meta:
        model = Membership

    committee = factory.SubFactory(CommitteeFactory)
    person = factory.SubFactory(UserFactory)
    name = factory.LazyAttribute(lambda seat: seat.person.display_name if seat.person else "Membre")
    side = "civil"
    association = factory.LazyAttribute(lambda seat: AssociationFactory() if seat.side == "civil" else None)
    institution = factory.LazyAttribute(
        lambda seat: InstitutionFactory(member=seat.committee.plan.member) if seat.side == "public" else None
    )
    designated_on = factory.LazyAttribute(lambda seat: seat.committee.term_start)
    starts_on = factory.LazyAttribute(lambda seat: seat.committee.term_start)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    committee = factory.SubFactory(CommitteeFactory)
    starts_at = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)
    place = "Rabat"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    member = factory.SubFactory(MembershipFactory)
    presence = Attendance.Presence.PRESENT
