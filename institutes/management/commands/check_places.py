"""Check the postcode rules against Statbel's table in the database.

    python manage.py check_places

Run it after loading a new table (see README): it lists every postcode whose
rule gives another area than its municipality implies (Brussels-Capital
Region, the cities of Antwerpen and Gent, else the province), so that an
editor can add or change a rule. It exits with status 1 when it finds any.
"""

from django.core.management.base import BaseCommand, CommandError

from institutes.finder import first_rule
from institutes.models import PostalCode
from institutes.places import implied_region
from institutes.published import rules_in_order


class Command(BaseCommand):
    help = "List the postcodes whose rule disagrees with Statbel's table."

    def handle(self, *args, **options):
        rules = rules_in_order()
        wrong = []
        codes = PostalCode.objects.select_related("municipality").order_by("code")
        for postal_code in codes:
            municipality = postal_code.municipality
            area = municipality.area_refnis
            expected = implied_region(
                municipality.refnis, area, municipality.region_refnis
            )
            rule = first_rule(postal_code.code, rules)
            found = rule.region.key if rule else None
            if found != expected:
                wrong.append(
                    f"{postal_code.code} {municipality.name}: rule gives {found}, "
                    f"Statbel's table implies {expected}"
                )
        for line in wrong:
            self.stdout.write(line)
        if wrong:
            raise CommandError(f"{len(wrong)} postcodes need another rule.")
        self.stdout.write(f"All {codes.count()} postcodes agree with the rules.")
