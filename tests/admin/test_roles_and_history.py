"""Item 13 of issue 8: focal points chosen by email among staff, the roles'
names and the history rows in the reader's language."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from core import permissions
from core.bidi import isolate
from ideas import screening
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_focal_points_are_chosen_among_staff_by_email_and_name(client, secretariat, institution_a, citizen):
    one = UserFactory(email="b.alami@finances.gov.ma", display_name="Alami", is_staff=True)
    namesake = UserFactory(email="a.alami@interieur.gov.ma", display_name="Alami", is_staff=True)
    secretariat.groups.first().permissions.add(*permissions_for("plans", "institution"))
    client.force_login(secretariat)
    response = client.get(reverse("admin:plans_institution_change", args=[institution_a.pk]))
    assert response.status_code == 200
    field = response.context["adminform"].form.fields["focal_points"]
    choices = [label for _value, label in field.choices]
    assert (
        label("a.alami@interieur.gov.ma", "Alami") in choices
        and label("b.alami@finances.gov.ma", "Alami") in choices
    )
    assert choices == sorted(choices)  # by email
    assert citizen not in field.queryset  # a focal point works in the admin: staff only
    assert {one, namesake} <= set(field.queryset)


def label(email: str, name: str) -> str:
    return f"{isolate(email)} — {isolate(name)}"


def permissions_for(app_label, model):
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__app_label=app_label, content_type__model=model)


def test_the_roles_are_named_in_the_readers_language(client, staff, monkeypatch):
    monkeypatch.setitem(permissions.ROLE_LABELS, permissions.SECRETARIAT_GROUP, "Secrétariat du PGO")
    client.force_login(staff)
    html = client.get(reverse("admin:auth_group_changelist")).content.decode()
    assert "Secrétariat du PGO" in html
    response = client.get(reverse("admin:core_user_change", args=[staff.pk]))
    labels = [label for _value, label in response.context["adminform"].form.fields["groups"].choices]
    assert "Secrétariat du PGO" in labels and "Secretariat" not in labels
    group = Group.objects.get(name=permissions.SECRETARIAT_GROUP)
    html = client.get(reverse("admin:core_user_changelist")).content.decode()
    assert f"groups__id__exact={group.pk}" in html and "Secrétariat du PGO" in html


def test_history_rows_speak_the_readers_language(client, staff, submitted_idea):
    event = screening.accept(submitted_idea, by=staff)
    with translation.override("fr"):
        label = str(event)
        assert label == f"{translation.gettext('submitted')} → {translation.gettext('accepted')}"
        assert "submitted" not in label and str(submitted_idea.pk) not in label
    client.force_login(staff)
    with translation.override("fr"):
        html = client.get(reverse("admin:ideas_idea_change", args=[submitted_idea.pk])).content.decode()
        assert str(event) in html
    assert f"{submitted_idea.pk}: submitted → accepted" not in html
