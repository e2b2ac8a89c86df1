"""The admin cast: the secretariat, and the focal points of two institutions,
each given explicitly the model permissions its role needs."""

import pytest
from django.contrib.auth.models import Group, Permission

from core.permissions import secretariat_group
from ideas.models import Idea
from tests.factories import (
    CommitmentFactory,
    IdeaFactory,
    InstitutionFactory,
    PlanFactory,
    ThemeFactory,
    UserFactory,
    WorkshopFactory,
)


def grant(group: Group, *codenames: str) -> Group:
    for codename in codenames:
        app_label, name = codename.split(".")
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=name))
    return group


@pytest.fixture
def plan(db):
    return PlanFactory(slug="nap3")


@pytest.fixture
def theme(plan):
    return ThemeFactory(plan=plan, number=1)


@pytest.fixture
def other_theme(plan):
    return ThemeFactory(plan=plan, number=2)


@pytest.fixture
def workshop(theme):
    return WorkshopFactory(theme=theme, number=1)


@pytest.fixture
def institution_a(plan):
    return InstitutionFactory(member=plan.member, slug="finance", name_fr="Ministère des Finances")


@pytest.fixture
def institution_b(plan):
    return InstitutionFactory(member=plan.member, slug="sante", name_fr="Ministère de la Santé")


@pytest.fixture
def commitment_a(theme, institution_a):
    return CommitmentFactory(theme=theme, lead_institution=institution_a, number=1)


@pytest.fixture
def commitment_b(theme, institution_b):
    return CommitmentFactory(theme=theme, lead_institution=institution_b, number=2)


def make_secretariat():
    user = UserFactory(
        email="secretariat-member@example.org", display_name="Salma", is_staff=True, language="fr"
    )
    group = grant(secretariat_group(), "ideas.view_idea", "ideas.add_idea", "ideas.change_idea")
    user.groups.add(group)
    return user


def make_moderator():
    """Staff in the Moderators group, with the rights its migration grants."""
    user = UserFactory(email="moderation@example.org", display_name="Karim", is_staff=True, language="fr")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def make_focal_point_group() -> Group:
    group, _created = Group.objects.get_or_create(name="Focal points")
    return grant(group, "ideas.view_idea", "ideas.change_idea")


def make_focal_point(email, institution, group):
    user = UserFactory(email=email, display_name=email.split("@")[0], is_staff=True, language="ar")
    user.groups.add(group)
    institution.focal_points.add(user)
    return user


@pytest.fixture
def secretariat(db):
    return make_secretariat()


@pytest.fixture
def moderator(db):
    return make_moderator()


@pytest.fixture
def focal_point_group(db):
    return make_focal_point_group()


@pytest.fixture
def focal_a(institution_a, focal_point_group):
    return make_focal_point("focal-finance@example.org", institution_a, focal_point_group)


@pytest.fixture
def focal_b(institution_b, focal_point_group):
    return make_focal_point("focal-sante@example.org", institution_b, focal_point_group)


def sent_idea(institution, **fields) -> Idea:
    """An idea already accepted and sent (the setup, not the move under test)."""
    idea = IdeaFactory(status=Idea.Status.SENT, **fields)
    idea.sent_to.add(institution)
    return idea


@pytest.fixture
def submitted_idea(theme, citizen):
    return IdeaFactory(theme=theme, author=citizen, title="Publier le budget citoyen")


@pytest.fixture
def idea_a(theme, institution_a, citizen):
    return sent_idea(institution_a, theme=theme, author=citizen, title="Budget ouvert des communes")


@pytest.fixture
def idea_b(theme, institution_b, french_citizen):
    return sent_idea(institution_b, theme=theme, author=french_citizen, title="Registre des hôpitaux publics")
