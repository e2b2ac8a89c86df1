"""Who proposed an idea online, tallied as who took part is (0008): a
ProposerTally row per person with online ideas in a plan, and their number in
PlanTally.proposers, kept by the ideas' trigger in the transaction of the
write. Existing data is counted once here; on SQLite nothing is created."""

import importlib

import django.db.models.deletion
from django.db import migrations, models

tallies = importlib.import_module("ideas.migrations.0008_tallies")

# ideas_tally_participants (0008) for the proposers: a person's first online
# idea in a plan makes them a proposer, the last one removed one no more.
PROPOSERS = (
    tallies.PARTICIPANTS.replace("ideas_participanttally", "ideas_proposertally")
    .replace("participants", "proposers")
    .replace("contributions", "ideas")
)

# The ideas' trigger function of 0008, which also tallies the authors of
# online ideas as proposers.
AUTHORS = """
    -- An online idea is its author's contribution.
    EXECUTE format($q$
        SELECT ideas_tally_participants(array_agg(plan_id), array_agg(author_id), array_agg(change))
        FROM (
            SELECT plan_id, author_id, sum(change) AS change FROM (%s) AS r
            WHERE source = 'portal' AND author_id IS NOT NULL GROUP BY 1, 2 HAVING sum(change) <> 0
        ) AS d
    $q$, changed);
"""
assert AUTHORS in tallies.IDEAS
IDEAS = tallies.IDEAS.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION").replace(
    AUTHORS, AUTHORS + AUTHORS.replace("contribution", "proposal").replace("participants", "proposers")
)

COUNT_EXISTING = """
INSERT INTO ideas_proposertally (plan_id, person, ideas)
SELECT plan_id, author_id, count(*) FROM ideas_idea
WHERE source = 'portal' AND author_id IS NOT NULL GROUP BY 1, 2;

UPDATE ideas_plantally AS p SET proposers = c.n
FROM (SELECT plan_id, count(*) AS n FROM ideas_proposertally GROUP BY 1) AS c
WHERE p.plan_id = c.plan_id;
"""

BACKWARD = (
    tallies.IDEAS.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")
    + "DROP FUNCTION IF EXISTS ideas_tally_proposers(bigint[], bigint[], bigint[]);"
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PROPOSERS + IDEAS + COUNT_EXISTING, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0009_public_list_index"),
        ("plans", "0004_public_holidays"),
    ]

    operations = [
        migrations.AddField(
            model_name="plantally",
            name="proposers",
            field=models.IntegerField(db_default=0),
        ),
        migrations.AlterField(
            model_name="plantally",
            name="participants",
            field=models.IntegerField(db_default=0),
        ),
        migrations.CreateModel(
            name="ProposerTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("person", models.BigIntegerField()),
                ("ideas", models.IntegerField()),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="plans.plan"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("plan", "person"), name="proposer_tally_key")
                ],
            },
        ),
        migrations.RunPython(forward, backward),
    ]
