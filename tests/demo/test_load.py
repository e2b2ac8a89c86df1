import pytest
from django.core.management import call_command

from core.models import User
from demo.builders.users import ADMIN_EMAIL, DEMO_PASSWORD
from plans.models import Member

pytestmark = pytest.mark.django_db


def test_the_demo_loads_the_admin_and_morocco_and_loading_twice_changes_nothing(client, capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert ADMIN_EMAIL in out and DEMO_PASSWORD in out
    users = User.objects.count()
    call_command("load_demo")
    assert User.objects.count() == users
    assert User.objects.get(email=ADMIN_EMAIL).is_superuser
    member = Member.objects.get(slug="morocco")
    assert (member.name_en, member.name_fr, member.name_ar) == (
        "Kingdom of Morocco",
        "Royaume du Maroc",
        "المملكة المغربية",
    )
    # The printed credentials work, without an email round-trip.
    response = client.post("/fr/accounts/login/", {"login": ADMIN_EMAIL, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/fr/admin/").status_code == 200
