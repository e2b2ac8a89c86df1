"""The permission predicates, role by role: what the admin and the tests rely on."""

import pytest

from commitments.models import Commitment
from commitments.rules import SCOPE as COMMITMENTS
from core.permissions import SECRETARIAT_GROUP, is_secretariat, secretariat_group
from ideas.models import Idea
from ideas.rules import SCOPE as IDEAS
from ideas.rules import can_decide_integration, can_screen
from plans.rules import is_focal_point

pytestmark = pytest.mark.django_db


def test_the_secretariat_group_is_created_on_first_use():
    assert secretariat_group().name == SECRETARIAT_GROUP == "Secretariat"
    assert secretariat_group().pk == secretariat_group().pk


def test_the_secretariat_screens_and_decides_on_every_idea(secretariat, idea_a, idea_b):
    assert is_secretariat(secretariat)
    assert can_screen(secretariat)
    assert can_decide_integration(secretariat)
    assert can_decide_integration(secretariat, idea_a) and can_decide_integration(secretariat, idea_b)
    assert set(IDEAS.rows(secretariat, Idea.objects.all())) == {idea_a, idea_b}


def test_a_superuser_counts_as_secretariat(staff, idea_a):
    assert is_secretariat(staff) and can_screen(staff) and can_decide_integration(staff, idea_a)


def test_a_focal_point_decides_only_on_the_ideas_sent_to_its_institution(
    focal_a, institution_a, idea_a, idea_b
):
    assert not is_secretariat(focal_a)
    assert not can_screen(focal_a)
    assert is_focal_point(focal_a)
    assert can_decide_integration(focal_a)
    assert can_decide_integration(focal_a, idea_a)
    assert not can_decide_integration(focal_a, idea_b)
    assert list(IDEAS.rows(focal_a, Idea.objects.all())) == [idea_a]


def test_an_idea_sent_to_two_of_its_institutions_shows_once(focal_a, institution_a, idea_a, plan):
    from tests.factories import InstitutionFactory

    second = InstitutionFactory(member=plan.member)
    second.focal_points.add(focal_a)
    idea_a.sent_to.add(second)
    assert list(IDEAS.rows(focal_a, Idea.objects.all())) == [idea_a]


def test_a_focal_point_integrates_only_into_the_commitments_its_institution_leads(
    focal_a, secretariat, commitment_a, commitment_b
):
    assert list(COMMITMENTS.rows(focal_a, Commitment.objects.all())) == [commitment_a]
    assert set(COMMITMENTS.rows(secretariat, Commitment.objects.all())) == {commitment_a, commitment_b}


def test_the_role_alone_is_not_enough_without_the_model_permission(focal_a, secretariat, idea_a):
    focal_a.groups.clear()
    secretariat.groups.get().permissions.clear()
    for user in (focal_a, secretariat):
        user = type(user).objects.get(pk=user.pk)  # forget the cached permissions
        assert not can_decide_integration(user, idea_a)
        assert not can_screen(user)


def test_staff_outside_both_roles_sees_no_idea(idea_a, focal_point_group):
    from tests.factories import UserFactory

    clerk = UserFactory(is_staff=True)
    clerk.groups.add(focal_point_group)
    assert not can_screen(clerk)
    assert not can_decide_integration(clerk)
    assert not can_decide_integration(clerk, idea_a)
    assert not IDEAS.rows(clerk, Idea.objects.all()).exists()


def test_a_citizen_does_nothing(citizen, idea_a):
    assert not is_secretariat(citizen)
    assert not can_screen(citizen)
    assert not can_decide_integration(citizen, idea_a)
    assert not IDEAS.rows(citizen, Idea.objects.all()).exists()
