import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db


def perms(name: str) -> set[str]:
    return set(Group.objects.get(name=name).permissions.values_list("content_type__app_label", "codename"))


def test_migrations_create_the_staff_roles_with_their_permissions():
    secretariat = perms("Secretariat")
    assert {
        ("ideas", "change_idea"),
        ("plans", "add_plan"),
        ("core", "change_notification"),
        ("workshops", "add_workshop"),
        ("commitments", "change_commitment"),
    } <= secretariat
    assert ("ideas", "delete_idea") not in secretariat
    assert perms("Focal points") == {
        ("ideas", "view_idea"),
        ("ideas", "change_idea"),
        ("ideas", "view_ideaevent"),
        ("commitments", "view_commitment"),
        ("workshops", "view_workshop"),
        ("workshops", "view_registration"),
        ("workshops", "view_programmeitem"),
        ("workshops", "view_poll"),
        ("workshops", "view_polloption"),
    }
    representatives = perms("Association representatives")
    assert {("workshops", "change_workshop"), ("workshops", "change_registration")} <= representatives
    assert {app for app, _codename in representatives} == {"workshops"}
    assert ("workshops", "add_workshop") not in representatives
    assert ("workshops", "delete_registration") not in representatives
    assert perms("Moderators") == {
        ("ideas", "view_idea"),
        ("ideas", "change_idea"),
        ("ideas", "view_comment"),
        ("ideas", "change_comment"),
    }
