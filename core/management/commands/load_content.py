from django.core.management import BaseCommand

from core.seeding import load_all


class Command(BaseCommand):
    help = (
        "Load the site's seed content (pages, institutes) from each app's content "
        "files. Only what was never loaded before is created, so loading again "
        "changes nothing and never overwrites an editor's work."
    )

    def handle(self, *args, **options):
        for summary in load_all():
            self.stdout.write(summary)
