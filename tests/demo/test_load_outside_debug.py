"""load_demo on an empty database with DEBUG off: it refuses without
--force, and with it gives the admin a password of its own."""

import pytest
from django.apps import apps
from django.core.management.base import CommandError

from core.models import User
from demo.builders.users import ADMIN_EMAIL, DEMO_PASSWORD

from .conftest import load_demo, printed_credentials

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


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
