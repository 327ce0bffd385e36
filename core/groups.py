"""The editors' group, kept in step with the content models by migrations."""

from django.contrib.auth.management import create_permissions

EDITORS_GROUP = "Redacteuren"
ACTIONS = ("add", "change", "delete", "view")


def grant_editors(apps, app_label, model_names):
    """Give the editors' group full rights on the given content models."""
    app_config = apps.get_app_config(app_label)
    # Permissions are normally made after all migrations; make them now.
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=EDITORS_GROUP)
    codenames = [f"{action}_{model}" for model in model_names for action in ACTIONS]
    permissions = Permission.objects.filter(
        content_type__app_label=app_label, codename__in=codenames
    )
    group.permissions.add(*permissions)


def revoke_editors(apps, app_label, model_names):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model in model_names for action in ACTIONS]
    group = Group.objects.filter(name=EDITORS_GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
        )
