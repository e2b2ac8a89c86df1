"""Who reads and decides a drafter's change to a public card: the
secretariat validates or returns it; the focal points and co-drafting
associations' representatives of the card read it (scoped in
commitments.rules). Focal points create cards for their institution; the
representatives of a card's co-drafting associations edit it when the
secretariat gives them the right (`co_drafters_edit`, commitments.rules)."""

from django.db import migrations

from plans.roles import grant


def grant_roles(apps, schema_editor):
    grant(
        apps,
        "commitments",
        {
            "Secretariat": {"changerequest": ["view", "change"], "changerequestevent": ["view"]},
            "Focal points": {"changerequest": ["view"], "commitment": ["add"]},
            "Association representatives": {"changerequest": ["view"], "commitment": ["change"]},
        },
    )


class Migration(migrations.Migration):
    dependencies = [("commitments", "0007_change_requests")]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
