"""Themes, regions, institutes and postcode rules, as shipped in
content/institutes.json. Themes, regions and institutes are known by their
key, rules by their order."""

import datetime

from core.languages import per_language
from core.models import SeedRecord

from .models import (
    Division,
    Institute,
    Municipality,
    PlaceName,
    PostcodeRule,
    Region,
    Theme,
)
from .places import sync_places


def create_theme(entry):
    return Theme.objects.create(key=entry["key"], **per_language("name", entry["name"]))


def create_region(entry):
    return Region.objects.create(
        key=entry["key"],
        kind=entry["kind"],
        order=entry["order"],
        **per_language("name", entry["name"]),
        **per_language("locative", entry["locative"]),
    )


def create_institute(entry):
    region = Region.objects.filter(key=entry["region"]).first()
    if region is None:
        return None  # an editor removed its region
    checked_on = entry.get("checked_on")
    institute = Institute.objects.create(
        key=entry["key"],
        kind=entry["kind"],
        name=entry["name"],
        former_name=entry.get("former_name", ""),
        short_name=entry["short_name"],
        region=region,
        street=entry["street"],
        postcode=entry["postcode"],
        phone=entry["phone"],
        email=entry["email"],
        website=entry["website"],
        checked_on=datetime.date.fromisoformat(checked_on) if checked_on else None,
        **per_language("slug", entry["slug"]),
        **per_language("description", entry["description"]),
        **per_language("municipality", entry["municipality"]),
    )
    institute.themes.set(Theme.objects.filter(key__in=entry["themes"]))
    return institute


def create_rule(entry):
    region = Region.objects.filter(key=entry["region"]).first()
    if region is None:
        return None
    rule = PostcodeRule(
        order=entry["order"],
        postcodes=entry["postcodes"],
        region=region,
        **per_language("note", entry["note"]),
    )
    rule.full_clean()
    rule.save()
    return rule


def create_division(entry):
    return Division.objects.create(
        key=entry["key"],
        street=entry["street"],
        postcode=entry["postcode"],
        phone=entry["phone"],
        email=entry["email"],
        website=entry["website"],
        **per_language("name", entry["name"]),
        **per_language("municipality", entry["municipality"]),
    )


def create_place_name(entry):
    municipality = Municipality.objects.filter(refnis=entry["municipality"]).first()
    if municipality is None:
        return None  # not (or no longer) in Statbel's table
    place = PlaceName(
        name=entry["name"],
        municipality=municipality,
        postcode=entry["postcode"],
        source=PlaceName.Source.EDITOR,
    )
    place.full_clean()
    place.save()
    return place


# (kind of seed item, its section in the file, how it is known, stored
# items under that identity, how to create one), in the order they depend
# on each other.
KINDS = [
    ("theme", "themes", "key", Theme.objects.filter, create_theme),
    ("region", "regions", "key", Region.objects.filter, create_region),
    ("institute", "institutes", "key", Institute.objects.filter, create_institute),
    ("division", "divisions", "key", Division.objects.filter, create_division),
    (
        "place-name",
        "place_names",
        "name",
        PlaceName.objects.filter,
        create_place_name,
    ),
    (
        "postcode-rule",
        "postcode_rules",
        "order",
        PostcodeRule.objects.filter,
        create_rule,
    ),
]


def load_institutes(content):
    places = sync_places()
    counts = {}
    for kind, section, identity, stored, create in KINDS:
        counts[section] = 0
        for entry in content[section]:
            item = SeedRecord.objects.create_once(
                kind,
                entry[identity],
                existing=stored(**{identity: entry[identity]}),
                create=lambda entry=entry, create=create: create(entry),
            )
            counts[section] += item is not None
    return places + (
        " Institutes: {themes} themes, {regions} regions, {institutes} institutes, "
        "{divisions} divisions, {place_names} place names, {postcode_rules} "
        "postcode rules created.".format(**counts)
    )
