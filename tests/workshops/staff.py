"""The workshops' staff cast, beside the admin's (tests/admin/conftest.py):
an organising association's representatives."""

from datetime import timedelta
from types import SimpleNamespace

from django.contrib.auth.models import Group
from django.utils import timezone

from core.permissions import FOCAL_POINTS_GROUP, REPRESENTATIVES_GROUP, SECRETARIAT_GROUP
from tests.factories import AssociationFactory, InstitutionFactory, ThemeFactory, UserFactory, WorkshopFactory


def representative(association, email: str, language: str = "fr"):
    """A staff user named on the association, in the group whose rights its
    migration grants (workshops 0005)."""
    user = UserFactory(email=email, display_name=email.split("@")[0], is_staff=True, language=language)
    user.groups.add(Group.objects.get(name=REPRESENTATIVES_GROUP))
    association.representatives.add(user)
    return user


def secretariat(email: str = "secretariat-member@example.org"):
    """Staff in the Secretariat group, with the rights its migrations grant."""
    user = UserFactory(email=email, display_name="Salma", is_staff=True, language="fr")
    user.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))
    return user


def focal_point(institution, email: str):
    user = UserFactory(email=email, display_name=email.split("@")[0], is_staff=True, language="ar")
    user.groups.add(Group.objects.get(name=FOCAL_POINTS_GROUP))
    institution.focal_points.add(user)
    return user


def stage(**fields) -> SimpleNamespace:
    """A workshop of institution A organised by association A, another of
    B by B, and the staff around them."""
    theme = ThemeFactory()
    institution, other_institution = InstitutionFactory(), InstitutionFactory()
    association, other_association = AssociationFactory(), AssociationFactory()
    fields.setdefault("starts_at", timezone.now() + timedelta(days=10))
    workshop = WorkshopFactory(theme=theme, organiser=association, **fields)
    workshop.institutions.add(institution)
    other = WorkshopFactory(theme=theme, organiser=other_association, starts_at=fields["starts_at"])
    other.institutions.add(other_institution)
    return SimpleNamespace(
        workshop=workshop,
        other_workshop=other,
        secretariat=secretariat(),
        focal=focal_point(institution, "focal-finance@example.org"),
        other_focal=focal_point(other_institution, "focal-sante@example.org"),
        rep=representative(association, "rep@example.org"),
        other_rep=representative(other_association, "other-rep@example.org"),
    )
