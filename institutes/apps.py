from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstitutesConfig(AppConfig):
    name = "institutes"
    verbose_name = _("Institutes")

    def load_content(self):
        from core.seeding import read_content

        from .seed import load_institutes

        return load_institutes(read_content(self, "institutes.json"))
