"""The two staff roles as groups with their model permissions: the
secretariat runs the cycle; focal points (also listed on their institution)
decide on the ideas sent to them. Object scoping lives in core/permissions.py."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Secretariat": [
        ("ideas", "idea", ["view", "add", "change"]),
        ("ideas", "ideaevent", ["view"]),
        ("ideas", "comment", ["view", "change"]),
        ("core", "plan", ["view", "add", "change"]),
        ("core", "phase", ["view", "add", "change", "delete"]),
        ("core", "theme", ["view", "add", "change"]),
        ("core", "plandocument", ["view", "add", "change", "delete"]),
        ("core", "institution", ["view", "add", "change"]),
        ("core", "association", ["view", "add", "change"]),
        ("core", "notification", ["view", "change"]),
        ("commitments", "commitment", ["view", "add", "change"]),
        ("consultations", "workshop", ["view", "add", "change"]),
    ],
    "Focal points": [
        ("ideas", "idea", ["view", "change"]),
        ("ideas", "ideaevent", ["view"]),
        ("commitments", "commitment", ["view"]),
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after migrate; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, model, actions in grants:
            codenames = [f"{action}_{model}" for action in actions]
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0002_association_institution_plan_phase_plandocument_and_more"),
        ("commitments", "0001_initial"),
        ("consultations", "0001_initial"),
        ("ideas", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
