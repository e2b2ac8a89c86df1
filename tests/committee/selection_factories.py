"""Factories of the selection of civil-society members (committee.selection).

`round_in(stage)` builds a round whose dates put it, today, at the stage
asked: the vote open, the call open, or the call closed (scoring)."""

from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from committee.models import (
    GRID,
    Candidacy,
    CandidacyFile,
    SeatCandidate,
    SelectionRound,
    Selector,
)
from tests.committee.factories import CommitteeFactory
from tests.factories import AssociationFactory, UserFactory

# The smallest PDF the content check accepts.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def dates(stage: str, today=None) -> dict:
    """The round's four dates that make `stage` ("preparing", "vote", "call",
    "scoring") today's."""
    today = today or timezone.localdate()
    day = timedelta(days=1)
    offsets = {
        # vote opens, vote closes, call opens, call closes (days from today)
        "preparing": (5, 15, 20, 40),
        "vote": (-2, 5, 10, 30),
        "call": (-30, -20, -10, 10),
        "scoring": (-60, -50, -40, -5),
    }[stage]
    keys = ("vote_opens_on", "vote_closes_on", "call_opens_on", "call_closes_on")
    return {key: today + offset * day for key, offset in zip(keys, offsets, strict=True)}


class SelectionRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelectionRound

    committee = factory.SubFactory(CommitteeFactory)
    seats = 2
    method_ar = "تنقيط الملفات الكاملة وفق الشبكة"
    method_fr = "Notation des dossiers complets selon la grille."
    vote_opens_on = factory.LazyFunction(lambda: dates("call")["vote_opens_on"])
    vote_closes_on = factory.LazyFunction(lambda: dates("call")["vote_closes_on"])
    call_opens_on = factory.LazyFunction(lambda: dates("call")["call_opens_on"])
    call_closes_on = factory.LazyFunction(lambda: dates("call")["call_closes_on"])


def round_in(stage: str, **fields) -> SelectionRound:
    return SelectionRoundFactory(**{**dates(stage), **fields})


def representative(association=None, **fields):
    """A verified citizen who represents `association` (a new one by default)."""
    association = association or AssociationFactory()
    user = UserFactory(**fields)
    association.representatives.add(user)
    return user, association


class CandidacyFactory(factory.django.DjangoModelFactory):
    """A draft with every answer written (no documents: see with_files)."""

    class Meta:
        model = Candidacy

    round = factory.SubFactory(SelectionRoundFactory)
    association = factory.SubFactory(AssociationFactory)
    name = factory.Sequence(lambda n: f"Candidat {n}")
    experience = "Suivi budgétaire local depuis 2015."
    mobilising = "Réseau de 40 associations dans la région."
    technology = "Plateforme de données ouvertes."
    implementing = "Suivre les engagements 3 et 7."
    evaluating = "Rapport alternatif à mi-parcours."
    drafting = "Ateliers régionaux pour le prochain plan."


def with_files(candidacy, kinds=CandidacyFile.REQUIRED) -> Candidacy:
    for kind in kinds:
        CandidacyFile.objects.create(
            candidacy=candidacy, kind=kind, file=ContentFile(PDF, name=f"{kind}.pdf")
        )
    return candidacy


def submitted(round, *, complete: bool | None = True, **fields) -> Candidacy:
    """A submitted candidacy (written straight to the database: the rules are
    tested elsewhere), checked complete, incomplete or unchecked (None)."""
    candidacy = with_files(CandidacyFactory(round=round, **fields))
    candidacy.submitted_at = timezone.now()
    if complete is not None:
        candidacy.completeness = (
            Candidacy.Completeness.COMPLETE if complete else Candidacy.Completeness.INCOMPLETE
        )
        candidacy.incomplete_reason = "" if complete else "Statuts non signés."
    candidacy.save()
    return candidacy


def selector(round, kind=Selector.Kind.INDEPENDENT, **fields) -> Selector:
    if kind == Selector.Kind.CIVIL and "elected" not in fields:
        fields["elected"] = SeatCandidate.objects.create(
            round=round, association=AssociationFactory(), name=fields.get("name", "Élu")
        )
    fields.setdefault("person", UserFactory())
    fields.setdefault("name", fields["person"].display_name)
    return Selector.objects.create(
        round=round, kind=kind, organisation=fields.pop("organisation", "Org"), **fields
    )


def points(total: int) -> dict:
    """Points per criterion, within bounds, adding up to `total` (0–100)."""
    left = total
    given = {}
    for name, maximum in GRID:
        given[name] = min(maximum, left)
        left -= given[name]
    assert left == 0
    return given
