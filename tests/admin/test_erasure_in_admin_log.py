"""After a person's data is erased from rows that stay (a guest's
registration some days after the workshop, an account's registrations when
it is deleted), the admin's log no longer names them (issue 18, item 29):
"Recent actions" and a row's history show the row as it is now."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from core.personal_data import erase_account
from tests.factories import UserFactory, WorkshopFactory
from workshops import registration as seats
from workshops.models import Registration
from workshops.tasks import erase_guest_data

pytestmark = pytest.mark.django_db


def logged_by(user, registration, message="Présence"):
    """What the registration's admin writes when staff change a row."""
    request = RequestFactory().get("/")
    request.user = user
    admin.site._registry[Registration].log_change(request, registration, message)


def test_a_guests_name_leaves_recent_actions_with_their_data(client, staff, settings):
    settings.WORKSHOP_GUEST_DATA_DAYS = 30
    workshop = WorkshopFactory(starts_at=timezone.now() + timedelta(days=2), capacity=10)
    guest = seats.register(workshop, email="nadia@example.org", name="Nadia Bennani", organisation="Tafra")
    seats.confirm(guest)
    logged_by(staff, guest)
    client.force_login(staff)
    assert "Nadia Bennani" in client.get(reverse("admin:index")).content.decode()

    with time_machine.travel(workshop.ends_at + timedelta(days=31)):
        assert erase_guest_data() == 1
    [entry] = LogEntry.objects.all()
    assert "Nadia" not in entry.object_repr and guest.code in entry.object_repr
    assert "Nadia" not in client.get(reverse("admin:index")).content.decode()
    history = client.get(reverse("admin:workshops_registration_history", args=[guest.pk]))
    assert history.status_code == 200 and "Nadia" not in history.content.decode()


def test_an_erased_accounts_registrations_are_not_named_in_the_log_either(staff):
    person = UserFactory(display_name="Youssef")
    workshop = WorkshopFactory(starts_at=timezone.now() + timedelta(days=2), capacity=10)
    registration = seats.register(workshop, user=person, organisation="Institution")
    Registration.objects.filter(pk=registration.pk).update(name="Youssef Alaoui")
    registration.refresh_from_db()
    logged_by(staff, registration)
    other = seats.register(workshop, email="autre@example.org", name="Autre Personne")
    logged_by(staff, other)

    erase_account(person)
    names = set(LogEntry.objects.values_list("object_repr", flat=True))
    assert not any("Youssef" in name for name in names)
    assert any("Autre Personne" in name for name in names)  # someone else's stays
