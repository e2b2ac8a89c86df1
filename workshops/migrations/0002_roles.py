from django.db import migrations

from plans.roles import grant


def grant_roles(apps, schema_editor):
    grant(apps, "workshops", {"Secretariat": {"workshop": ["view", "add", "change"]}})


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_roles"), ("workshops", "0001_initial")]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
