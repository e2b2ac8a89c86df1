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
    }
    assert perms("Moderators") == {
        ("ideas", "view_idea"),
        ("ideas", "change_idea"),
        ("ideas", "view_comment"),
        ("ideas", "change_comment"),
    }
