"""The cast of the minutes' tests (test_minutes*, test_reminders*): a
committee whose OGP member has Throne Day (30 July) off, its members — in
Arabic and in French, one whose seat ended before the meeting, one who
joined after it, one without an account — a member of another committee,
the secretariat (a member of its group, in Arabic, and a superuser, in
French), and a meeting on Thursday 18 June 2026 with its minutes written."""

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.utils import translation

from core.permissions import secretariat_group
from plans.models import PublicHoliday
from tests.committee.factories import CommitteeFactory, MeetingFactory, MembershipFactory
from tests.factories import UserFactory

CASABLANCA = ZoneInfo("Africa/Casablanca")
# What the secretariat's group needs on the minutes (its data migration grants it on main).
SECRETARIAT_RIGHTS = ["view_meeting", "change_meeting", "view_minutescomment", "change_minutescomment"]


@pytest.fixture(autouse=True)
def english():
    """For a module that imports it: the refusals read in English (the
    catalogues' other languages may word them otherwise)."""
    with translation.override("en"):
        yield


def at(year, month, day, hour=12, minute=0) -> datetime:
    """A moment, Casablanca time."""
    return datetime(year, month, day, hour, minute, tzinfo=CASABLANCA)


def secretariat_member(email: str = "salma@example.org", language: str = "ar"):
    group = secretariat_group()
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="committee", codename__in=SECRETARIAT_RIGHTS)
    )
    user = UserFactory(email=email, display_name="سلمى", is_staff=True, language=language)
    user.groups.add(group)
    return user


def cast(meeting_at: datetime | None = None) -> SimpleNamespace:
    committee = CommitteeFactory()
    member = committee.plan.member
    PublicHoliday.objects.create(member=member, month=7, day=30, name_ar="عيد العرش", name_fr="Fête du Trône")

    def seat(name: str, language: str = "ar", **fields):
        person = UserFactory(display_name=name, language=language, email=f"{name.lower()}@example.org")
        return MembershipFactory(committee=committee, person=person, name=name, **fields)

    return SimpleNamespace(
        committee=committee,
        amina=seat("Amina"),
        julien=seat("Julien", "fr", side="public"),
        gone=seat("Gone", ends_on=date(2026, 5, 31), end_reason="withdrawal"),
        later=seat("Later", starts_on=date(2026, 7, 1)),
        no_account=MembershipFactory(committee=committee, person=None, name="Sans compte"),
        stranger=MembershipFactory(person=UserFactory(email="stranger@example.org", language="fr")),
        secretariat=secretariat_member(),
        superuser=UserFactory(
            email="chief@example.org", display_name="Chef", is_staff=True, is_superuser=True, language="fr"
        ),
        meeting=MeetingFactory(
            committee=committee,
            starts_at=meeting_at or at(2026, 6, 18, 10),
            title_ar="الاجتماع الثاني للجنة",
            title_fr="Deuxième réunion du comité",
            minutes_ar="تمت المصادقة على المنهجية.",
            minutes_fr="La méthode est adoptée.",
        ),
    )
