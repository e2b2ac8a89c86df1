"""The counts behind a plan's figures (ideas.models: IdeaTally,
ParticipantTally, PlanTally, InstitutionTally), kept by PostgreSQL triggers.

One trigger per statement on ideas, supports, comments and the institutions
ideas are sent to: it groups the rows the statement inserted, updated or
deleted (its transition tables) into changes of counts and applies them in
the same transaction, whatever the path of the write (a form, the admin, an
import, a bulk insert, an update of many rows, the cascades of a deletion).
Additions go through INSERT … ON CONFLICT DO UPDATE and removals through
UPDATE: concurrent writes wait for each other's row and the counts stay
exact; a removal never creates a row (a plan being deleted takes its tallies
with it). Existing data is counted once here. Elsewhere (SQLite) nothing is
created: the figures are counted from the rows (ideas.statistics)."""

import django.db.models.deletion
from django.db import migrations, models

# A person with a change of contributions in a plan: the first one makes them
# a participant, the last one removed makes them one no more.
PARTICIPANTS = """
CREATE FUNCTION ideas_tally_participants(plans bigint[], persons bigint[], changes bigint[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    WITH d AS (
        SELECT * FROM unnest(plans, persons, changes) AS d(plan_id, person, change)
        WHERE change > 0 ORDER BY plan_id, person
    ), added AS (
        INSERT INTO ideas_participanttally AS t (plan_id, person, contributions)
        SELECT plan_id, person, change FROM d
        ON CONFLICT (plan_id, person) DO UPDATE SET contributions = t.contributions + EXCLUDED.contributions
        RETURNING t.plan_id, t.person, t.contributions
    ), arrived AS (
        SELECT added.plan_id, count(*) AS n FROM added JOIN d USING (plan_id, person)
        WHERE added.contributions = d.change GROUP BY added.plan_id
    )
    INSERT INTO ideas_plantally AS p (plan_id, participants)
    SELECT plan_id, n FROM arrived ORDER BY plan_id
    ON CONFLICT (plan_id) DO UPDATE SET participants = p.participants + EXCLUDED.participants;

    UPDATE ideas_participanttally AS t SET contributions = t.contributions + d.change
    FROM unnest(plans, persons, changes) AS d(plan_id, person, change)
    WHERE d.change < 0 AND t.plan_id = d.plan_id AND t.person = d.person;

    WITH gone AS (
        DELETE FROM ideas_participanttally AS t
        USING unnest(plans, persons, changes) AS d(plan_id, person, change)
        WHERE d.change < 0 AND t.plan_id = d.plan_id AND t.person = d.person AND t.contributions <= 0
        RETURNING t.plan_id
    )
    UPDATE ideas_plantally AS p SET participants = p.participants - g.n
    FROM (SELECT plan_id, count(*) AS n FROM gone GROUP BY plan_id) AS g
    WHERE p.plan_id = g.plan_id;
END
$$;
"""

# The rows a statement changed, each with +1 (as it is now) or -1 (as it was).
CHANGED = """
    changed text := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT *, 1 AS change FROM new_rows'
        WHEN 'DELETE' THEN 'SELECT *, -1 AS change FROM old_rows'
        ELSE 'SELECT *, 1 AS change FROM new_rows UNION ALL SELECT *, -1 FROM old_rows'
    END;
"""

