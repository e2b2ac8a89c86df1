"""The workshops' rights: the secretariat runs them all; focal points read
the workshops their institution takes part in and their registrations; the
organising associations' representatives (a group of their own) take the
roll and publish the outputs of their association's workshops."""

from django.db import migrations

from plans.roles import grant

ALL = ["view", "add", "change", "delete"]


def grant_roles(apps, schema_editor):
    grant(
        apps,
        "workshops",
        {
            "Secretariat": {
                "registration": ["view", "change"],
                "registrationevent": ["view"],
                "programmeitem": ALL,
                "poll": ALL,
                "polloption": ALL,
            },
            "Focal points": {
                "workshop": ["view"],
                "registration": ["view"],
                "programmeitem": ["view"],
                "poll": ["view"],
                "polloption": ["view"],
            },
            "Association representatives": {
                "workshop": ["view", "change"],
                "registration": ["view", "change"],
                "registrationevent": ["view"],
                "programmeitem": ["view"],
                "poll": ALL,
                "polloption": ALL,
            },
        },
    )


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_roles"), ("workshops", "0005_registration_language")]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
