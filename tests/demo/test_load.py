"""load_demo: the admin it creates, and what it refuses outside debug."""

import pytest
from django.apps import apps
from django.core.management.base import CommandError

from core.models import User
from demo.builders.users import ADMIN_EMAIL, DEMO_PASSWORD
from plans.models import Member

from .conftest import load_demo, printed_credentials

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_the_demo_loads_the_admin_and_morocco_and_loading_twice_changes_nothing(client):
    out, _err = load_demo()
    assert printed_credentials(out) == (ADMIN_EMAIL, DEMO_PASSWORD)
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


def test_it_refuses_to_run_outside_debug_and_writes_nothing(settings):
    settings.DEBUG = False
    before = row_counts()
    with pytest.raises(CommandError, match="DEBUG is off.*--force"):
        load_demo()
    assert row_counts() == before
    assert not User.objects.filter(email=ADMIN_EMAIL).exists()


def test_outside_debug_force_gives_the_admin_a_generated_password_printed_once(settings, client):
    settings.DEBUG = False
    out, _err = load_demo("--force")
    email, password = printed_credentials(out)
    assert email == ADMIN_EMAIL and password != DEMO_PASSWORD and len(password) >= 20
    assert out.count(password) == 1
    admin = User.objects.get(email=ADMIN_EMAIL)
    assert admin.check_password(password)
    assert not admin.check_password(DEMO_PASSWORD)

    # A later load, in debug or not, neither resets nor prints it.
    settings.DEBUG = True
    out, _err = load_demo()
    assert printed_credentials(out) is None and "password unchanged" in out
    settings.DEBUG = False
    out, _err = load_demo("--force")
    assert printed_credentials(out) is None and "password unchanged" in out
    admin.refresh_from_db()
    assert admin.check_password(password) and not admin.check_password(DEMO_PASSWORD)


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
