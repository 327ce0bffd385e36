from django.core.management.base import BaseCommand

from core import backups, pagecache


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into a fresh database, which then "
        "replaces the current one (kept as a copy unless --drop-old)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup to restore.")
        parser.add_argument(
            "--drop-old",
            action="store_true",
            help="Do not keep the database that the backup replaces.",
        )

    def handle(self, *args, file, drop_old=False, **options):
        old = backups.restore(file, keep_old=not drop_old)
        # Nothing cached from the database before the restore may outlive it.
        pagecache.clear()
        self.stdout.write(f"Restored {file}.")
        if old:
            self.stdout.write(f"The database it replaced is kept as {old}.")
