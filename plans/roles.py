"""Staff roles are groups (names in `core.permissions`). The plans app's
migration creates them; every app grants the roles the model permissions on
its own models in a data migration of its own, through `grant()`, so a role's
rights are written next to the models they are about."""

from django.contrib.auth.management import create_permissions

from core.permissions import FOCAL_POINTS_GROUP, MODERATORS_GROUP, SECRETARIAT_GROUP

ROLES = [SECRETARIAT_GROUP, FOCAL_POINTS_GROUP, MODERATORS_GROUP]


def grant(apps, app_label: str, grants: dict[str, dict[str, list[str]]]) -> None:
    """For a data migration: `grants` maps a role to {model: [actions]}."""
    # Permissions are normally created after migrate: make sure they exist now.
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, models in grants.items():
        group, _created = Group.objects.get_or_create(name=role)
        codenames = [f"{action}_{model}" for model, actions in models.items() for action in actions]
        permissions = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        if len(permissions) != len(codenames):
            raise ValueError(f"Unknown permission among {codenames} of {app_label}.")
        group.permissions.add(*permissions)
