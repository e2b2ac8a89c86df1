"""load_demo: the admin it creates, on the demo loaded once for the module
(what it does on an empty database outside debug: test_load_outside_debug.py)."""

import pytest

from commitments.models import ProgressUpdate, ProgressUpdateEvent
from core.models import Notification, User
from demo.builders.users import ADMIN_EMAIL, DEMO_PASSWORD
from plans.models import Member

from .conftest import load_demo, printed_credentials

pytestmark = pytest.mark.django_db


def test_the_demo_loads_the_admin_and_morocco_and_loading_twice_changes_nothing(client, loaded):
    assert printed_credentials(loaded) == (ADMIN_EMAIL, DEMO_PASSWORD)
    users = User.objects.count()
    out, _err = load_demo()
    assert User.objects.count() == users
    assert User.objects.get(email=ADMIN_EMAIL).is_superuser
    member = Member.objects.get(slug="morocco")
    assert (member.name_en, member.name_fr, member.name_ar) == (
        "Kingdom of Morocco",
        "Royaume du Maroc",
        "المملكة المغربية",
    )
    # The credentials printed by the second load (make run prints them each
    # time) work, without an email round-trip.
    email, password = printed_credentials(out)
    response = client.post("/fr/accounts/login/", {"login": email, "password": password})
    assert response.status_code == 302
    assert client.get("/fr/admin/").status_code == 200


def test_a_later_load_never_resets_the_admins_password(loaded, settings):
    admin = User.objects.get(email=ADMIN_EMAIL)
    admin.set_password("the secretariat's own")
    admin.save()
    out, _err = load_demo()
    assert DEMO_PASSWORD not in out and "password unchanged" in out
    admin.refresh_from_db()
    assert admin.check_password("the secretariat's own")


def test_outside_debug_it_warns_when_the_admin_still_has_the_demo_password(loaded, settings):
    settings.DEBUG = False
    out, err = load_demo("--force")
    assert DEMO_PASSWORD not in out
    assert "still has the public demo password" in err
    # Warned, not changed: the secretariat decides.
    assert User.objects.get(email=ADMIN_EMAIL).check_password(DEMO_PASSWORD)


def test_loading_the_demo_notifies_nobody(loaded):
    # Its updates were submitted, validated and returned through the life
    # cycle, each move recorded, yet nobody is told: its people are
    # fictitious (make run printed 84 "update awaits validation" emails).
    assert ProgressUpdate.objects.filter(state=ProgressUpdate.State.VALIDATED).exists()
    assert ProgressUpdateEvent.objects.exists()
    assert not Notification.objects.exists()
    load_demo()
    assert not Notification.objects.exists()
