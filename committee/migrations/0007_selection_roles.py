"""The selection's rights: the secretariat keeps the rounds (their dates,
method, the seat's candidates and the selection committee), reads the votes
and the scores (cast by associations and scored by the selection committee,
never written by staff), checks the candidacies' files (a candidacy is the
association's: read and marked, never written nor deleted), records the
decisions on close pairs and reads the moves recorded."""

from django.db import migrations

from plans.roles import grant

ALL = ["view", "add", "change", "delete"]
KEEPS = ["view", "add", "change"]
ANSWERS = ["view", "change"]
READS = ["view"]


def grant_roles(apps, schema_editor):
    grant(
        apps,
        "committee",
        {
            "Secretariat": {
                "selectionround": KEEPS,
                "selectionevent": READS,
                "seatcandidate": ALL,
                "seatvote": READS,
                "selector": ALL,
                "candidacy": ANSWERS,
                "candidacyevent": READS,
                "candidacyfile": READS,
                "score": READS,
                "pairdecision": KEEPS,
            }
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0002_roles"),
        ("committee", "0006_selection"),
    ]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
