"""The consultations' rights: the secretariat sets up consultations and
their sections and answers any comment; a focal point answers the comments
their institution owes (their admin's scope, consultations.rules); moderators
hide and show comments (core.moderation). Nobody deletes a comment or an
answer: they are the consultation's record (superusers may)."""

from django.db import migrations

from plans.roles import grant

KEEPS = ["view", "add", "change"]
ANSWERS = ["view", "change"]
READS = ["view"]


def grant_roles(apps, schema_editor):
    grant(
        apps,
        "consultations",
        {
            "Secretariat": {
                "consultation": KEEPS,
                "section": [*KEEPS, "delete"],
                "comment": ANSWERS,
                "commentevent": READS,
            },
            "Focal points": {"comment": ANSWERS, "commentevent": READS},
            "Moderators": {"comment": ANSWERS},
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0002_roles"),
        ("consultations", "0001_consultations"),
    ]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
