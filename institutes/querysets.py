from django.db import models


class PostcodeRuleQuerySet(models.QuerySet):
    def in_order(self):
        return self.select_related("region").order_by("order")
