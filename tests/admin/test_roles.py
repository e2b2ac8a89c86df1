import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db

# What a focal point views, adds and changes under the cards of their institutions.
CARD_ROWS = ("milestone", "indicator", "measurement", "evidence")


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
        ("commitments", "change_commitment"),
        *{
            ("commitments", f"{action}_{model}")
            for action in ("view", "add", "change")
            for model in CARD_ROWS
        },
        ("commitments", "view_progressupdate"),
        ("commitments", "add_progressupdate"),
        ("commitments", "view_draftcomment"),
        ("commitments", "add_draftcomment"),
        ("workshops", "view_workshop"),
        ("workshops", "view_registration"),
        ("workshops", "view_programmeitem"),
        ("workshops", "view_poll"),
        ("workshops", "view_polloption"),
    }
    representatives = perms("Association representatives")
    assert {("workshops", "change_workshop"), ("workshops", "change_registration")} <= representatives
    assert {app for app, _codename in representatives} == {"workshops", "commitments"}
    assert {codename for app, codename in representatives if app == "commitments"} == {
        "view_commitment",
        "view_assessment",
        "add_assessment",
        "change_assessment",
        "view_draftcomment",
        "add_draftcomment",
    }
    assert {
        ("commitments", "delete_commitment"),
        ("commitments", "change_progressupdate"),
        ("commitments", "view_historicalmilestone"),
    } <= secretariat
    assert ("workshops", "add_workshop") not in representatives
    assert ("workshops", "delete_registration") not in representatives
    assert perms("Moderators") == {
        ("ideas", "view_idea"),
        ("ideas", "change_idea"),
        ("ideas", "view_comment"),
        ("ideas", "change_comment"),
    }
