"""The demo's 2023 selection of the civil-society members of the current
plan's committee (demo/builders/selection.py): the selection committee
elected and set (five scoring members, two observers), twelve candidacies
— eight scored, two incomplete with what is missing, Transparency Maroc's
draft refused for a third consecutive term, a draft left unfinished — two
close pairs decided with their reasons, the results published and the
selected seated; the first plan's committee the rotation counts; and its
open data."""

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from committee import selection
from committee.models import (
    Candidacy,
    CandidacyEvent,
    CandidacyFile,
    Committee,
    Membership,
    PairDecision,
    Score,
    SelectionEvent,
    SelectionRound,
    Selector,
    Side,
)
from core.models import User
from demo.builders.committee import FIRST_PLAN_SLUG, MEMBER_EMAIL
from demo.builders.current import CURRENT_PLAN_SLUG
from plans.models import Plan

from .conftest import load_demo

pytestmark = pytest.mark.django_db
K = Selector.Kind


@pytest.fixture
def round(loaded) -> SelectionRound:
    return SelectionRound.objects.select_related("committee__plan").get(
        committee__plan__slug=CURRENT_PLAN_SLUG
    )


def test_the_2023_round_fills_the_current_committees_three_civil_seats_and_is_published(round):
    assert (round.vote_opens_on.year, round.call_opens_on, round.call_closes_on) == (
        2023,
        date(2023, 9, 18),
        date(2023, 10, 20),
    )
    assert round.seats == 3 and round.stage() == SelectionRound.Stage.PUBLISHED
    assert timezone.localdate(round.announced_at) == date(2023, 9, 18)
    assert timezone.localdate(round.published_at) == date(2023, 12, 1)
    assert all(getattr(round, f"method_{lang}") for lang in ("ar", "fr", "en"))
    moves = list(round.events.order_by("created_at").values_list("to_status", "created_at"))
    assert moves == [
        (SelectionEvent.Move.ANNOUNCED, round.announced_at),
        (SelectionEvent.Move.PUBLISHED, round.published_at),
    ]


def test_the_selection_committee_five_scoring_members_the_elected_one_and_two_observers(round):
    members = list(round.selectors.all())
    assert sorted(m.kind for m in members if not m.is_observer) == sorted(
        [K.CIVIL, K.PRIVATE, K.UNIVERSITY, K.INDEPENDENT, K.INDEPENDENT]
    )
    assert sorted(m.kind for m in members if m.is_observer) == sorted([K.MINISTRY, K.INTERNATIONAL])
    counted = selection.tally(round)
    assert [c.count for c in counted] == [9, 6, 3]
    [elected] = [m for m in members if m.kind == K.CIVIL]
    assert elected.elected == counted[0]
    # Observers never scored; each scoring member scored every complete file.
    assert not Score.objects.filter(selector__kind__in=Selector.OBSERVERS).exists()
    assert selection.scoring_progress(round) == (40, 40)


def test_twelve_candidacies_scored_incomplete_or_drafts(round):
    found = selection.counts(round)
    assert found == {"drafts": 2, "submitted": 10, "complete": 8, "incomplete": 2, "selected": 3}
    incomplete = Candidacy.objects.filter(round=round, completeness="incomplete")
    assert all(c.incomplete_reason for c in incomplete)
    assert all(
        CandidacyEvent.objects.filter(
            candidacy=c, to_status="incomplete", reason=c.incomplete_reason
        ).exists()
        for c in incomplete
    )
    # Every submitted file has its two required documents, and a public one at least.
    for candidacy in Candidacy.objects.filter(round=round, submitted_at__isnull=False):
        kinds = set(candidacy.enclosures.values_list("kind", flat=True))
        assert set(CandidacyFile.REQUIRED) <= kinds
        assert round.call_opens_on <= timezone.localdate(candidacy.submitted_at) <= round.call_closes_on


def test_transparency_marocs_draft_is_refused_for_a_third_consecutive_term_naming_both(round):
    draft = Candidacy.objects.get(round=round, association__name_fr="Transparency Maroc")
    assert draft.is_draft and not selection.missing(draft)
    representative = draft.association.representatives.first()
    with pytest.raises(ValidationError) as refused:
        selection.submit(draft, by=representative, today=round.call_closes_on)
    messages = refused.value.message_dict
    assert set(messages) == {"name", "association"}
    for message in messages["association"] + messages["name"]:
        assert "2018-2020" in message and "2021-2023" in message
    draft.refresh_from_db()
    assert draft.is_draft


def test_the_first_plans_committee_is_there_for_the_rotation(loaded):
    first = Committee.objects.get(plan__slug=FIRST_PLAN_SLUG)
    assert first.plan.number == 1 and first.plan.status == Plan.Status.CLOSED
    civil = set(first.memberships.filter(side=Side.CIVIL).values_list("association__name_fr", flat=True))
    second = set(
        Membership.objects.filter(committee__plan__slug="nap2-2021-2023", side=Side.CIVIL).values_list(
            "association__name_fr", flat=True
        )
    )
    # Two associations sat on both; neither applied but Transparency Maroc, refused.
    assert civil & second == {"Transparency Maroc", "Association Démocratique des Femmes du Maroc"}


def test_two_close_pairs_decided_with_their_reasons_and_the_selected_seated(round):
    result = selection.ranking(round)
    assert [r.rank for r in result.rows] == list(range(1, 9))
    assert len(result.pairs) == 2 and result.undecided == []
    assert all(b.mean < a.mean and a.mean - b.mean < 10 for a, b in result.pairs)
    decisions = list(PairDecision.objects.filter(round=round))
    assert {d.reason for d in decisions} == {PairDecision.Reason.GEOGRAPHY, PairDecision.Reason.EXPERTISE}
    assert all(d.explanation for d in decisions)
    # Geography gave the third seat to the fourth file.
    assert [r.rank for r in result.rows if r.selected] == [1, 2, 4]
    selected = {r.candidacy.association_id for r in result.rows if r.selected}
    assert (
        set(Candidacy.objects.filter(round=round, outcome="selected").values_list("association", flat=True))
        == selected
    )
    seats = Membership.objects.filter(committee=round.committee, side=Side.CIVIL)
    assert set(seats.values_list("association", flat=True)) == selected
    assert all(seat.designated_on == date(2023, 12, 1) for seat in seats)
    # The demo member's account sits for the first.
    assert seats.filter(person=User.objects.get(email=MEMBER_EMAIL)).exists()


def test_the_published_results_are_open_data(loaded, client):
    response = client.get("/open-data/committee-selection.json", {"plan": CURRENT_PLAN_SLUG})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    rows = json.loads(body)
    assert len(rows) == 8 * 5
    assert {row["outcome"] for row in rows} == {"selected", "not_selected"}


def test_loading_again_changes_no_selection_row(loaded):
    def state():
        return [
            model.objects.count()
            for model in (SelectionRound, Candidacy, CandidacyFile, Score, PairDecision, Selector, Plan)
        ]

    before = state()
    load_demo()
    assert state() == before
