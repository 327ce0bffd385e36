from django.db import models


class InstituteQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def for_listing(self):
        return (
            self.published()
            .select_related("region")
            .order_by("region__order", "name", "pk")
        )

    def names(self):
        """Every name and former name: Dutch, whatever the language around."""
        return [
            name
            for names in self.values_list("name", "former_name")
            for name in names
            if name
        ]

    def with_themes(self):
        return (
            self.published()
            .select_related("region")
            .prefetch_related("themes")
            .order_by("region__order", "name", "pk")
        )


class PostcodeRuleQuerySet(models.QuerySet):
    def in_order(self):
        return self.select_related("region").order_by("order")
