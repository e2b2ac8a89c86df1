"""The workshops' staff cast, beside the admin's (tests/admin/conftest.py):
an organising association's representatives."""

from django.contrib.auth.models import Group

from core.permissions import REPRESENTATIVES_GROUP
from tests.factories import UserFactory


def representative(association, email: str, language: str = "fr"):
    """A staff user named on the association, in the group whose rights its
    migration grants (workshops 0005)."""
    user = UserFactory(email=email, display_name=email.split("@")[0], is_staff=True, language=language)
    user.groups.add(Group.objects.get(name=REPRESENTATIVES_GROUP))
    association.representatives.add(user)
    return user
