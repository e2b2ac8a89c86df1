"""Events of ideas sent to institutions or integrated into commitments no
longer carry the names in their explanation (written in the acting staff
member's language): pages and emails name them from the idea's links, in
their reader's language."""

from django.db import migrations


def forget_names(apps, schema_editor):
    IdeaEvent = apps.get_model("ideas", "IdeaEvent")
    IdeaEvent.objects.filter(to_status__in=["sent", "integrated"]).update(explanation="")


class Migration(migrations.Migration):
    dependencies = [("ideas", "0005_text_limits_and_deleted_authors")]

    operations = [migrations.RunPython(forget_names, migrations.RunPython.noop)]
