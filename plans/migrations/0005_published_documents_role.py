"""The secretariat watches the published documents (core.documents): when
each was rendered, in how long, and which failed."""

from django.db import migrations

from plans.roles import grant


def grant_documents(apps, schema_editor):
    grant(apps, "core", {"Secretariat": {"rendition": ["view", "change"]}})


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_published_documents"),
        ("plans", "0004_public_holidays"),
    ]

    operations = [migrations.RunPython(grant_documents, migrations.RunPython.noop)]
