"""Check the postcode rules against Statbel's table in the database.

    python manage.py check_places

Run it after loading a new table (see README): it lists every postcode whose
rule gives another area than its municipality implies (Brussels-Capital
Region, the cities of Antwerpen and Gent, else the province), so that an
editor can add or change a rule. It exits with status 1 when it finds any.
"""

from django.core.management.base import BaseCommand, CommandError

from core import links
from places.geography import implied_region
from places.models import PostalCode


class Command(BaseCommand):
    help = "List the postcodes whose rule disagrees with Statbel's table."

    def handle(self, *args, **options):
        wrong = []
        codes = PostalCode.objects.select_related("municipality").order_by("code")
        # The rules are the institutes' (core/links.py): asked once for all.
        found_for = links.postcode_regions({code.code for code in codes})
        for postal_code in codes:
            municipality = postal_code.municipality
            area = municipality.area_refnis
            expected = implied_region(
                municipality.refnis, area, municipality.region_refnis
            )
            found = found_for[postal_code.code]
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
