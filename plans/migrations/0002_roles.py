"""The staff roles as groups, with their rights on plans (and on the outbox,
which the secretariat watches)."""

from django.db import migrations

from plans.roles import ROLES, grant


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role in ROLES:
        Group.objects.get_or_create(name=role)
    grant(
        apps,
        "plans",
        {
            "Secretariat": {
                "member": ["view"],
                "plan": ["view", "add", "change"],
                "phase": ["view", "add", "change", "delete"],
                "theme": ["view", "add", "change"],
                "plandocument": ["view", "add", "change", "delete"],
                "institution": ["view", "add", "change"],
                "association": ["view", "add", "change"],
            },
        },
    )
    grant(apps, "core", {"Secretariat": {"notification": ["view", "change"]}})


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
        ("plans", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
