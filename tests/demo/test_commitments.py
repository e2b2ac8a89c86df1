"""The 2021–2023 plan's commitments in the demo: cards, milestones,
indicators and a history of validated progress, so that the dashboard has
shape."""

from collections import Counter
from datetime import date

import pytest

from commitments import progress
from commitments.models import Assessment, Commitment, Indicator, Milestone, ProgressUpdate
from plans.rules import is_focal_point

pytestmark = pytest.mark.django_db

PERIOD = (date(2021, 1, 1), date(2023, 12, 31))


def inside(day: date) -> bool:
    return PERIOD[0] <= day <= PERIOD[1]


@pytest.fixture
def commitments(loaded):
    return list(
        Commitment.objects.filter(plan__slug="nap2-2021-2023").prefetch_related(
            "milestones", "indicators__measurements", "events"
        )
    )


def check_adopted_commitments_have_a_full_card_and_milestones_the_others_none(commitments):
    statuses = Counter(c.status for c in commitments)
    assert len(commitments) == 24 and statuses["not_retained"] == 2
    for commitment in commitments:
        if commitment.status == "not_retained":
            assert not commitment.milestones.all() and not commitment.indicators.all()
            continue
        for lang in ("ar", "fr", "en"):
            for name in ("summary", "problem", "description", "expected_results"):
                assert getattr(commitment, f"{name}_{lang}"), (commitment.number, name, lang)
        assert inside(commitment.starts_on) and inside(commitment.ends_on)
        assert commitment.contact_name == "Point focal PGO" and commitment.contact_email
        assert any(
            (
                commitment.access_to_information,
                commitment.civic_participation,
                commitment.public_accountability,
                commitment.technology_and_innovation,
            )
        )
        milestones = commitment.milestones.all()
        assert 3 <= len(milestones) <= 5
        for m in milestones:
            assert m.responsible_institution and m.expected_output_fr and m.description_ar
            assert inside(m.starts_on) and inside(m.ends_on) and m.starts_on <= m.ends_on
        assert 1 <= len(commitment.indicators.all()) <= 2


def check_milestones_and_commitments_are_spread_over_every_state(commitments):
    adopted = [c for c in commitments if c.status != "not_retained"]
    milestones = [m for c in adopted for m in c.milestones.all()]
    statuses = Counter(m.status for m in milestones)
    assert statuses["cancelled"] == 1
    assert statuses["done"] > statuses["in_progress"] > 0 and statuses["delayed"] and statuses["not_started"]
    overdue = progress.with_overdue(
        Milestone.objects.filter(pk__in=[m.pk for m in milestones]), date(2024, 1, 1)
    )
    assert overdue.filter(is_overdue=True).exists()
    levels = Counter(progress.level(progress.completion(c.milestones.all())) for c in adopted)
    assert set(levels) == {"limited", "substantial", "complete"}
    # Life cycle moves recorded: every adopted card is being implemented or completed.
    moves = Counter(c.status for c in adopted)
    assert set(moves) == {"in_implementation", "completed"} and moves["completed"] >= 2
    for c in adopted:
        assert [e.to_status for e in c.events.all()][-1] == c.status
        assert all(inside(e.created_at.date()) for e in c.events.all())
    assert any(m.weight for m in milestones)


def check_public_figures_are_those_of_the_last_validated_update(commitments):
    updates = ProgressUpdate.objects.filter(milestone__commitment__plan__slug="nap2-2021-2023")
    validated = updates.filter(state="validated").select_related("milestone").prefetch_related("events")
    assert validated.count() >= 50
    last = {}
    for update in validated.order_by("created_at", "pk"):
        last[update.milestone_id] = update
        [event] = update.events.all()
        assert event.to_status == "validated" and event.actor.is_superuser
        assert is_focal_point(update.author)
        assert update.author.institutions.filter(pk=update.milestone.responsible_institution_id).exists()
        assert inside(update.created_at.date()) and event.created_at > update.created_at
    for milestone in Milestone.objects.filter(commitment__plan__slug="nap2-2021-2023"):
        if milestone.pk in last:
            assert (milestone.status, milestone.completion) == (
                last[milestone.pk].status,
                last[milestone.pk].completion,
            )
        else:
            assert (milestone.status, milestone.completion) == ("not_started", 0)
        # Its history: created, then one line per validated update, all in the plan's years.
        history = milestone.history.all()
        assert len(history) == 1 + validated.filter(milestone=milestone).count()
        assert all(inside(h.history_date.date()) for h in history)

    [returned] = updates.filter(state="returned")
    assert returned.events.get().reason
    assert (returned.milestone.status, returned.milestone.completion) != (
        returned.status,
        returned.completion,
    )
    assert updates.filter(state="submitted").count() == 1


def check_indicators_have_a_baseline_a_target_and_public_measurements(commitments):
    indicators = Indicator.objects.filter(commitment__plan__slug="nap2-2021-2023")
    assert {i.kind for i in indicators} == {"output", "outcome"}
    for indicator in indicators:
        assert indicator.has_baseline_and_target and indicator.baseline_on < indicator.target_on
        dates = [m.measured_on for m in indicator.measurements.public()]
        if indicator.kind == "output":
            assert dates and dates == sorted(dates) and all(inside(d) for d in dates)
    assert sum(1 for i in indicators if i.measurements.public().count() >= 3) >= 5


def check_associations_assess_a_few_commitments_beside_the_official_figures(commitments):
    assessments = Assessment.objects.filter(commitment__plan__slug="nap2-2021-2023").select_related(
        "association", "author"
    )
    assert 4 <= assessments.count() <= 10
    assert len({a.association_id for a in assessments}) == 2
    for assessment in assessments:
        assert assessment.author.associations.filter(pk=assessment.association_id).exists()
        official = progress.level(progress.completion(assessment.commitment.milestones.all()))
        order = ["not_started", "limited", "substantial", "complete"]
        assert order.index(assessment.rating) <= order.index(official)
    assert any(
        a.rating != progress.level(progress.completion(a.commitment.milestones.all())) for a in assessments
    )


# The demo loads in seconds: two tests, each on one load, check it all.
def check_public_histories_lie_inside_the_plan_and_end_with_its_progress(commitments):
    from django.utils import translation

    from commitments import history

    for card in commitments:
        if card.status == Commitment.Status.NOT_RETAINED:
            continue
        with translation.override("en"):
            entries = history.public_history(card, card.plan).entries
        assert entries, card
        assert all(inside(entry.when.date()) for entry in entries), (card, entries[0])
        # The newest change to the card itself leaves it where it stands today.
        last = next((e for e in entries if e.subject == "The card" and e.changes), None)
        if last is not None and last.changes[0][0] == "status":
            with translation.override("en"):
                assert last.changes[0][2] == card.get_status_display(), (card, last)


def test_the_cards_milestones_and_their_states_give_the_dashboard_shape(commitments):
    check_adopted_commitments_have_a_full_card_and_milestones_the_others_none(commitments)
    check_milestones_and_commitments_are_spread_over_every_state(commitments)
    check_public_histories_lie_inside_the_plan_and_end_with_its_progress(commitments)


def test_progress_is_validated_updates_measured_indicators_and_assessed_by_associations(commitments):
    check_public_figures_are_those_of_the_last_validated_update(commitments)
    check_indicators_have_a_baseline_a_target_and_public_measurements(commitments)
    check_associations_assess_a_few_commitments_beside_the_official_figures(commitments)
