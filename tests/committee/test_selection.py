"""The rules of the selection of civil-society members (committee.selection):
the seat's election, the call's window, the third-term refusal, the files
checked before they are scored, the grid's bounds, the scores hidden until
all have scored, the mean, the ranking and the 10-point rule, publication."""

from datetime import date, timedelta
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from committee import selection
from committee.models import (
    Candidacy,
    CandidacyEvent,
    Membership,
    PairDecision,
    Score,
    SeatCandidate,
    SeatVote,
    SelectionEvent,
    Selector,
)
from core.models import Notification
from core.transitions import TransitionError
from tests.committee.factories import CommitteeFactory, MembershipFactory
from tests.committee.selection_factories import (
    CandidacyFactory,
    points,
    representative,
    round_in,
    selector,
    submitted,
    with_files,
)
from tests.consultations.factories import secretary as make_secretariat
from tests.factories import AssociationFactory, MemberFactory, PlanFactory, UserFactory

pytestmark = pytest.mark.django_db
K = Selector.Kind


@pytest.fixture(autouse=True)
def _in_english():
    # The refusals are read in words, in English: with the catalogues
    # translated, the default language (Arabic) would say them otherwise.
    with translation.override("en"):
        yield


def messages(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- The selection committee's civil-society seat.


def seat_candidates(round, n=2):
    return [
        SeatCandidate.objects.create(round=round, association=AssociationFactory(), name=f"Candidate {i}")
        for i in range(n)
    ]


def test_one_vote_per_association_cast_by_its_representative_during_the_window():
    round = round_in("vote")
    first, second = seat_candidates(round)
    rep, association = representative()
    other_rep = UserFactory()
    association.representatives.add(other_rep)
    with pytest.raises(PermissionDenied):
        selection.vote(round, by=UserFactory(), association=association, candidate=first)
    selection.vote(round, by=rep, association=association, candidate=first)
    # The association's other representative: refused, its vote is cast.
    with pytest.raises(ValidationError, match="one vote per association"):
        selection.vote(round, by=other_rep, association=association, candidate=second)
    assert SeatVote.objects.get().candidate == first
    # And the database holds it when two arrive at once.
    with pytest.raises(IntegrityError), transaction.atomic():
        SeatVote.objects.create(round=round, association=association, candidate=second, cast_by=other_rep)


@pytest.mark.parametrize(("offset", "state"), [(-1, "upcoming"), (0, "open"), (7, "open"), (8, "closed")])
def test_the_vote_is_open_from_its_first_day_to_its_last_included(offset, state):
    round = round_in("preparing")
    day = round.vote_opens_on
    round.vote_closes_on = day + timedelta(days=7)
    assert round.vote_state(day + timedelta(days=offset)) == state
    [candidate] = seat_candidates(round, 1)
    rep, association = representative()
    if state == "open":
        selection.vote(
            round, by=rep, association=association, candidate=candidate, today=day + timedelta(offset)
        )
    else:
        with pytest.raises(ValidationError, match="opens on" if state == "upcoming" else "closed on"):
            selection.vote(
                round, by=rep, association=association, candidate=candidate, today=day + timedelta(offset)
            )
        assert not SeatVote.objects.exists()


def test_the_count_is_the_votes_per_candidate_and_a_tie_has_two_winners():
    round = round_in("vote")
    first, second, third = seat_candidates(round, 3)
    for candidate in (first, first, second, second, third):
        rep, association = representative()
        selection.vote(round, by=rep, association=association, candidate=candidate)
    counted = {c.name: c.count for c in selection.tally(round)}
    assert counted == {"Candidate 0": 2, "Candidate 1": 2, "Candidate 2": 1}
    assert set(selection.winners(round)) == {first, second}


def test_the_elected_takes_the_seat_once_the_vote_has_closed_and_only_a_winner():
    round = round_in("vote")
    first, second = seat_candidates(round)
    rep, association = representative()
    selection.vote(round, by=rep, association=association, candidate=first)
    with pytest.raises(ValidationError, match="once the vote has closed"):
        selection.elect(round, candidate=first)
    after = round.vote_closes_on + timedelta(days=1)
    with pytest.raises(ValidationError, match="did not receive the most votes"):
        selection.elect(round, candidate=second, today=after)
    seat = selection.elect(round, candidate=first, today=after)
    assert (seat.kind, seat.elected, seat.name) == (K.CIVIL, first, "Candidate 0")


# --- Candidacies.


def test_a_candidacy_is_submitted_only_while_the_call_is_open_saying_when():
    round = round_in("call")
    rep, association = representative()
    candidacy = with_files(CandidacyFactory(round=round, association=association, applicant=rep))
    before = round.call_opens_on - timedelta(days=1)
    after = round.call_closes_on + timedelta(days=1)
    with pytest.raises(ValidationError, match="opens on"):
        selection.submit(candidacy, by=rep, today=before)
    with pytest.raises(ValidationError, match="closed on"):
        selection.submit(candidacy, by=rep, today=after)
    candidacy.refresh_from_db()
    assert candidacy.is_draft
    assert not selection.may_edit(rep, candidacy, today=after)
    assert selection.may_edit(rep, candidacy, today=round.call_closes_on)
    event = selection.submit(candidacy, by=rep, today=round.call_closes_on)
    candidacy.refresh_from_db()
    assert not candidacy.is_draft
    assert (event.from_status, event.to_status, event.actor) == ("draft", "submitted", rep)
    with pytest.raises(ValidationError, match="already been submitted"):
        selection.submit(candidacy, by=rep)


def test_only_the_associations_representative_submits_it():
    round = round_in("call")
    candidacy = with_files(CandidacyFactory(round=round))
    with pytest.raises(PermissionDenied):
        selection.submit(candidacy, by=UserFactory())
    stranger_rep, _association = representative()  # of another association
    with pytest.raises(PermissionDenied):
        selection.submit(candidacy, by=stranger_rep)


def test_a_submission_lacking_an_answer_or_a_required_document_says_which():
    round = round_in("call")
    rep, association = representative()
    candidacy = CandidacyFactory(round=round, association=association, drafting="  ")
    with pytest.raises(ValidationError) as refused:
        selection.submit(candidacy, by=rep)
    assert set(refused.value.message_dict) == {"drafting", "files"}
    assert "statutes" in refused.value.message_dict["files"][0]
    assert Candidacy.objects.get().is_draft


@pytest.fixture
def three_terms():
    """The committees of one OGP member's plans 1, 2 and 3; the round fills plan 3's."""
    member = MemberFactory()
    committees = [
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
    return committees, round_in("call", committee=committees[2])


def test_a_candidacy_for_a_third_consecutive_term_is_refused_naming_the_two_earlier_terms(three_terms):
    (first, second, _third), round = three_terms
    person = UserFactory(display_name="Nadia Bennani")
    for committee in (first, second):
        MembershipFactory(committee=committee, person=person, name="Nadia Bennani")
    rep, association = representative()
    candidacy = with_files(
        CandidacyFactory(round=round, association=association, person=person, name="Nadia Bennani")
    )
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        selection.submit(candidacy, by=rep)
    message = refused.value.message_dict["name"][0]
    assert "third consecutive term" in message
    assert message.index("Action plan 1 (2021-2022)") < message.index("Action plan 2 (2023-2024)")
    assert Candidacy.objects.get().is_draft


def test_an_association_on_its_third_consecutive_term_is_refused(three_terms):
    (first, second, _third), round = three_terms
    rep, association = representative()
    for committee in (first, second):
        MembershipFactory(committee=committee, association=association)
    candidacy = with_files(CandidacyFactory(round=round, association=association))
    with pytest.raises(ValidationError) as refused:
        selection.submit(candidacy, by=rep)
    assert list(refused.value.message_dict) == ["association"]
    # A second term is fine.
    Membership.objects.filter(committee=first).delete()
    selection.submit(candidacy, by=rep)


# --- Completeness.


def test_the_secretariat_marks_a_file_incomplete_with_the_reason_and_the_candidate_is_told():
    round = round_in("scoring")
    rep, association = representative()
    candidacy = submitted(round, complete=None, association=association, applicant=rep)
    secretariat = make_secretariat()
    with pytest.raises(PermissionDenied):
        selection.check_file(candidacy, by=rep, complete=True)
    with pytest.raises(ValidationError):
        selection.check_file(candidacy, by=secretariat, complete=False, reason=" ")
    selection.check_file(candidacy, by=secretariat, complete=False, reason="Le rapport d'activité manque.")
    candidacy.refresh_from_db()
    assert (candidacy.completeness, candidacy.incomplete_reason) == (
        "incomplete",
        "Le rapport d'activité manque.",
    )
    event = CandidacyEvent.objects.get(to_status="incomplete")
    assert (event.actor, event.from_status, event.reason) == (
        secretariat,
        "unchecked",
        "Le rapport d'activité manque.",
    )
    [told] = Notification.objects.filter(kind="candidacy_incomplete")
    assert told.recipient == rep


def test_a_draft_is_not_checked_and_a_scored_file_is_not_made_incomplete():
    round = round_in("scoring")
    secretariat = make_secretariat()
    draft = CandidacyFactory(round=round)
    with pytest.raises(TransitionError, match="not been submitted"):
        selection.check_file(draft, by=secretariat, complete=True)
    complete = submitted(round)
    member = selector(round)
    selection.score(complete, selector=member, points=points(60), comment="Solide.")
    with pytest.raises(TransitionError, match="scored"):
        selection.check_file(complete, by=secretariat, complete=False, reason="Trop tard.")


# --- Scoring.


@pytest.mark.parametrize(
    ("criterion", "value", "accepted"),
    [
        ("experience", 20, True),
        ("experience", 21, False),
        ("mobilising", 15, True),
        ("mobilising", 16, False),
        ("technology", 5, True),
        ("technology", 6, False),
        ("drafting", -1, False),
        ("drafting", "12", False),
    ],
)
def test_each_criterion_is_bounded_by_its_points(criterion, value, accepted):
    round = round_in("scoring")
    candidacy = submitted(round)
    member = selector(round)
    given = {**points(0), criterion: value}
    if accepted:
        assert selection.score(candidacy, selector=member, points=given, comment="Vu.").total == value
    else:
        with pytest.raises(ValidationError) as refused:
            selection.score(candidacy, selector=member, points=given, comment="Vu.")
        assert list(refused.value.message_dict) == [criterion]
        assert not Score.objects.exists()


def test_the_database_bounds_each_criterion_too():
    round = round_in("scoring")
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(
            candidacy=submitted(round),
            selector=selector(round),
            comment="x",
            **{**points(0), "technology": 6},
        )


def test_observers_never_score_nor_does_a_member_of_another_round():
    round = round_in("scoring")
    candidacy = submitted(round)
    for kind in (K.MINISTRY, K.INTERNATIONAL):
        with pytest.raises(PermissionDenied):
            selection.score(candidacy, selector=selector(round, kind), points=points(50), comment="x")
    with pytest.raises(PermissionDenied):
        selection.score(candidacy, selector=selector(round_in("scoring")), points=points(50), comment="x")
    assert not Score.objects.exists()


def test_only_complete_files_are_scored_once_the_call_has_closed():
    member_round = round_in("scoring")
    member = selector(member_round)
    for candidacy in (submitted(member_round, complete=None), submitted(member_round, complete=False)):
        with pytest.raises(ValidationError, match="complete"):
            selection.score(candidacy, selector=member, points=points(50), comment="x")
    open_round = round_in("call")
    with pytest.raises(ValidationError, match="call for candidacies has closed"):
        selection.score(submitted(open_round), selector=selector(open_round), points=points(50), comment="x")


def test_a_member_sees_only_their_own_scores_until_every_member_has_scored_every_file():
    round = round_in("scoring")
    files = [submitted(round), submitted(round)]
    submitted(round, complete=False)  # not scored: not waited for
    first, second = selector(round), selector(round, K.UNIVERSITY)
    observer = selector(round, K.MINISTRY)
    for candidacy in files:
        selection.score(candidacy, selector=first, points=points(70), comment="x")
    selection.score(files[0], selector=second, points=points(40), comment="y")
    assert {s.selector for s in selection.visible_scores(first.person, round)} == {first}
    assert {s.selector for s in selection.visible_scores(second.person, round)} == {second}
    assert not selection.visible_scores(observer.person, round).exists()
    assert not selection.visible_scores(UserFactory(), round).exists()
    selection.score(files[1], selector=second, points=points(45), comment="z")
    assert selection.all_scored(round)
    for reader in (first.person, second.person, observer.person):
        assert selection.visible_scores(reader, round).count() == 4


# --- Ranking and the 10-point rule.


@pytest.fixture
def ten_scorers():
    round = round_in("scoring", seats=1)
    members = [selector(round) for _ in range(10)]
    return round, members


def scored(round, members, totals, **fields):
    candidacy = submitted(round, **fields)
    for member, total in zip(members, totals, strict=True):
        selection.score(candidacy, selector=member, points=points(total), comment="x")
    return candidacy


def test_the_score_is_the_mean_and_pairs_less_than_ten_points_apart_across_the_line_are_flagged(ten_scorers):
    round, members = ten_scorers
    first = scored(round, members, [80] * 10)
    close = scored(round, members, [70] * 9 + [71])  # 70.1: 9.9 points below
    far = scored(round, members, [70] * 10)  # 70.0: 10.0 points below
    result = selection.ranking(round)
    assert [r.candidacy for r in result.rows] == [first, close, far]
    assert [r.mean for r in result.rows] == [80, Fraction(701, 10), 70]
    assert result.rows[1].mean_display == "70.10"
    assert [r.above_line for r in result.rows] == [True, False, False]
    assert [(a.candidacy, b.candidacy) for a, b in result.pairs] == [(first, close)]
    assert selection.publication_refusal(round, result).startswith("Every pair")


def test_a_tie_across_the_line_is_flagged_and_a_pair_on_one_side_is_not(ten_scorers):
    round, members = ten_scorers
    round.seats = 2
    round.save()
    a = scored(round, members, [96] * 10)  # 11 points above b and c: in no pair
    b = scored(round, members, [85] * 10)
    c = scored(round, members, [85] * 10)  # tied with b: one above the line, one below
    result = selection.ranking(round)
    [(above, below)] = result.pairs
    assert {above.candidacy, below.candidacy} == {b, c}
    assert (above.above_line, below.above_line) == (True, False)
    assert a not in {above.candidacy, below.candidacy}


def test_a_decision_on_a_flagged_pair_may_give_the_seat_to_the_lower_and_says_why(ten_scorers):
    round, members = ten_scorers
    secretariat = make_secretariat()
    first = scored(round, members, [80] * 10, region="Rabat-Salé-Kénitra")
    close = scored(round, members, [75] * 10, region="Drâa-Tafilalet")
    with pytest.raises(ValidationError, match="not within 10 points"):
        selection.decide_pair(
            round, by=secretariat, above=close, below=first, chosen=close, reason="geography", explanation="x"
        )
    with pytest.raises(PermissionDenied):
        selection.decide_pair(
            round,
            by=members[0].person,
            above=first,
            below=close,
            chosen=close,
            reason="geography",
            explanation="x",
        )
    selection.decide_pair(
        round,
        by=secretariat,
        above=first,
        below=close,
        chosen=close,
        reason=PairDecision.Reason.GEOGRAPHY,
        explanation="Aucune association du Drâa-Tafilalet ne siège.",
    )
    result = selection.ranking(round)
    assert result.undecided == []
    assert [r.selected for r in result.rows] == [False, True]


def test_publication_waits_for_every_check_score_and_decision_then_seats_the_selected(ten_scorers):
    round, members = ten_scorers
    secretariat = make_secretariat()
    rep, association = representative()
    winner = scored(round, members, [80] * 10, association=association, applicant=rep, person=UserFactory())
    loser_rep, loser_association = representative()
    loser = scored(round, members, [50] * 10, association=loser_association, applicant=loser_rep)
    unchecked = submitted(round, complete=None)
    assert "checked" in selection.publication_refusal(round)
    selection.check_file(unchecked, by=secretariat, complete=False, reason="Statuts manquants.")
    assert selection.publication_refusal(round) is None
    with pytest.raises(PermissionDenied):
        selection.publish(round, by=rep)
    Notification.objects.all().delete()
    event = selection.publish(round, by=secretariat)
    assert event.to_status == SelectionEvent.Move.PUBLISHED
    round.refresh_from_db()
    assert round.published_at is not None
    outcomes = dict(Candidacy.objects.values_list("pk", "outcome"))
    assert outcomes == {winner.pk: "selected", loser.pk: "not_selected", unchecked.pk: "pending"}
    [seat] = Membership.objects.filter(committee=round.committee)
    assert (seat.side, seat.association, seat.name, seat.person) == (
        "civil",
        association,
        winner.name,
        winner.person,
    )
    told = {n.recipient for n in Notification.objects.filter(kind="selection_result")}
    assert told == {rep, loser_rep}  # the incomplete file's has no applicant here
    # Once published, nothing moves.
    with pytest.raises(ValidationError, match="published"):
        selection.score(winner, selector=members[0], points=points(10), comment="x")
    with pytest.raises(ValidationError, match="already published"):
        selection.publish(round, by=secretariat)
    # The public reads every score.
    assert selection.visible_scores(UserFactory(), round).count() == 20


def test_the_call_is_announced_once_to_every_associations_representatives():
    round = round_in("call")
    reps = [representative()[0] for _ in range(3)]
    secretariat = make_secretariat()
    selection.announce(round, by=secretariat)
    assert {n.recipient for n in Notification.objects.filter(kind="selection_call")} == set(reps)
    with pytest.raises(TransitionError, match="already been announced"):
        selection.announce(round, by=secretariat)
    round.refresh_from_db()
    assert round.announced_at is not None and round.stage() == "call"


def test_the_stage_follows_the_dates():
    for stage in ("preparing", "vote", "call", "scoring"):
        assert round_in(stage).stage() == stage
    published = round_in("scoring", published_at=timezone.now())
    assert published.stage() == "published"


def test_a_member_does_not_score_their_own_associations_candidacy_and_the_mean_is_the_others():
    round = round_in("scoring", seats=1)
    rep, association = representative()
    own = submitted(round, association=association)
    other = submitted(round)
    interested = selector(round, person=rep)  # represents the association of `own`
    elected = selector(round, K.CIVIL)  # put forward by another association: that one's file
    elected_file = submitted(round, association=elected.elected.association)
    third = selector(round, K.UNIVERSITY)
    with pytest.raises(PermissionDenied, match="own association"):
        selection.score(own, selector=interested, points=points(90), comment="x")
    with pytest.raises(PermissionDenied, match="own association"):
        selection.score(elected_file, selector=elected, points=points(90), comment="x")
    assert selection.recusals(round) == {(own.pk, interested.pk), (elected_file.pk, elected.pk)}
    for candidacy, member, total in [
        (own, elected, 60),
        (own, third, 70),
        (other, interested, 50),
        (other, elected, 50),
        (other, third, 50),
        (elected_file, interested, 40),
    ]:
        selection.score(candidacy, selector=member, points=points(total), comment="x")
    assert not selection.all_scored(round)  # the third member has not scored the elected's file
    selection.score(elected_file, selector=third, points=points(42), comment="x")
    assert selection.all_scored(round)
    means = {row.candidacy: row.mean for row in selection.ranking(round).rows}
    assert means == {own: 65, other: 50, elected_file: 41}
