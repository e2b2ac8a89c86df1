"""What the committee members' tests share (committee.membership, absences,
handbook and their admins): the secretariat as its migration made it, the
other roles that must find nothing there, an admin page's URL in English and
its words (the refusals are read in words), a moment in Casablanca."""

import html
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from core.bidi import strip_isolates
from core.permissions import SECRETARIAT_GROUP
from tests.factories import AssociationFactory, InstitutionFactory, UserFactory


def secretariat_user():
    """Staff in the Secretariat group, with only the rights the migrations grant."""
    user = UserFactory(
        email="secretariat-committee@example.org", display_name="Salma", is_staff=True, language="en"
    )
    user.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))
    return user


def other_roles() -> dict:
    """A focal point, an association's representative, a citizen and a
    committee member who is none of those (each as staff where the role is)."""
    focal = UserFactory(email="focal-committee@example.org", is_staff=True, language="en")
    focal.groups.add(Group.objects.get_or_create(name="Focal points")[0])
    InstitutionFactory().focal_points.add(focal)
    representative = UserFactory(email="rep-committee@example.org", is_staff=True, language="en")
    representative.groups.add(Group.objects.get_or_create(name="Association representatives")[0])
    AssociationFactory().representatives.add(representative)
    return {
        "focal point": focal,
        "representative": representative,
        "citizen": UserFactory(email="citizen-committee@example.org", language="en"),
        "member": UserFactory(email="member-committee@example.org", language="en"),
    }


def admin_url(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(f"admin:committee_{name}", args=args)


def words(response) -> str:
    """A page's words: no tags, no isolates, entities read, spaces as one."""
    text = html.unescape(re.sub(r"<[^>]+>", "", response.content.decode()))
    return " ".join(strip_isolates(text).split())


CASABLANCA = ZoneInfo("Africa/Casablanca")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=CASABLANCA)
