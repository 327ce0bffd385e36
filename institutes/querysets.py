from django.db import models


class PostcodeRuleQuerySet(models.QuerySet):
    def in_order(self):
        return self.select_related("region").order_by("order")


class MunicipalityQuerySet(models.QuerySet):
    def with_postcode(self, code):
        """The municipalities a postcode belongs to, with all their postcodes."""
        return self.filter(postal_codes__code=code).distinct()


class PlaceNameQuerySet(models.QuerySet):
    def matching(self, key):
        return self.filter(search_key=key).select_related("municipality")