IDEAS = f"""
CREATE FUNCTION ideas_idea_tally() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE {CHANGED}
BEGIN
    EXECUTE format($q$
        WITH d AS (
            SELECT plan_id, theme_id, source, status,
                association_id IS NOT NULL OR association_name <> '' AS on_behalf,
                moderation = 'published' AS published, sum(change) AS change
            FROM (%s) AS r GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(change) <> 0
        ), more AS (
            INSERT INTO ideas_ideatally AS t (plan_id, theme_id, source, status, on_behalf, published, count)
            SELECT * FROM d WHERE change > 0 ORDER BY 1, 2, 3, 4, 5, 6
            ON CONFLICT (plan_id, theme_id, source, status, on_behalf, published)
            DO UPDATE SET count = t.count + EXCLUDED.count
        )
        UPDATE ideas_ideatally AS t SET count = t.count + d.change FROM d
        WHERE d.change < 0 AND t.plan_id = d.plan_id AND t.theme_id = d.theme_id AND t.source = d.source
            AND t.status = d.status AND t.on_behalf = d.on_behalf AND t.published = d.published
    $q$, changed);
    -- An online idea is its author's contribution.
    EXECUTE format($q$
        SELECT ideas_tally_participants(array_agg(plan_id), array_agg(author_id), array_agg(change))
        FROM (
            SELECT plan_id, author_id, sum(change) AS change FROM (%s) AS r
            WHERE source = 'portal' AND author_id IS NOT NULL GROUP BY 1, 2 HAVING sum(change) <> 0
        ) AS d
    $q$, changed);
    IF TG_OP = 'UPDATE' THEN
        -- An idea moved to another plan takes its supports, comments and
        -- institutions with it (the admin does not move ideas; the ORM can).
        PERFORM ideas_tally_participants(array_agg(plan_id), array_agg(person), array_agg(change))
        FROM (
            SELECT plan_id, person, sum(change) AS change FROM (
                SELECT m.plan_id, c.person, m.change
                FROM (
                    SELECT n.id, n.plan_id, 1 AS change FROM new_rows AS n JOIN old_rows AS o USING (id)
                    WHERE n.plan_id <> o.plan_id
                    UNION ALL
                    SELECT o.id, o.plan_id, -1 FROM new_rows AS n JOIN old_rows AS o USING (id)
                    WHERE n.plan_id <> o.plan_id
                ) AS m
                JOIN (
                    SELECT idea_id, user_id AS person FROM ideas_support
                    UNION ALL
                    SELECT idea_id, author_id FROM ideas_comment WHERE author_id IS NOT NULL
                ) AS c ON c.idea_id = m.id
            ) AS r GROUP BY 1, 2 HAVING sum(change) <> 0
        ) AS d;
        WITH d AS (
            SELECT m.plan_id, s.institution_id, sum(m.change) AS change
            FROM (
                SELECT n.id, n.plan_id, 1 AS change FROM new_rows AS n JOIN old_rows AS o USING (id)
                WHERE n.plan_id <> o.plan_id
                UNION ALL
                SELECT o.id, o.plan_id, -1 FROM new_rows AS n JOIN old_rows AS o USING (id)
                WHERE n.plan_id <> o.plan_id
            ) AS m
            JOIN ideas_idea_sent_to AS s ON s.idea_id = m.id
            GROUP BY 1, 2 HAVING sum(m.change) <> 0
        ), more AS (
            INSERT INTO ideas_institutiontally AS t (plan_id, institution_id, ideas)
            SELECT * FROM d WHERE change > 0 ORDER BY 1, 2
            ON CONFLICT (plan_id, institution_id) DO UPDATE SET ideas = t.ideas + EXCLUDED.ideas
        )
        UPDATE ideas_institutiontally AS t SET ideas = t.ideas + d.change FROM d
        WHERE d.change < 0 AND t.plan_id = d.plan_id AND t.institution_id = d.institution_id;
    END IF;
    RETURN NULL;
END
$f$;
"""  # noqa: S608 - constant SQL, no input

# Supports (TG_ARGV[0] = 'user_id') and comments ('author_id'): a
# contribution of that person to the plan of the idea.
CONTRIBUTIONS = f"""
CREATE FUNCTION ideas_contribution_tally() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE {CHANGED}
BEGIN
    EXECUTE format($q$
        SELECT ideas_tally_participants(array_agg(plan_id), array_agg(person), array_agg(change))
        FROM (
            SELECT i.plan_id, r.%I AS person, sum(r.change) AS change
            FROM (%s) AS r JOIN ideas_idea AS i ON i.id = r.idea_id
            WHERE r.%I IS NOT NULL GROUP BY 1, 2 HAVING sum(r.change) <> 0
        ) AS d
    $q$, TG_ARGV[0], changed, TG_ARGV[0]);
    RETURN NULL;
END
$f$;
"""  # noqa: S608 - constant SQL, no input

SENT_TO = f"""
CREATE FUNCTION ideas_sent_to_tally() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE {CHANGED}
BEGIN
    EXECUTE format($q$
        WITH d AS (
            SELECT i.plan_id, r.institution_id, sum(r.change) AS change
            FROM (%s) AS r JOIN ideas_idea AS i ON i.id = r.idea_id
            GROUP BY 1, 2 HAVING sum(r.change) <> 0
        ), more AS (
            INSERT INTO ideas_institutiontally AS t (plan_id, institution_id, ideas)
            SELECT * FROM d WHERE change > 0 ORDER BY 1, 2
            ON CONFLICT (plan_id, institution_id) DO UPDATE SET ideas = t.ideas + EXCLUDED.ideas
        )
        UPDATE ideas_institutiontally AS t SET ideas = t.ideas + d.change FROM d
        WHERE d.change < 0 AND t.plan_id = d.plan_id AND t.institution_id = d.institution_id
    $q$, changed);
    RETURN NULL;
END
$f$;
"""  # noqa: S608 - constant SQL, no input


