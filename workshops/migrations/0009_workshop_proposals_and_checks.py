"""Workshops proposed by their association's representatives and published
by the secretariat (`published_at`, empty while proposed; the rows already
there are published), the representatives' right to add them, and what a
workshop's dates and theme must hold: registration closes before the start
and opens before it closes (check constraints), the theme belongs to the
workshop's plan (a trigger, on PostgreSQL: a check cannot read another
table)."""

import django.utils.timezone
from django.db import migrations, models

from plans.roles import grant

THEME_TRIGGER = """
CREATE FUNCTION workshops_workshop_theme_of_plan() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM plans_theme WHERE id = NEW.theme_id AND plan_id = NEW.plan_id) THEN
        RAISE EXCEPTION 'workshop %: theme % is not a theme of plan %', NEW.id, NEW.theme_id, NEW.plan_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER workshops_workshop_theme_of_plan BEFORE INSERT OR UPDATE OF plan_id, theme_id
ON workshops_workshop FOR EACH ROW EXECUTE FUNCTION workshops_workshop_theme_of_plan();
"""
DROP_THEME_TRIGGER = """
DROP TRIGGER IF EXISTS workshops_workshop_theme_of_plan ON workshops_workshop;
DROP FUNCTION IF EXISTS workshops_workshop_theme_of_plan();
"""


def theme_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(THEME_TRIGGER, params=None)


def drop_theme_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_THEME_TRIGGER, params=None)


def grant_roles(apps, schema_editor):
    grant(apps, "workshops", {"Association representatives": {"workshop": ["add"]}})


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0003_file_name_index"),
        ("workshops", "0008_registration_confirmed_holds_address"),
    ]

    operations = [
        migrations.RunPython(theme_trigger, drop_theme_trigger),
        migrations.RunPython(grant_roles, migrations.RunPython.noop),
        migrations.AddField(
            model_name="workshop",
            name="published_at",
            field=models.DateTimeField(
                blank=True, default=django.utils.timezone.now, null=True, verbose_name="published on"
            ),
        ),
        migrations.AlterField(
            model_name="workshopevent",
            name="from_status",
            field=models.CharField(
                choices=[
                    ("proposed", "proposed"),
                    ("upcoming", "not held yet"),
                    ("held", "held"),
                    ("published", "outputs published"),
                    ("cancelled", "cancelled"),
                ],
                max_length=20,
                verbose_name="from",
            ),
        ),
        migrations.AlterField(
            model_name="workshopevent",
            name="to_status",
            field=models.CharField(
                choices=[
                    ("proposed", "proposed"),
                    ("upcoming", "not held yet"),
                    ("held", "held"),
                    ("published", "outputs published"),
                    ("cancelled", "cancelled"),
                ],
                max_length=20,
                verbose_name="to",
            ),
        ),
        migrations.AddConstraint(
            model_name="workshop",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("registration_closes_at__isnull", True),
                    ("registration_closes_at__lte", models.F("starts_at")),
                    _connector="OR",
                ),
                name="workshop_registration_closes_before_start",
                violation_error_message="Registration must close before the workshop starts.",
            ),
        ),
        migrations.AddConstraint(
            model_name="workshop",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("registration_opens_at__isnull", True),
                    models.Q(
                        ("registration_opens_at__lt", models.F("starts_at")),
                        models.Q(
                            ("registration_closes_at__isnull", True),
                            ("registration_opens_at__lt", models.F("registration_closes_at")),
                            _connector="OR",
                        ),
                    ),
                    _connector="OR",
                ),
                name="workshop_registration_opens_before_it_closes",
                violation_error_message="Registration must open before it closes and before the workshop starts.",
            ),
        ),
    ]
