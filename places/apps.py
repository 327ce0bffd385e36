from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.groups import ALL


class PlacesConfig(AppConfig):
    """Belgium's reference data: municipalities, postcodes, place names and
    the map's geometry. It imports no other app of the site: what it needs of
    one (the postcode rules, for check_places) it asks of core.links."""

    name = "places"
    verbose_name = _("Places")
    # Of places, only the place names: Statbel's tables are loaded, not edited.
    editors_may = {"placename": ALL}

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core.signals import announce_saved

        from .models import PlaceName

        # The finder shows place names. Statbel's tables announce themselves
        # once per load (loading.py); place names are not kept in the
        # history: Statbel's are replaced whole on each load.
        post_save.connect(announce_saved, sender=PlaceName, weak=False)
        post_delete.connect(announce_saved, sender=PlaceName, weak=False)

    def load_content(self, update=False):
        from core.seeding import read_content

        from .loading import load_places

        return load_places(read_content(self, "places.json"))
