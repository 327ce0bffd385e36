from django.db import models

from core.languages import field_names


class InstituteQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def for_listing(self):
        return (
            self.published()
            .select_related("region")
            .order_by("region__order", "name", "pk")
        )

    def for_detail(self):
        return self.published().select_related("region").prefetch_related("themes")

    def with_any_slug(self, slug, *, or_kind=None):
        """Institutes whose slug is `slug` in any language; the caller decides
        which one is meant and whether to redirect. With `or_kind`, also every
        institute of that kind, in the same query."""
        query = models.Q()
        for name in field_names("slug"):
            query |= models.Q(**{name: slug})
        if or_kind is not None:
            query |= models.Q(kind=or_kind)
        return self.filter(query)

    def for_open_data(self):
        return (
            self.published()
            .select_related("region")
            .prefetch_related("themes")
            .order_by("region__order", "name", "pk")
        )


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
