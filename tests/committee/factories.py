"""Factories of the committee's rows. A committee serves a public plan
(2026–2028) from 2026-01-01 to 2027-12-31; seats sit from its start."""

from datetime import UTC, date, datetime

import factory

from committee.models import AgendaItem, Attendance, Committee, Meeting, Membership, Proposal
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


# The convocation's (tests/committee/test_convocation*.py, test_area*.py).
class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    title_ar = factory.Sequence(lambda n: f"نقطة {n}")
    title_fr = factory.Sequence(lambda n: f"Point {n}")


class ProposalFactory(factory.django.DjangoModelFactory):
    """A member's proposal of an agenda item, awaiting the secretariat."""

    class Meta:
        model = Proposal

    meeting = factory.SubFactory(MeetingFactory)
    member = factory.SubFactory(MembershipFactory, committee=factory.SelfAttribute("..meeting.committee"))
    kind = Proposal.Kind.ITEM
    text = "Le suivi des engagements en retard"


# The public pages' and the open data's scene (c-public).


def committee_with_meetings(plan=None, *, extra: int = 0) -> dict:
    """A public plan's committee (2021–2023) with both sides (a chair, a
    deputy, a seat ended), and meetings in every state: three with their
    minutes published (two implementation reviews in 2021, one in 2022),
    attendance, guests, decisions (a consensus, a vote failing on one side,
    one passing on both) and documents (one internal); one held with its
    draft minutes sent; one cancelled with its reason; one convened and one
    planned to come, a pending proposal. `extra` adds as many published
    meetings each with its attendance, a guest and a decision (the query
    counts' larger committee), and as many seats on each side."""
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from committee.models import (
        AgendaItem,
        Decision,
        Guest,
        HandbookVersion,
        MeetingDocument,
        MeetingEvent,
        Proposal,
    )

    casablanca = ZoneInfo("Africa/Casablanca")
    plan = plan or PlanFactory(status=Plan.Status.ADOPTED, start_year=2021, end_year=2023)
    committee = CommitteeFactory(plan=plan, term_start=date(2021, 1, 1), term_end=date(2023, 12, 31))

    def seat(name, side, **fields):
        return MembershipFactory(committee=committee, name=name, side=side, person=None, **fields)

    chair = seat("Amina Chair", "public", role="chair")
    public = seat("Brahim Public", "public")
    seat("Chafik Deputy", "public", role="deputy", deputy_of=public)
    civil = seat("Dounia Civile", "civil")
    absent = seat("Elias Absent", "civil")
    ended = seat("Farid Parti", "civil", ends_on=date(2021, 5, 31), end_reason="withdrawal")

    def meeting(day, kind="review", published=True, **fields):
        start = datetime(*day, 10, 0, tzinfo=casablanca)
        found = MeetingFactory(
            committee=committee,
            kind=kind,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            chair=chair,
            convened_at=start - timedelta(days=12),
            **fields,
        )
        if published:
            found.minutes_sent_at = start + timedelta(days=1)
            found.minutes_published_at = start + timedelta(days=3)
            found.minutes_fr = f"Procès-verbal publié du {start:%d/%m/%Y}."
            found.save()
        AgendaItem.objects.create(meeting=found, number=1, title_fr=f"Ouverture {day}")
        return found

    first = meeting((2021, 2, 27), title_fr="Première liste")
    second = meeting((2021, 9, 20))
    third = meeting((2022, 3, 10), kind="regular")
    for index, held in enumerate((first, second, third)):
        for member in (chair, public, civil, absent, ended):
            if member.is_sitting(timezone.localtime(held.starts_at).date()):
                presence = "absent" if member == absent and index else "present"
                AttendanceFactory(meeting=held, member=member, presence=presence)
        Guest.objects.create(meeting=held, name="Gaston Invité", organisation="Unité de soutien OGP")
    Guest.objects.create(meeting=first, name="Hind Invitée", organisation="Unité de soutien OGP")
    item = first.agenda_items.get()
    adopted = Decision.objects.create(meeting=first, number=1, agenda_item=item, text_fr="Adopter la méthode")
    vote = {"mode": "vote", "public_against": 0, "public_abstain": 0, "civil_abstain": 0}
    Decision.objects.create(
        meeting=second, number=1, text_fr="Vote rejeté", public_for=2, civil_for=0, civil_against=1, **vote
    )
    Decision.objects.create(
        meeting=third, number=1, text_fr="Vote adopté", public_for=2, civil_for=1, civil_against=0, **vote
    )
    pdf = b"%PDF-1.4\n%%EOF\n"
    for title, internal in (("Rapport public", False), ("Note interne", True)):
        MeetingDocument.objects.create(
            meeting=first, title_ar=title, title_fr=title, language="fr",
            file=ContentFile(pdf, "document.pdf"), internal=internal,
        )  # fmt: skip

    draft = meeting((2022, 9, 1), published=False, title_fr="Brouillon")
    draft.minutes_sent_at = draft.starts_at + timedelta(days=1)
    draft.minutes_fr = "PROCÈS-VERBAL EN BROUILLON"
    draft.save()
    AttendanceFactory(meeting=draft, member=absent, presence="absent")
    Guest.objects.create(meeting=draft, name="Ilyas Brouillon", organisation="Organisation du brouillon")
    Decision.objects.create(meeting=draft, number=1, text_fr="DÉCISION EN BROUILLON")
    MeetingDocument.objects.create(
        meeting=draft, title_fr="Document du brouillon", language="fr",
        file=ContentFile(pdf, "draft.pdf"),
    )  # fmt: skip

    cancelled = meeting((2022, 11, 5), kind="extraordinary", published=False, title_fr="Séance annulée")
    cancelled.cancelled_at = cancelled.starts_at - timedelta(days=3)
    cancelled.save()
    MeetingEvent.objects.create(
        meeting=cancelled, from_status="convened", to_status="cancelled", reason="Quorum impossible"
    )

    now = timezone.now()
    upcoming = MeetingFactory(
        committee=committee, kind="review", title_fr="Revue à venir", starts_at=now + timedelta(days=30),
        convened_at=now - timedelta(days=1), chair=chair,
    )  # fmt: skip
    AgendaItem.objects.create(meeting=upcoming, number=1, title_fr="Point convoqué")
    Proposal.objects.create(meeting=upcoming, member=civil, kind="item", text="PROPOSITION EN ATTENTE")
    planned = MeetingFactory(
        committee=committee, title_fr="Séance prévue", starts_at=now + timedelta(days=90)
    )
    AgendaItem.objects.create(meeting=planned, number=1, title_fr="Point pas encore convoqué")

    for n in range(extra):
        seat(f"Membre public {n}", "public")
        seat(f"Membre civil {n}", "civil")
        more = meeting((2023, 1 + n % 12, 1 + n // 12), kind="regular", title_fr=f"Séance {n}")
        for member in (chair, public, civil, absent):
            AttendanceFactory(meeting=more, member=member)
        Guest.objects.create(meeting=more, name=f"Invité {n}", organisation=f"Organisation {n}")
        Decision.objects.create(
            meeting=more,
            number=1,
            text_fr=f"Décision {n}",
            public_for=2,
            civil_for=2,
            civil_against=0,
            **vote,
        )

    handbook = HandbookVersion.objects.create(
        member=plan.member, number=1, adopted_on=date(2021, 2, 27), decision=adopted,
        summary_fr="Première version", text_fr="Article premier : le comité est paritaire.",
        file=ContentFile(pdf, "handbook.pdf"),
    )  # fmt: skip
    return {
        "plan": plan,
        "committee": committee,
        "chair": chair,
        "public": public,
        "civil": civil,
        "absent": absent,
        "ended": ended,
        "first": first,
        "second": second,
        "third": third,
        "draft": draft,
        "cancelled": cancelled,
        "upcoming": upcoming,
        "planned": planned,
        "handbook": handbook,
    }
