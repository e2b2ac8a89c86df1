from django.db import migrations

from plans.roles import grant


def grant_roles(apps, schema_editor):
    grant(
        apps,
        "ideas",
        {
            "Secretariat": {"idea": ["view", "add", "change"], "ideaevent": ["view"], "comment": ["view"]},
            "Focal points": {"idea": ["view", "change"], "ideaevent": ["view"]},
            "Moderators": {"idea": ["view", "change"], "comment": ["view", "change"]},
        },
    )


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_roles"), ("ideas", "0001_initial")]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
