from django.core.management import BaseCommand, CommandError

from places.loading import PLACE_NAMES_FILE, read_geonames, write_place_names


class Command(BaseCommand):
    help = (
        "Rewrite places/content/place-names.tsv from GeoNames' postal-code "
        "table for Belgium (BE.txt in BE.zip), then run load_content."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="GeoNames' BE.txt")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8", newline="") as lines:
                pairs = read_geonames(lines)
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        if not pairs:
            raise CommandError(f"{file} holds no Belgian postcodes.")
        write_place_names(pairs)
        self.stdout.write(f"{len(pairs)} place names written to {PLACE_NAMES_FILE}.")
