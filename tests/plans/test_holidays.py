"""Public holidays (issue 18 point 22): the days off working days will skip.
Fixed ones come every year (fixtures/ holds Morocco's); the secretariat adds
the religious ones, which follow the lunar calendar, in the admin for their
year."""

import pytest
from django.contrib.auth.models import Group
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from core.permissions import SECRETARIAT_GROUP
from plans.models import PublicHoliday
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db
ADD = "/fr/admin/plans/publicholiday/add/"


@pytest.fixture
def member():
    member = MemberFactory()
    PublicHoliday.objects.create(member=member, month=7, day=30, name_ar="عيد العرش", name_fr="Fête du Trône")
    return member


@pytest.fixture
def secretariat(client):
    user = UserFactory(is_staff=True, language="fr")
    user.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))  # the rights plans' migrations grant
    client.force_login(user)
    return user


def holiday(member, **fields) -> dict:
    return {"member": member.pk, "name_ar": "عيد", "name_fr": "Aïd", "name_en": "", **fields}


def test_the_secretariat_adds_a_religious_holiday_for_its_year_even_on_a_fixed_ones_day(
    client, secretariat, member
):
    response = client.post(ADD, holiday(member, name_fr="Aïd al-Fitr", month=3, day=20, year=2026))
    assert response.status_code == 302
    # A lunar holiday of one year may fall on a fixed holiday's day.
    assert client.post(ADD, holiday(member, month=7, day=30, year=2028)).status_code == 302
    assert set(member.holidays.values_list("year", "month", "day")) == {
        (None, 7, 30),
        (2026, 3, 20),
        (2028, 7, 30),
    }
    page = client.get("/fr/admin/plans/publicholiday/").content.decode()
    assert "30 juillet" in page and "20 mars 2026" in page and "Aïd al-Fitr" in page
    with translation.override("fr"):
        assert page.count(str(_("every year"))) == 2  # the fixed holiday's year, and the filter's choice
    with translation.override("fr"):  # what the year field means, said on the form
        assert (
            escape(str(PublicHoliday._meta.get_field("year").help_text)) in client.get(ADD).content.decode()
        )


def test_a_day_comes_once_per_year_or_once_for_every_year_and_must_exist(client, secretariat, member):
    again = client.post(ADD, holiday(member, month=7, day=30))
    assert again.status_code == 200 and again.context["adminform"].form.errors
    no_such_day = client.post(ADD, holiday(member, month=2, day=30))
    assert no_such_day.context["adminform"].form.errors["day"]
    once = client.post(ADD, holiday(member, month=2, day=29, year=2027))  # not a leap year
    assert once.context["adminform"].form.errors["day"]
    assert client.post(ADD, holiday(member, month=2, day=29, year=2028)).status_code == 302
    assert member.holidays.count() == 2
