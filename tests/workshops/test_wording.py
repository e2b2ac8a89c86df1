"""What the registration pages and emails say: one person's state in the
singular, the waiting list's cancellation as it happens, the phase's name."""

import html
from datetime import timedelta
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext

from tests.bidi import visible
from tests.factories import UserFactory, WorkshopFactory
from workshops import registration as seats
from workshops.models import Registration

pytestmark = pytest.mark.django_db
S = Registration.Status
ROOT = Path(settings.BASE_DIR)


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_one_registrations_state_is_not_the_figures_plural(language, client, citizen):
    # «مسجل» / «inscrit·e» for one person; «المسجلون» / «inscrits» count people.
    with translation.override(language):
        state, figure = str(S.REGISTERED.label), gettext("registered")
    if language != "en":  # English says "registered" of one person and of many
        assert state != figure
    seats.register(WorkshopFactory(starts_at=timezone.now() + timedelta(days=5)), user=citizen)
    client.force_login(citizen)
    page = visible(client.get(f"/{language}/workshops/mine/").content.decode())
    assert f'<span class="status status-registered">{html.escape(state)}</span>' in page


def test_the_waiting_list_email_does_not_speak_of_a_seat_to_give_up(django_capture_on_commit_callbacks):
    workshop = WorkshopFactory(starts_at=timezone.now() + timedelta(days=5), capacity=1)
    seated, waiting = UserFactory(language="en"), UserFactory(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        seats.register(workshop, user=seated)
        seats.register(workshop, user=waiting)
        guest = seats.register(workshop, email="guest@example.org", name="Guest")
    with django_capture_on_commit_callbacks(execute=True):
        seats.confirm(guest)
    seat, in_line, guest_in_line = (mail.outbox[0], mail.outbox[1], mail.outbox[-1])
    assert guest_in_line.to == ["guest@example.org"]
    # The account holder reads English; the guest, who chose no language, the portal's Arabic.
    for message, said in (
        (in_line, "you leave the waiting list and those after you move up"),
        (guest_in_line, "تغادرون لائحة الانتظار ويتقدم من يليكم فيها"),
    ):
        for part in (message.body, message.alternatives[0][0]):
            assert "your seat goes" not in part and "مقعدكم" not in part
            assert said in part
    assert "your seat goes to the next person waiting" in seat.body


def test_the_collection_of_ideas_is_named_as_a_gathering_everywhere():
    """«جمع الأفكار» (collecting ideas), never «مجموعة الأفكار» (a set of ideas)."""
    wrong = "مجموعة الأفكار"
    catalogue = polib.pofile(str(ROOT / "locale" / "ar" / "LC_MESSAGES" / "django.po"))
    assert [entry.msgid for entry in catalogue if wrong in entry.msgstr] == []
    sources = [path for folder in ("demo", "templates") for path in (ROOT / folder).rglob("*.*")]
    found = [path for path in sources if path.is_file() and wrong in path.read_text(errors="ignore")]
    assert found == []
