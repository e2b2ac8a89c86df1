"""The committee's reminders moved to core (committee 0005): the rows already
claimed stay claimed — a reminder sent before the move is not sent again —
and the secretariat keeps reading them; migrating back restores them."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core.models import Reminder

BEFORE = [("committee", "0004_guest_name_erased")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_reminders_claimed_before_the_move_stay_claimed():
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old_apps = migrate(BEFORE)
        Old = old_apps.get_model("committee", "Reminder")
        Old.objects.create(kind="minutes_due", key="12")
        Old.objects.create(kind="six_months", key="3:2026-12-18")
        migrate(leaves)
        claimed = set(Reminder.objects.values_list("kind", "key"))
        assert claimed == {("minutes_due", "12"), ("six_months", "3:2026-12-18")}
        secretariat = Group.objects.get(name="Secretariat")
        reads = secretariat.permissions.filter(content_type__app_label="core", codename="view_reminder")
        assert reads.exists()

        Reminder.objects.create(kind="consultation_answers_due", key="1:2:2027-01-01")
        old_apps = migrate(BEFORE)
        back = set(old_apps.get_model("committee", "Reminder").objects.values_list("kind", "key"))
        assert back == {("minutes_due", "12"), ("six_months", "3:2026-12-18")}
    finally:
        migrate(leaves)
