"""Completion from milestones (weights, cancelled left out), the IRM levels at
their boundaries, overdue by date; the update → validate → public flow, a
returned update changing nothing public, and the history that keeps it all."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commitments import lifecycle, progress
from commitments.models import Evidence, Indicator, Measurement, Milestone, ProgressUpdate
from core.transitions import TransitionError
from tests.factories import CommitmentFactory, UserFactory

pytestmark = pytest.mark.django_db
S = Milestone.Status


def m(completion, status=S.IN_PROGRESS, weight=None, ends_on=None):
    return Milestone(completion=completion, status=status, weight=weight, ends_on=ends_on)


def test_equal_weights_unless_set_and_cancelled_left_out():
    assert progress.completion([m(100), m(0)]) == 50
    assert progress.completion([m(100, weight=3), m(0, weight=1)]) == 75
    assert progress.completion([m(100), m(0, status=S.CANCELLED)]) == 100
    assert progress.completion([m(40, status=S.CANCELLED)]) is None
    assert progress.completion([]) is None
    # Rounded down: 100 % only when everything is done.
    assert progress.completion([m(100), m(100), m(99)]) == 99


@pytest.mark.parametrize(
    ("percent", "level"),
    [
        (None, "not_started"),
        (0, "not_started"),
        (1, "limited"),
        (49, "limited"),
        (50, "substantial"),
        (99, "substantial"),
        (100, "complete"),
    ],
)
def test_irm_levels_at_their_boundaries(percent, level):
    assert progress.level(percent) == level


def test_overdue_is_read_from_the_date():
    today = date(2027, 5, 10)
    card = CommitmentFactory(status="in_implementation")
    cases = {
        "ended yesterday": (m(50, ends_on=date(2027, 5, 9)), True),
        "ends today": (m(50, ends_on=date(2027, 5, 10)), False),
        "done": (m(100, status=S.DONE, ends_on=date(2027, 1, 1)), False),
        "cancelled": (m(0, status=S.CANCELLED, ends_on=date(2027, 1, 1)), False),
        "no end date": (m(0), False),
    }
    for name, (milestone, _overdue) in cases.items():
        milestone.commitment, milestone.description_en = card, name
        milestone.save()
    flags = dict(
        progress.with_overdue(card.milestones.all(), today).values_list("description_en", "is_overdue")
    )
    assert flags == {name: overdue for name, (_milestone, overdue) in cases.items()}
    # The same rule as a filter (the digest's).
    assert list(card.milestones.filter(progress.overdue(today)).values_list("description_en", flat=True)) == [
        "ended yesterday"
    ]


@pytest.fixture
def milestone():
    card = CommitmentFactory(status="in_implementation")
    return Milestone.objects.create(
        commitment=card, description_ar="نشر المعطيات", ends_on=timezone.localdate() + timedelta(days=30)
    )


def report(milestone, person):
    indicator = Indicator.objects.create(
        commitment=milestone.commitment, name_ar="عدد المجموعات", baseline_value=0, target_value=40
    )
    return lifecycle.submit_update(
        milestone,
        by=person,
        status=S.IN_PROGRESS,
        completion=60,
        text="24 jeux de données publiés",
        measurements=[Measurement(indicator=indicator, measured_on=timezone.localdate(), value=Decimal(24))],
        evidence=[Evidence(title="Le portail", url="https://data.example.ma/")],
    )


def test_a_validated_update_becomes_the_milestones_public_figures(milestone):
    focal, secretariat = UserFactory(), UserFactory()
    update = report(milestone, focal)
    # Waiting: nothing public has changed.
    milestone.refresh_from_db()
    assert (milestone.status, milestone.completion) == (S.NOT_STARTED, 0)
    assert not Measurement.objects.public().exists() and not Evidence.objects.public().exists()

    lifecycle.validate(update, by=secretariat)
    milestone.refresh_from_db()
    assert (milestone.status, milestone.completion) == (S.IN_PROGRESS, 60)
    assert Measurement.objects.public().get().value == 24
    assert Evidence.objects.public().get().url == "https://data.example.ma/"
    # The history keeps who changed the milestone, before and after.
    last = milestone.history.latest()
    assert last.history_user == secretariat
    assert (last.prev_record.completion, last.completion) == (0, 60)
    with pytest.raises(TransitionError):
        lifecycle.return_update(update, by=secretariat, reason="trop tard")


def test_a_returned_update_changes_nothing_public_and_needs_a_reason(milestone):
    update = report(milestone, UserFactory())
    with pytest.raises(TransitionError):
        lifecycle.return_update(update, by=UserFactory(), reason="  ")
    lifecycle.return_update(update, by=UserFactory(), reason="Joindre le lien vers les données.")
    update.refresh_from_db()
    milestone.refresh_from_db()
    assert update.state == ProgressUpdate.State.RETURNED
    assert update.events.get().reason == "Joindre le lien vers les données."
    assert (milestone.status, milestone.completion) == (S.NOT_STARTED, 0)
    assert not Measurement.objects.public().exists() and not Evidence.objects.public().exists()
    assert progress.completion(milestone.commitment.milestones.all()) == 0


def test_the_history_records_links_to_institutions(milestone):
    card = milestone.commitment
    other = milestone.responsible_institution or card.lead_institution
    card.involved_institutions.add(other)
    record = card.history.latest()
    assert [row.institution_id for row in record.involved_institutions.all()] == [other.pk]
