from django.core.management.base import BaseCommand

from core import backups


class Command(BaseCommand):
    help = (
        "Back up the whole database: pg_dump's custom format for PostgreSQL, "
        "the online backup API for SQLite. Prints the file's path."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help="The file to write (default: in DJANGO_BACKUP_DIR)."
        )

    def handle(self, *args, output=None, **options):
        path = backups.backup(output)
        self.stdout.write(str(path))
