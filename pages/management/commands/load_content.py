import json
from pathlib import Path

from django.core.management import BaseCommand, call_command
from django.db import transaction

from pages.models import Page, PageLink
from samenleving.models import SeedRecord
from samenleving.translated import per_language

CONTENT_FILE = Path(__file__).resolve().parents[2] / "content" / "pages.json"


class Command(BaseCommand):
    help = (
        "Load the site's pages (and the institutes) from the content files. "
        "Only pages that do not exist yet are created, so loading again changes "
        "nothing and never overwrites an editor's work."
    )

    def handle(self, *args, **options):
        created = self.load_pages(json.loads(CONTENT_FILE.read_text(encoding="utf-8")))
        self.stdout.write(f"Pages: {created} created.")
        if "load_institutes" in self.available_commands():
            call_command("load_institutes", stdout=self.stdout)

    @staticmethod
    def available_commands():
        from django.core.management import get_commands

        return get_commands()

    @transaction.atomic
    def load_pages(self, entries):
        created = 0
        for entry in entries:
            if SeedRecord.objects.is_loaded("page", entry["key"]):
                continue  # loaded before: an editor may have changed or removed it
            if Page.objects.filter(key=entry["key"]).exists():
                SeedRecord.objects.mark("page", entry["key"])
                continue
            parent = (
                Page.objects.filter(key=entry["parent"]).first()
                if entry["parent"]
                else None
            )
            if entry["parent"] and parent is None:
                continue  # its parent was removed by an editor
            if parent is None and Page.objects.filter(parent__isnull=True).exists():
                continue  # an editor already made a home page of their own
            page = Page.objects.create(
                key=entry["key"],
                parent=parent,
                order=entry["order"],
                placement=entry["placement"],
                **per_language("title", entry["title"]),
                **per_language("slug", entry["slug"]),
                **per_language("intro", entry["intro"]),
                **per_language("body", entry["body"]),
                **per_language("description", entry["description"]),
            )
            for order, link in enumerate(entry.get("links", []), start=1):
                PageLink.objects.create(
                    page=page,
                    order=order * 10,
                    url=link["url"],
                    **per_language("label", link["label"]),
                )
            SeedRecord.objects.mark("page", entry["key"])
            created += 1
        return created
