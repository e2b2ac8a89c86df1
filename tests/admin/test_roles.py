"""What each staff role may do, from the rights its migrations grant: the
users here hold their role's group and nothing else, and are asked what the
admin asks (`has_perm`). Each role is checked for what its work needs and for
what it must never do, not against a complete list: a right added later for
new work fails nothing here, a right to delete or to read people's accounts
does."""

import pytest
from django.contrib.auth.models import Group, Permission

from core.permissions import MODERATORS_GROUP
from tests.factories import AssociationFactory, InstitutionFactory, UserFactory
from tests.workshops.staff import focal_point, representative, secretariat

pytestmark = pytest.mark.django_db

# What a focal point views, adds and changes under the cards of their institutions.
CARD_ROWS = ("milestone", "indicator", "measurement", "evidence")

NEEDS = {
    # Runs the cycle: screens ideas, keeps plans, resends emails, schedules
    # workshops, moves and validates commitments, reads their history.
    "secretariat": {
        "ideas.change_idea",
        "plans.add_plan",
        "core.change_notification",
        "workshops.add_workshop",
        "commitments.change_commitment",
        "commitments.delete_commitment",
        "commitments.change_progressupdate",
        "commitments.view_historicalmilestone",
    },
    # Decides on the ideas sent to their institution, drafts and reports on
    # its cards, reads the workshops it takes part in.
    "focal point": {
        "ideas.view_idea",
        "ideas.change_idea",
        "ideas.view_ideaevent",
        "commitments.view_commitment",
        "commitments.change_commitment",
        *{f"commitments.{action}_{model}" for action in ("view", "add", "change") for model in CARD_ROWS},
        "commitments.view_progressupdate",
        "commitments.add_progressupdate",
        "commitments.view_draftcomment",
        "commitments.add_draftcomment",
        "workshops.view_workshop",
        "workshops.view_registration",
        "workshops.view_programmeitem",
        "workshops.view_poll",
        "workshops.view_polloption",
    },
    # Proposes and runs their association's workshops; assesses and co-drafts commitments.
    "representative": {
        "workshops.add_workshop",
        "workshops.change_workshop",
        "workshops.change_registration",
        "commitments.view_commitment",
        "commitments.view_assessment",
        "commitments.add_assessment",
        "commitments.change_assessment",
        "commitments.view_draftcomment",
        "commitments.add_draftcomment",
    },
    # Hides and shows again ideas and comments.
    "moderator": {"ideas.view_idea", "ideas.change_idea", "ideas.view_comment", "ideas.change_comment"},
}

NEVER = {
    "secretariat": {"ideas.delete_idea"},  # every idea gets its public answer
    "representative": {
        "workshops.delete_registration",
        "workshops.delete_workshop",
    },
}
# Whose rows hold people's accounts, addresses and emails, or the roles themselves.
PEOPLE = [
    ("core", "user"),
    ("core", "emailpreference"),
    ("core", "notification"),
    ("account", "emailaddress"),
    ("auth", "group"),
    ("auth", "permission"),
]


def role(name: str):
    if name == "secretariat":
        return secretariat()
    if name == "focal point":
        return focal_point(InstitutionFactory(), "focal@example.org")
    if name == "representative":
        return representative(AssociationFactory(), "rep@example.org")
    user = UserFactory(email="moderator@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    return user


def rights(permissions) -> set[str]:
    return {f"{p.content_type.app_label}.{p.codename}" for p in permissions.select_related("content_type")}


@pytest.mark.parametrize("name", sorted(NEEDS))
def test_each_role_may_do_what_its_work_needs_and_nothing_it_must_not(name):
    user = role(name)
    assert user.groups.count() == 1 and not user.is_superuser
    missing = {permission for permission in NEEDS[name] if not user.has_perm(permission)}
    assert missing == set()
    forbidden = NEVER.get(name, set())
    if name in ("focal point", "moderator"):
        # Their work is recorded moves and kept reports: they delete nothing.
        forbidden |= rights(Permission.objects.filter(codename__startswith="delete_"))
    if name != "secretariat":
        people = Permission.objects.none()
        for app_label, model in PEOPLE:
            people |= Permission.objects.filter(content_type__app_label=app_label, content_type__model=model)
        forbidden |= rights(people)
    assert {permission for permission in forbidden if user.has_perm(permission)} == set()
