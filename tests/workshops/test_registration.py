"""Registration for a workshop: seats held by the database under parallel
requests, the waiting list in order, the window, one registration per person."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from core.personal_data import erase_account
from core.transitions import TransitionError
from tests.bidi import visible
from tests.core.test_transitions import in_parallel, moves_in_parallel
from tests.factories import UserFactory, WorkshopFactory
from workshops import registration as seats
from workshops.models import Registration, RegistrationEvent

S = Registration.Status


def upcoming(**kwargs):
    return WorkshopFactory(starts_at=timezone.now() + timedelta(days=10), **kwargs)


def statuses(workshop):
    return list(
        Registration.objects.filter(workshop=workshop)
        .order_by("queued_at", "pk")
        .values_list("status", flat=True)
    )


@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_never_overbook():
    workshop = upcoming(capacity=5, reserved_seats=2)  # three seats for the public
    users = iter(UserFactory.create_batch(8))
    results = in_parallel(lambda: seats.register(workshop, user=next(users)).status, count=8)
    assert sorted(results) == [S.REGISTERED] * 3 + [S.WAITING] * 5
    assert Registration.objects.filter(workshop=workshop, status=S.REGISTERED).count() == 3


@pytest.mark.django_db
def test_a_cancelled_seat_goes_to_the_first_person_waiting():
    workshop = upcoming(capacity=1)
    first, second, third = UserFactory.create_batch(3)
    seated = seats.register(workshop, user=first)
    waiting = [seats.register(workshop, user=second), seats.register(workshop, user=third)]
    assert [seats.waiting_position(r) for r in waiting] == [1, 2]
    promoted = seats.give_up(seated, by=first)
    assert promoted == waiting[0]
    assert statuses(workshop) == [S.CANCELLED, S.REGISTERED, S.WAITING]
    waiting[1].refresh_from_db()
    assert seats.waiting_position(waiting[1]) == 1
    # Every move is recorded: the promotion by nobody in particular.
    event = RegistrationEvent.objects.get(
        registration=waiting[0], to_status=S.REGISTERED, from_status=S.WAITING
    )
    assert event.actor is None


@pytest.mark.django_db
def test_a_released_seat_promotes_too_and_a_waiting_cancel_promotes_nobody():
    workshop = upcoming(capacity=1)
    first, second, third = UserFactory.create_batch(3)
    seated = seats.register(workshop, user=first)
    waiting = seats.register(workshop, user=second)
    last = seats.register(workshop, user=third)
    assert seats.give_up(last, by=third) is None
    assert seats.give_up(seated, by=first, to=S.RELEASED) == waiting
    assert statuses(workshop) == [S.RELEASED, S.REGISTERED, S.CANCELLED]


@pytest.mark.django_db
def test_outside_the_window_nothing_is_saved_and_the_reason_is_said():
    opens = timezone.now() + timedelta(days=2)
    not_yet = upcoming(registration_opens_at=opens)
    closed = WorkshopFactory(starts_at=timezone.now() - timedelta(hours=1))
    user = UserFactory()
    with translation.override("fr"):
        with pytest.raises(TransitionError, match="Les inscriptions ouvrent le"):
            seats.register(not_yet, user=user)
        with pytest.raises(TransitionError, match="Les inscriptions à cet atelier sont closes."):
            seats.register(closed, user=user)
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_one_place_per_person_signed_in_or_not():
    workshop = upcoming(capacity=10)
    user = UserFactory()
    seats.register(workshop, user=user)
    with pytest.raises(TransitionError):
        seats.register(workshop, user=user)
    seats.confirm(seats.register(workshop, email="Nadia@Example.org", name="Nadia"))
    # Typed again by anyone: an unconfirmed row, which holds nothing.
    again = seats.register(workshop, email="nadia@example.ORG", name="Nadia")
    assert again.status == S.PENDING
    with pytest.raises(TransitionError, match="already registered"), translation.override("en"):
        seats.confirm(again)
    # The database holds it too, whatever the case of the address: one
    # confirmed place per address, any number unconfirmed.
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(workshop=workshop, email="NADIA@example.org", status=S.WAITING)
    Registration.objects.create(workshop=workshop, email="NADIA@example.org", status=S.PENDING)
    Registration.objects.create(workshop=workshop, email="NADIA@example.org", status=S.CANCELLED)


@pytest.mark.django_db
def test_a_visitor_counts_once_confirmed_and_registers_again_in_a_new_row_after_cancelling():
    workshop = upcoming(capacity=1)
    guest = seats.register(workshop, email="guest@example.org", name="Guest")
    assert guest.status == S.PENDING
    member = seats.register(workshop, user=UserFactory())
    assert member.status == S.REGISTERED  # the pending visitor held no seat
    assert seats.confirm(guest).status == S.WAITING
    seats.give_up(guest, by=None)
    again = seats.register(workshop, email="GUEST@example.org", name="Guest")
    assert again.pk != guest.pk and again.status == S.PENDING


@pytest.mark.django_db(transaction=True)
def test_parallel_confirmations_of_one_address_give_it_one_place():
    workshop = upcoming(capacity=10)
    rows = [seats.register(workshop, email="nadia@example.org", name=f"Nadia {n}") for n in range(4)]
    rows = iter(rows)
    outcomes = moves_in_parallel(lambda: seats.confirm(next(rows)))
    assert outcomes == ["moved", "refused", "refused", "refused"]
    assert seats.holders(workshop, "nadia@example.org").count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_account_and_visitors_confirming_its_address_at_once_hold_one_place():
    workshop = upcoming(capacity=10)
    leila = UserFactory(email="leila@example.org")
    guests = iter([seats.register(workshop, email="LEILA@example.org", name="Someone") for _ in range(3)])
    moves = iter([lambda: seats.register(workshop, user=leila)] + [lambda: seats.confirm(next(guests))] * 3)
    outcomes = moves_in_parallel(lambda: next(moves)())
    assert outcomes == ["moved", "refused", "refused", "refused"]
    assert seats.holders(workshop, "leila@example.org").count() == 1


@pytest.mark.django_db
def test_an_old_link_acts_on_no_later_registration_of_an_account(client):
    workshop = upcoming(capacity=3)
    leila = UserFactory(language="en")
    first = seats.register(workshop, user=leila)
    with translation.override("en"):
        release = seats.link_path(first, "release")
    seats.give_up(first, by=leila)
    again = seats.register(workshop, user=leila)
    assert again.pk == first.pk  # her row, registered again
    response = client.post(release, follow=True)
    assert response.status_code == 400
    page = visible(response.content.decode())
    assert "This link is not valid" in page
    # The page names the workshop and leads to it.
    with translation.override("en"):
        assert f'href="{workshop.get_absolute_url()}"' in page and workshop.title in page
    again.refresh_from_db()
    assert again.status == S.REGISTERED
    with translation.override("en"):
        assert client.post(seats.link_path(again, "release")).status_code == 302


@pytest.mark.django_db
def test_deleting_an_account_keeps_the_seat_in_the_figures_but_nothing_personal():
    workshop = upcoming(capacity=3)
    user = UserFactory(email="leila@example.org")
    seats.register(workshop, user=user, organisation="Association Tafra", region="Fès-Meknès")
    erase_account(user)
    row = Registration.objects.get(workshop=workshop)
    assert row.status == S.REGISTERED
    assert (row.user, row.email, row.organisation, row.region) == (None, "", "", "")
