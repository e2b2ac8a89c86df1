"""The committee's reminders move to core, whose `Reminder` is now the one
row claiming work a periodic task does once (core.claims) for every app:
the rows are copied (a reminder already sent stays claimed), the
secretariat keeps reading them, and the committee's table goes."""

from django.db import migrations

from plans.roles import grant


def to_core(apps, schema_editor):
    Old = apps.get_model("committee", "Reminder")
    New = apps.get_model("core", "Reminder")
    New.objects.bulk_create(
        [New(kind=row.kind, key=row.key, sent_at=row.sent_at) for row in Old.objects.all()],
        ignore_conflicts=True,
    )
    grant(apps, "core", {"Secretariat": {"reminder": ["view"]}})


def back(apps, schema_editor):
    Old = apps.get_model("committee", "Reminder")
    New = apps.get_model("core", "Reminder")
    committee_kinds = ["minutes_due", "minutes_overdue", "six_months", "convocation_due"]
    Old.objects.bulk_create(
        [
            Old(kind=row.kind, key=row.key, sent_at=row.sent_at)
            for row in New.objects.filter(kind__in=committee_kinds)
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("committee", "0004_guest_name_erased"),
        ("core", "0004_reminder"),
        ("plans", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(to_core, back),
        migrations.DeleteModel(name="Reminder"),
    ]