def _triggers(table: str, function: str, argument: str = "") -> str:
    return "".join(
        f"""
CREATE TRIGGER {table}_tally_{event.lower()} AFTER {event} ON {table}
REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION {function}({argument});
"""
        for event, tables in (
            ("INSERT", "NEW TABLE AS new_rows"),
            ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("DELETE", "OLD TABLE AS old_rows"),
        )
    )


# What is there already, counted once.
COUNT_EXISTING = """
INSERT INTO ideas_ideatally (plan_id, theme_id, source, status, on_behalf, published, count)
SELECT plan_id, theme_id, source, status, association_id IS NOT NULL OR association_name <> '',
    moderation = 'published', count(*)
FROM ideas_idea GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO ideas_participanttally (plan_id, person, contributions)
SELECT plan_id, person, count(*) FROM (
    SELECT plan_id, author_id AS person FROM ideas_idea WHERE source = 'portal' AND author_id IS NOT NULL
    UNION ALL
    SELECT i.plan_id, s.user_id FROM ideas_support AS s JOIN ideas_idea AS i ON i.id = s.idea_id
    UNION ALL
    SELECT i.plan_id, c.author_id FROM ideas_comment AS c JOIN ideas_idea AS i ON i.id = c.idea_id
    WHERE c.author_id IS NOT NULL
) AS r GROUP BY 1, 2;

INSERT INTO ideas_plantally (plan_id, participants)
SELECT plan_id, count(*) FROM ideas_participanttally GROUP BY 1;

INSERT INTO ideas_institutiontally (plan_id, institution_id, ideas)
SELECT i.plan_id, s.institution_id, count(*)
FROM ideas_idea_sent_to AS s JOIN ideas_idea AS i ON i.id = s.idea_id GROUP BY 1, 2;
"""

FORWARD = (
    PARTICIPANTS
    + IDEAS
    + CONTRIBUTIONS
    + SENT_TO
    + _triggers("ideas_idea", "ideas_idea_tally")
    + _triggers("ideas_support", "ideas_contribution_tally", "'user_id'")
    + _triggers("ideas_comment", "ideas_contribution_tally", "'author_id'")
    + _triggers("ideas_idea_sent_to", "ideas_sent_to_tally")
    + COUNT_EXISTING
)

BACKWARD = (
    "".join(
        f"DROP TRIGGER IF EXISTS {table}_tally_{event} ON {table};\\n"
        for table in ("ideas_idea", "ideas_support", "ideas_comment", "ideas_idea_sent_to")
        for event in ("insert", "update", "delete")
    )
    + """
DROP FUNCTION IF EXISTS ideas_idea_tally();
DROP FUNCTION IF EXISTS ideas_contribution_tally();
DROP FUNCTION IF EXISTS ideas_sent_to_tally();
DROP FUNCTION IF EXISTS ideas_tally_participants(bigint[], bigint[], bigint[]);
"""
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0007_idea_association_name"),
        ("plans", "0003_file_name_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="PlanTally",
            fields=[
                (
                    "plan",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="plans.plan",
                    ),
                ),
                ("participants", models.IntegerField()),
            ],
        ),
        migrations.CreateModel(
            name="IdeaTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "source",
                    models.CharField(choices=[("portal", "online"), ("workshop", "workshop")], max_length=10),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("submitted", "submitted"),
                            ("accepted", "accepted"),
                            ("not_accepted", "not accepted"),
                            ("sent", "sent to institution"),
                            ("integrated", "integrated into a commitment"),
                            ("not_integrated", "not integrated"),
                        ],
                        max_length=16,
                    ),
                ),
                ("on_behalf", models.BooleanField()),
                ("published", models.BooleanField()),
                ("count", models.IntegerField()),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="plans.plan"
                    ),
                ),
                (
                    "theme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="plans.theme"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("plan", "theme", "source", "status", "on_behalf", "published"),
                        name="idea_tally_key",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="InstitutionTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("ideas", models.IntegerField()),
                (
                    "institution",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="plans.institution"
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="plans.plan"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("plan", "institution"), name="institution_tally_key")
                ],
            },
        ),
        migrations.CreateModel(
            name="ParticipantTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("person", models.BigIntegerField()),
                ("contributions", models.IntegerField()),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="plans.plan"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("plan", "person"), name="participant_tally_key")
                ],
            },
        ),
        migrations.RunPython(forward, backward),
    ]
