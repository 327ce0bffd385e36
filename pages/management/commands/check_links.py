import time

from django.core.management.base import BaseCommand

from pages.linkcheck import check_all


class Command(BaseCommand):
    help = (
        "Check every external link in the pages, institutes and divisions and "
        "store what was found; editors see the broken ones in the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, help="requests at once")
        parser.add_argument("--timeout", type=float, help="seconds per request")

    def handle(self, *args, workers=None, timeout=None, **options):
        started = time.monotonic()
        checked, broken = check_all(workers=workers, timeout=timeout)
        self.stdout.write(
            f"{checked} links checked in {time.monotonic() - started:.1f} s: "
            f"{broken} broken."
        )
