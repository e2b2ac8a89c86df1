"""Seats released before no-shows: before each workshop, every person with a
seat is asked once (even if beat runs twice, even at the same moment) to
confirm it or release it; a released seat goes to the first person waiting."""

import html
import re
from datetime import timedelta
from urllib.parse import urlparse

import pytest
import time_machine
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from core.models import Notification
from tests.bidi import visible
from tests.core.test_transitions import in_parallel
from tests.factories import UserFactory, WorkshopFactory
from workshops import registration as seats
from workshops.models import Registration
from workshops.tasks import send_seat_reminders

S = Registration.Status


def committed():
    return TestCase.captureOnCommitCallbacks(execute=True)


def link_in(message, action: str) -> str:
    url = re.search(rf"http\S+/workshops/\d+/{action}/\S+/", message.body).group(0)
    return urlparse(url).path


def text(response) -> str:
    return html.unescape(visible(response.content.decode()))


def reminders() -> list:
    return [m for m in mail.outbox if "Will you come?" in m.subject]


@pytest.fixture
def full_workshop(db):
    """Starts in 30 hours (reminders 48 hours before): two seats taken, one
    by a visitor, and one person waiting."""
    workshop = WorkshopFactory(
        starts_at=timezone.now() + timedelta(hours=30), capacity=2, title_en="Open budget"
    )
    member = seats.register(workshop, user=UserFactory(language="en"))
    guest = seats.confirm(seats.register(workshop, email="guest@example.org", name="Guest", language="en"))
    waiting = seats.register(workshop, user=UserFactory(language="en"))
    assert (member.status, guest.status, waiting.status) == (S.REGISTERED, S.REGISTERED, S.WAITING)
    mail.outbox.clear()
    return workshop


@pytest.mark.django_db
def test_each_seat_is_reminded_once_even_if_beat_runs_twice(full_workshop):
    with committed():
        assert send_seat_reminders() == 2
    with committed():
        assert send_seat_reminders() == 0
    sent = reminders()
    assert sorted(m.to[0] for m in sent) == sorted(
        Registration.objects.filter(status=S.REGISTERED).values_list("email", flat=True)
    )
    # Both links in each, and the check-in code.
    for message in sent:
        assert re.search(r"/workshops/\d+/keep/", message.body)
        assert re.search(r"/workshops/\d+/release/", message.body)
    assert all(r.reminded_at for r in Registration.objects.filter(status=S.REGISTERED))
    assert not Registration.objects.get(status=S.WAITING).reminded_at


@pytest.mark.django_db
def test_no_reminder_too_early_after_the_start_or_for_a_cancelled_workshop(full_workshop):
    later = WorkshopFactory(starts_at=timezone.now() + timedelta(hours=60), capacity=5)
    seats.register(later, user=UserFactory())
    cancelled = WorkshopFactory(starts_at=timezone.now() + timedelta(hours=5))
    seats.register(cancelled, user=UserFactory())
    cancelled.cancelled_at = timezone.now()
    cancelled.save()
    # Its own hours: this one asks 72 hours before.
    sooner = WorkshopFactory(starts_at=timezone.now() + timedelta(hours=60), reminder_hours=72)
    asked = seats.register(sooner, user=UserFactory())
    with committed():
        assert send_seat_reminders() == 3  # the full workshop's two, and `sooner`'s
    assert Registration.objects.get(pk=asked.pk).reminded_at
    # Once begun, nobody is asked any more.
    with time_machine.travel(later.starts_at + timedelta(minutes=1)), committed():
        assert send_seat_reminders() == 0


@pytest.mark.django_db(transaction=True)
def test_two_beats_at_the_same_moment_send_one_reminder_each(monkeypatch):
    workshop = WorkshopFactory(starts_at=timezone.now() + timedelta(hours=10), capacity=20)
    for user in UserFactory.create_batch(6):
        seats.register(workshop, user=user)
    # The outbox rows are what is sent (each once: tests/core); kept from
    # eager Celery here, whose join guard is a global that threads race on.
    monkeypatch.setattr("core.notifications.enqueue", lambda pk: None)
    results = in_parallel(send_seat_reminders, count=4)
    assert sum(results) == 6
    per_person = Notification.objects.filter(kind="workshop_reminder").values_list("to_email", flat=True)
    assert len(per_person) == 6 and len(set(per_person)) == 6


@pytest.mark.django_db
def test_confirming_the_seat_by_the_link_records_it(client, full_workshop):
    with committed():
        send_seat_reminders()
    message = next(m for m in reminders() if m.to == ["guest@example.org"])
    keep = link_in(message, "keep")
    assert "I will come: confirm my seat" in text(client.get(keep))
    guest = Registration.objects.get(email="guest@example.org")
    assert guest.seat_confirmed_at is None  # opening the link did nothing
    response = client.post(keep, follow=True)
    assert "your seat is confirmed" in text(response)
    guest.refresh_from_db()
    assert guest.seat_confirmed_at is not None and guest.status == S.REGISTERED
    assert "You have confirmed that you will come." in text(response)


@pytest.mark.django_db
def test_releasing_the_seat_promotes_the_first_person_waiting(client, full_workshop):
    waiting = Registration.objects.get(status=S.WAITING)
    with committed():
        send_seat_reminders()
    message = next(m for m in reminders() if m.to == ["guest@example.org"])
    release = link_in(message, "release")
    with committed():
        response = client.post(release, follow=True)
    assert "Your seat is released" in text(response)
    assert Registration.objects.get(email="guest@example.org").status == S.RELEASED
    waiting.refresh_from_db()
    assert waiting.status == S.REGISTERED
    assert mail.outbox[-1].to == [waiting.user.email]
    assert "A seat is yours" in mail.outbox[-1].subject
    # The link cannot release twice nor confirm what was released.
    response = client.post(release, follow=True)
    assert "no seat to release" in text(response) or "cancelled" in text(response)
    assert Registration.objects.filter(status=S.REGISTERED).count() == 2


@pytest.mark.django_db
def test_the_workshop_page_offers_confirm_or_release_once_reminded(client, full_workshop):
    from allauth.account.models import EmailAddress

    member = Registration.objects.filter(status=S.REGISTERED, user__isnull=False).get()
    EmailAddress.objects.create(user=member.user, email=member.user.email, verified=True, primary=True)
    client.force_login(member.user)
    page = text(client.get(f"/en/workshops/{full_workshop.pk}/"))
    assert "we will ask you by email to confirm your seat or release it" in page
    assert "release my seat" not in page and "Cancel my registration" in page
    with committed():
        send_seat_reminders()
    page = text(client.get(f"/en/workshops/{full_workshop.pk}/"))
    assert "will you come?" in page
    assert "I will come: confirm my seat" in page and "I cannot come: release my seat" in page
    keep = re.search(
        r'action="(/en/workshops/\d+/keep/[^"]+)"',
        client.get(f"/en/workshops/{full_workshop.pk}/").content.decode(),
    )
    client.post(keep.group(1))
    member.refresh_from_db()
    assert member.seat_confirmed_at
    page = text(client.get(f"/en/workshops/{full_workshop.pk}/"))
    assert "You have confirmed that you will come." in page and "I will come: confirm my seat" not in page
