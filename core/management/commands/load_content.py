from django.core.management import BaseCommand

from core.seeding import load_all


class Command(BaseCommand):
    help = (
        "Load the site's seed content (pages, institutes) from each app's content "
        "files. Only what was never loaded before is created, so loading again "
        "changes nothing and never overwrites an editor's work. With --update, "
        "corrected seed text replaces the fields that still hold the seed text "
        "they were given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="Apply corrected seed text to fields no editor has changed.",
        )

    def handle(self, *args, update=False, **options):
        for summary in load_all(update=update):
            self.stdout.write(summary)
