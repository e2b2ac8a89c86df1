"""A workshop's states are defined once, as SQL (Workshop.objects.with_stage,
workshops.figures.with_status); the Python twins that answer for one row
already loaded (the workshop's page, a registration's workshop) must say
the same in every state, at the same moment."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import UserFactory, WorkshopFactory
from workshops import figures, registration
from workshops.models import STATUS_LABELS, Registration, Workshop

pytestmark = pytest.mark.django_db


def test_the_python_twins_say_what_the_queries_say_in_every_state():
    now = timezone.now()

    def made(**fields):
        return WorkshopFactory(**{"starts_at": now + timedelta(days=10), **fields})

    made(capacity=5)  # open
    made(capacity=None)  # open, no limit
    full = made(capacity=2, reserved_seats=1)  # one seat for the public
    Registration.objects.create(workshop=full, user=UserFactory(), status=Registration.Status.REGISTERED)
    # Reported figures stand: no seat is counted, so never full.
    made(capacity=3, reserved_seats=3, registered_count=12)
    made(registration_opens_at=now + timedelta(days=2))  # planned
    made(registration_closes_at=now - timedelta(hours=1))  # closed
    made(starts_at=now + timedelta(days=1), registration_closes_at=now + timedelta(hours=1))  # open
    made(published_at=None)  # proposed by its association, not yet published
    made(published_at=None, starts_at=now - timedelta(days=1))  # still proposed, not held
    made(starts_at=now)  # begins this instant: held
    made(starts_at=now - timedelta(days=2))  # held
    made(starts_at=now - timedelta(days=2), outputs_published_at=now - timedelta(days=1))
    made(cancelled_at=now - timedelta(days=1))
    made(starts_at=now - timedelta(days=2), cancelled_at=now - timedelta(days=3))

    seen = {"stage": set(), "registration": set(), "status": set()}
    for workshop in figures.with_status(Workshop.objects.all(), now):
        counted = figures.of(workshop)
        assert counted == registration.figures(workshop)
        assert workshop.stage == workshop.stage_at(now), workshop.pk
        assert workshop.registration == workshop.registration_state(now), workshop.pk
        assert workshop.current_status == workshop.status(counted, now), workshop.pk
        seen["stage"].add(workshop.stage)
        seen["registration"].add(workshop.registration)
        seen["status"].add(workshop.current_status)
    # Every state was met: a new one needs its case here.
    assert seen["stage"] == set(Workshop.Stage.values)
    assert seen["registration"] == {"open", "not_yet", "closed", "cancelled"}
    assert seen["status"] == set(STATUS_LABELS)


def test_the_reminders_and_the_cancellation_agree_on_what_is_upcoming():
    """A seat is reminded of only while its workshop may still be cancelled."""
    from workshops.notices import MACHINE
    from workshops.tasks import due_reminders

    now = timezone.now()
    soon = now + timedelta(hours=2)
    workshops = [
        WorkshopFactory(starts_at=soon),
        WorkshopFactory(starts_at=soon, cancelled_at=now),
        WorkshopFactory(starts_at=now - timedelta(minutes=5)),
    ]
    for workshop in workshops:
        Registration.objects.create(
            workshop=workshop, user=UserFactory(), status=Registration.Status.REGISTERED
        )
    reminded = set(due_reminders(now).values_list("workshop", flat=True))
    cancellable = {
        w.pk for w in Workshop.objects.with_stage(now) if MACHINE.can_move(w, Workshop.Stage.CANCELLED)
    }
    assert reminded == cancellable == {workshops[0].pk}
