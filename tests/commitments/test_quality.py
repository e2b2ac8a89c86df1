"""The quality check of a draft card, item by item at its boundary: each
blocking item alone stops the move to proposed; warnings never do."""

from datetime import date
from decimal import Decimal

import pytest

from commitments import lifecycle, quality
from commitments.models import Commitment, CommitmentEvent, Indicator, Milestone
from core.transitions import TransitionError
from tests.factories import AssociationFactory, CommitmentFactory, InstitutionFactory

pytestmark = pytest.mark.django_db

WORDS = " ".join(["mot"] * quality.DESCRIPTION_MIN_WORDS)


def milestone(card, **fields):
    values = {
        "description_ar": "نشر المعطيات",
        "responsible_institution": card.lead_institution,
        "starts_on": date(2026, 2, 1),
        "ends_on": date(2026, 6, 30),
        "expected_output_ar": "بوابة منشورة",
    }
    return Milestone.objects.create(commitment=card, **{**values, **fields})


@pytest.fixture
def card():
    """A draft with nothing open: every test breaks one thing."""
    card = CommitmentFactory(
        status=Commitment.Status.DRAFT,
        problem_ar="المعطيات غير منشورة",
        description_ar=WORDS,
        access_to_information=True,
        starts_on=date(2026, 1, 1),
        ends_on=date(2027, 12, 31),
    )
    card.plan.start_year, card.plan.end_year = 2026, 2027
    card.plan.save()
    milestone(card)
    milestone(card, ends_on=date(2027, 3, 31))
    Indicator.objects.create(
        commitment=card, name_ar="عدد المجموعات", baseline_value=Decimal(0), target_value=Decimal(40)
    )
    card.partner_associations.add(AssociationFactory())
    return Commitment.objects.get(pk=card.pk)


def test_drafters_submit_the_card_the_secretariat_proposes_it(client, card):
    """A complete draft (nothing open): its lead institution's focal point
    neither sees the button nor moves it by a forged POST; the secretariat does."""
    from django.urls import reverse
    from django.utils import translation

    from tests.workshops.staff import focal_point, secretariat

    focal = focal_point(card.lead_institution, "focal-lead@example.org")
    with translation.override("en"):
        page = reverse("admin:commitments_commitment_change", args=[card.pk])
        propose = reverse("admin:commitments_commitment_move", args=[card.pk, "proposed"])
        client.force_login(focal)
        assert "/move/proposed/" not in client.get(page).content.decode()
        assert client.post(propose).status_code == 403
        card.refresh_from_db()
        assert card.status == Commitment.Status.DRAFT
        client.force_login(secretariat())
        assert "/move/proposed/" in client.get(page).content.decode()
        client.post(propose)
        card.refresh_from_db()
        assert card.status == Commitment.Status.PROPOSED
        client.force_login(focal)
        back = reverse("admin:commitments_commitment_move", args=[card.pk, "draft"])
        assert client.post(back).status_code == 403  # off the public pages: the secretariat's move too
    card.refresh_from_db()
    assert card.status == Commitment.Status.PROPOSED


def keys(card, blocking=None):
    return [i.key for i in quality.check(card) if blocking is None or i.blocking == blocking]


def test_a_complete_card_has_nothing_open_and_can_be_proposed(card):
    assert keys(card) == []
    lifecycle.move(card, Commitment.Status.PROPOSED, by=None)
    card.refresh_from_db()
    assert card.status == Commitment.Status.PROPOSED
    assert CommitmentEvent.objects.filter(commitment=card, to_status="proposed").count() == 1


def refused(card, key):
    assert key in keys(card, blocking=True)
    with pytest.raises(TransitionError):
        lifecycle.move(card, Commitment.Status.PROPOSED, by=None)
    card.refresh_from_db()
    assert card.status == Commitment.Status.DRAFT


def test_no_problem_statement_blocks(card):
    card.problem_ar = card.problem = "   "
    card.save()
    refused(Commitment.objects.get(pk=card.pk), "problem")


def test_no_milestone_blocks_and_a_cancelled_one_does_not_count(card):
    card.milestones.update(status=Milestone.Status.CANCELLED)
    refused(card, "milestones")


@pytest.mark.parametrize(
    "missing", [{"ends_on": None}, {"responsible_institution": None}, {"expected_output_ar": ""}]
)
def test_a_milestone_without_an_end_a_responsible_or_an_output_blocks(card, missing):
    bad = milestone(card, **missing)
    refused(card, f"milestone-{bad.pk}")


def test_an_indicator_needs_both_a_baseline_and_a_target(card):
    card.indicators.update(target_value=None)
    refused(card, "indicator")
    card.indicators.update(target_value=Decimal(40), baseline_value=None)
    refused(card, "indicator")
    card.indicators.update(baseline_value=Decimal(0))  # zero is a baseline
    assert "indicator" not in keys(card)


def test_no_ogp_value_blocks(card):
    card.access_to_information = False
    card.save()
    refused(card, "values")
    card.technology_and_innovation = True
    card.save()
    assert "values" not in keys(card)


def test_dates_outside_the_plans_period_block_at_the_day(card):
    card.ends_on = date(2028, 1, 1)
    card.save()
    refused(card, "period")
    card.ends_on = date(2027, 12, 31)
    card.save()
    assert "period" not in keys(card)
    milestone(card, starts_on=date(2025, 12, 31), ends_on=date(2026, 1, 31))
    refused(card, "period")


def test_warnings_show_but_never_block(card):
    card.milestones.first().delete()  # a single milestone, due on 31 March 2027
    card.partner_associations.clear()
    card.description_ar = card.description = " ".join(["mot"] * (quality.DESCRIPTION_MIN_WORDS - 1))
    card.save()
    card = Commitment.objects.get(pk=card.pk)
    assert keys(card, blocking=True) == []
    assert set(keys(card, blocking=False)) == {"single-milestone", "partners", "description"}
    lifecycle.move(card, Commitment.Status.PROPOSED, by=None)


def test_all_milestones_in_the_last_quarter_warns_from_the_first_of_october(card):
    card.milestones.update(starts_on=date(2027, 9, 1), ends_on=date(2027, 10, 1))
    assert "last-quarter" in keys(card, blocking=False)
    card.milestones.filter(pk=card.milestones.first().pk).update(ends_on=date(2027, 9, 30))
    assert "last-quarter" not in keys(card)


def test_the_life_cycle_refuses_a_skip(card):
    lifecycle.move(card, Commitment.Status.PROPOSED, by=None)
    with pytest.raises(TransitionError):
        lifecycle.move(card, Commitment.Status.COMPLETED, by=None)
    for status in ("adopted", "in_implementation", "completed"):
        lifecycle.move(card, status, by=None)
    assert list(CommitmentEvent.objects.filter(commitment=card).values_list("to_status", flat=True)) == [
        "proposed",
        "adopted",
        "in_implementation",
        "completed",
    ]


def test_a_milestone_of_another_institution_still_counts(card):
    milestone(card, responsible_institution=InstitutionFactory())
    assert keys(card, blocking=True) == []
