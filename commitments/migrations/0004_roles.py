"""The commitments' rights: the secretariat curates every card, its
milestones, indicators and progress; focal points work on the cards of their
institutions (scoped in commitments.rules), report progress and discuss the
draft; co-drafting associations' representatives read the card, discuss the
draft and file civil society's parallel assessment."""

from django.db import migrations

from plans.roles import grant

ALL = ["view", "add", "change", "delete"]
HISTORIES = [
    "historicalcommitment",
    "historicalmilestone",
    "historicalindicator",
    "historicalmeasurement",
    "historicalevidence",
    "historicalassessment",
]


def grant_roles(apps, schema_editor):
    grant(
        apps,
        "commitments",
        {
            "Secretariat": {
                "commitment": ALL,
                "commitmentevent": ["view"],
                "milestone": ALL,
                "indicator": ALL,
                "measurement": ALL,
                "evidence": ALL,
                "progressupdate": ALL,
                "progressupdateevent": ["view"],
                "assessment": ALL,
                "follow": ["view"],
                "draftcomment": ALL,
                **{name: ["view"] for name in HISTORIES},
            },
            "Focal points": {
                "commitment": ["view", "change"],
                "milestone": ["view", "add", "change"],
                "indicator": ["view", "add", "change"],
                "measurement": ["view", "add", "change"],
                "evidence": ["view", "add", "change"],
                "progressupdate": ["view", "add"],
                "draftcomment": ["view", "add"],
            },
            "Association representatives": {
                "commitment": ["view"],
                "assessment": ["view", "add", "change"],
                "draftcomment": ["view", "add"],
            },
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0002_roles"),
        ("commitments", "0003_card_milestones_indicators_progress"),
    ]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
