"""The editors' group ("Redacteuren"), kept in step with the content models.

Each app says in its AppConfig what editors may do with its models, as
`editors_may = {"page": ALL, "externallink": ("view",)}`. After every
`migrate` the group gets whatever of that it lacks, on a new site and on one
that has run for years alike. Rights an administrator gave the group by hand
stay; nothing is taken away.
"""

from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS

EDITORS_GROUP = "Redacteuren"
ALL = ("add", "change", "delete", "view")


def codenames(app_config):
    wanted = getattr(app_config, "editors_may", {})
    return {
        f"{action}_{model}" for model, actions in wanted.items() for action in actions
    }


def editors_rights(app_config, apps, using=DEFAULT_DB_ALIAS, **kwargs):
    """post_migrate receiver: the editors' rights on this app's models."""
    names = codenames(app_config)
    if not names:
        return
    # Permissions are made by another post_migrate receiver, which may come
    # after this one: make them now (it adds only what is missing).
    create_permissions(app_config, verbosity=0, using=using, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.using(using).get_or_create(name=EDITORS_GROUP)
    group.permissions.add(
        *Permission.objects.using(using).filter(
            content_type__app_label=app_config.label, codename__in=names
        )
    )


# For the migrations written before the apps declared the editors' rights.
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
    names = [f"{action}_{model}" for model in model_names for action in ALL]
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label=app_label, codename__in=names
        )
    )


def revoke_editors(apps, app_label, model_names):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    names = [f"{action}_{model}" for model in model_names for action in ALL]
    group = Group.objects.filter(name=EDITORS_GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label=app_label, codename__in=names
            )
        )
