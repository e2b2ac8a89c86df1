"""A fixed holiday made official in a given year is no day off before it:
Yennayer (14 January) is a public holiday in Morocco since 2024."""

from django.db import migrations, models


def yennayer_since_2024(apps, schema_editor):
    PublicHoliday = apps.get_model("plans", "PublicHoliday")
    PublicHoliday.objects.filter(member__slug="morocco", year=None, month=1, day=14).update(since=2024)


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0005_published_documents_role'),
    ]

    operations = [
        migrations.AddField(
            model_name='publicholiday',
            name='since',
            field=models.PositiveSmallIntegerField(blank=True, help_text='A fixed holiday: the first year it is a day off. Empty: every year.', null=True, verbose_name='official since'),
        ),
        migrations.AddConstraint(
            model_name='publicholiday',
            constraint=models.CheckConstraint(condition=models.Q(('since__isnull', True), ('year__isnull', True), _connector='OR'), name='holiday_since_only_fixed'),
        ),
        migrations.RunPython(yennayer_since_2024, migrations.RunPython.noop),
    ]
