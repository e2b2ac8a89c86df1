"""A guest at a committee meeting (a person without an account) is recorded
by name for the meeting's record and published by organisation only; the
name is blanked COMMITTEE_GUEST_DATA_DAYS after the meeting, the row and its
organisation staying for the attendance figures, and the admin's log stops
naming them (law 09-08)."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse

from committee.models import Guest
from committee.tasks import erase_guest_names
from tests.committee.factories import MeetingFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return UserFactory(is_staff=True, is_superuser=True, language="fr")


def test_a_guests_name_is_blanked_after_the_period_and_leaves_the_log(client, superuser, settings):
    settings.COMMITTEE_GUEST_DATA_DAYS = 90
    meeting = MeetingFactory()
    guest = Guest.objects.create(meeting=meeting, name="Nadia Bennani", organisation="Banque mondiale")
    other = Guest.objects.create(
        meeting=MeetingFactory(starts_at=meeting.starts_at + timedelta(days=30)),
        name="Omar Idrissi",
        organisation="PNUD",
    )
    # As the meeting's page logs a change to its guests inline.
    LogEntry.objects.log_actions(superuser.pk, [guest], CHANGE, change_message="")
    assert LogEntry.objects.filter(object_repr__contains="Nadia").exists()

    with time_machine.travel(meeting.starts_at + timedelta(days=90)):
        assert erase_guest_names() == 0  # the day is not over the period
    with time_machine.travel(meeting.starts_at + timedelta(days=91)):
        assert erase_guest_names() == 1
        assert erase_guest_names() == 0  # once
    guest.refresh_from_db()
    other.refresh_from_db()
    assert (guest.name, guest.organisation) == ("", "Banque mondiale")
    assert other.name == "Omar Idrissi"  # its meeting is more recent
    assert not LogEntry.objects.filter(object_repr__contains="Nadia").exists()

    # The meeting's page in the admin still saves: the erased name is not asked again.
    client.force_login(superuser)
    page = client.get(reverse("admin:committee_meeting_change", args=[meeting.pk]))
    assert page.status_code == 200 and "Banque mondiale" in page.content.decode()
    assert "Nadia" not in page.content.decode()
