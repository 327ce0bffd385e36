from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app of the site shares. It imports no other app."""

    name = "core"
    verbose_name = _("Site")
