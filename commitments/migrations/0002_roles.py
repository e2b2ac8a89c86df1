from django.db import migrations

from plans.roles import grant


def grant_roles(apps, schema_editor):
    grant(
        apps,
        "commitments",
        {"Secretariat": {"commitment": ["view", "add", "change"]}, "Focal points": {"commitment": ["view"]}},
    )


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_roles"), ("commitments", "0001_initial")]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
