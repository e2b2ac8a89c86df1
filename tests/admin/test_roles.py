import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db


def test_migrations_create_the_staff_roles_with_their_permissions():
    secretariat = set(Group.objects.get(name="Secretariat").permissions.values_list("codename", flat=True))
    focal = set(Group.objects.get(name="Focal points").permissions.values_list("codename", flat=True))
    assert {"change_idea", "add_plan", "change_notification", "add_workshop"} <= secretariat
    assert focal == {"view_idea", "change_idea", "view_ideaevent", "view_commitment"}
