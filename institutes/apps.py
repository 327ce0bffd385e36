from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.groups import ALL


class InstitutesConfig(AppConfig):
    name = "institutes"
    verbose_name = _("Institutes")
    editors_may = {
        "division": ALL,
        "institute": ALL,
        "postcoderule": ALL,
        "region": ALL,
        "theme": ALL,
    }

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core import links
        from core.history import keep_history
        from core.signals import announce_saved

        from . import published, publishing  # noqa: F401 - registers its schedule
        from .models import Division, Institute, PostcodeRule, Region, Theme

        links.register(
            institutes=Institute.objects.all,
            institute_urls=published.institute_urls,
            websites=published.websites,
            postcode_regions=published.postcode_regions,
        )
        keep_history(Institute, m2m_fields=[Institute.themes.field])
        for model in (Division, PostcodeRule, Region, Theme):
            keep_history(model)
        # Institute pages, the list, the finder and the open data show them all;
        # the division shows on the list and as a next route. An institute is
        # shown as published (publishing.py): saving its draft changes nothing
        # visitors see, deleting it does.
        for model in (Division, PostcodeRule, Region, Theme):
            post_save.connect(announce_saved, sender=model, weak=False)
            post_delete.connect(announce_saved, sender=model, weak=False)
        post_delete.connect(announce_saved, sender=Institute, weak=False)

    def load_content(self, update=False):
        from core.seeding import read_content, read_earlier

        from .seed import load_institutes

        return load_institutes(
            read_content(self, "institutes.json"), update, read_earlier(self)
        )
