import datetime
import json
from pathlib import Path

from django.core.management import BaseCommand
from django.db import transaction

from institutes.models import Institute, PostcodeRule, Region, Theme
from samenleving.models import SeedRecord
from samenleving.translated import per_language

CONTENT_FILE = Path(__file__).resolve().parents[2] / "content" / "institutes.json"


class Command(BaseCommand):
    help = (
        "Load the themes, regions, institutes and postcode rules from the content "
        "file. Only what does not exist yet is created (themes, regions and "
        "institutes by key, rules by order), so loading again changes nothing "
        "and never overwrites an editor's work."
    )

    def handle(self, *args, **options):
        content = json.loads(CONTENT_FILE.read_text(encoding="utf-8"))
        counts = self.load(content)
        self.stdout.write(
            "Institutes: {themes} themes, {regions} regions, {institutes} "
            "institutes, {rules} postcode rules created.".format(**counts)
        )

    @transaction.atomic
    def load(self, content):
        counts = {"themes": 0, "regions": 0, "institutes": 0, "rules": 0}
        seeds = SeedRecord.objects
        for entry in content["themes"]:
            key = entry["key"]
            if seeds.should_create("theme", key, Theme.objects.filter(key=key)):
                Theme.objects.create(key=key, **per_language("name", entry["name"]))
                seeds.mark("theme", key)
                counts["themes"] += 1
        for entry in content["regions"]:
            key = entry["key"]
            if seeds.should_create("region", key, Region.objects.filter(key=key)):
                Region.objects.create(
                    key=key,
                    kind=entry["kind"],
                    order=entry["order"],
                    **per_language("name", entry["name"]),
                    **per_language("locative", entry["locative"]),
                )
                seeds.mark("region", key)
                counts["regions"] += 1
        regions = {region.key: region for region in Region.objects.all()}
        themes = {theme.key: theme for theme in Theme.objects.all()}

        for entry in content["institutes"]:
            region = regions.get(entry["region"])
            existing = Institute.objects.filter(key=entry["key"])
            if region is None or not seeds.should_create(
                "institute", entry["key"], existing
            ):
                continue
            institute = Institute.objects.create(
                key=entry["key"],
                kind=entry["kind"],
                name=entry["name"],
                short_name=entry["short_name"],
                region=region,
                street=entry["street"],
                postcode=entry["postcode"],
                phone=entry["phone"],
                email=entry["email"],
                website=entry["website"],
                checked_on=datetime.date.fromisoformat(entry["checked_on"])
                if entry.get("checked_on")
                else None,
                **per_language("slug", entry["slug"]),
                **per_language("description", entry["description"]),
                **per_language("municipality", entry["municipality"]),
            )
            institute.themes.set(
                [themes[key] for key in entry["themes"] if key in themes]
            )
            seeds.mark("institute", entry["key"])
            counts["institutes"] += 1

        for entry in content["postcode_rules"]:
            region = regions.get(entry["region"])
            existing = PostcodeRule.objects.filter(order=entry["order"])
            if region is None or not seeds.should_create(
                "postcode-rule", entry["order"], existing
            ):
                continue
            rule = PostcodeRule(
                order=entry["order"],
                postcodes=entry["postcodes"],
                region=region,
                **per_language("note", entry["note"]),
            )
            rule.full_clean()
            rule.save()
            seeds.mark("postcode-rule", entry["order"])
            counts["rules"] += 1
        return counts
