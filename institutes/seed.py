"""Themes, regions, institutes, the division and postcode rules, as shipped in
content/institutes.json. Themes, regions and institutes are known by their
key, rules by their order."""

import datetime

from django.utils import timezone

from core import history
from core.languages import per_language
from core.models import SeedRecord
from core.seeding import corrections, remember

from .models import Division, Institute, PostcodeRule, Region, Theme
from .publishing import State, draft_state, publish


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


def contact_values(entry):
    """The seed values of an organisation's contact details."""
    return {
        "street": entry["street"],
        "postcode": entry["postcode"],
        "phone": entry["phone"],
        "email": entry["email"],
        "website": entry["website"],
        **per_language("municipality", entry["municipality"]),
    }


def institute_values(entry):
    """The seed values of an institute that a correction may change (not its
    key, kind, region or addresses)."""
    checked_on = entry.get("checked_on")
    return {
        "name": entry["name"],
        "former_name": entry.get("former_name", ""),
        "short_name": entry["short_name"],
        "checked_on": datetime.date.fromisoformat(checked_on) if checked_on else None,
        **contact_values(entry),
        **per_language("description", entry["description"]),
    }


def division_values(entry):
    return {**per_language("name", entry["name"]), **contact_values(entry)}


def date_as_checked(institute):
    """Seed text shows, as "last updated", the date its facts were checked
    (updated_at also marks the version an admin form was opened at, and
    every later save moves it on)."""
    if institute.checked_on:
        moment = timezone.make_aware(
            datetime.datetime.combine(institute.checked_on, datetime.time(12))
        )
        Institute.objects.filter(pk=institute.pk).update(updated_at=moment)
        institute.updated_at = moment
        # The version just saved is this one: a form opened now finds its
        # version in the history (core/merge.py merges against it).
        latest = institute.history.order_by("-history_id").first()
        if latest is not None:
            type(latest).objects.filter(pk=latest.pk).update(updated_at=moment)


def create_institute(entry):
    region = Region.objects.filter(key=entry["region"]).first()
    if region is None:
        return None  # an editor removed its region
    institute = Institute.objects.create(
        key=entry["key"],
        kind=entry["kind"],
        region=region,
        **institute_values(entry),
        **per_language("slug", entry["slug"]),
    )
    institute.themes.set(Theme.objects.filter(key__in=entry["themes"]))
    date_as_checked(institute)
    publish(institute)
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
    return Division.objects.create(key=entry["key"], **division_values(entry))


# (kind of seed item, its section in the file, how it is known, stored
# items under that identity, how to create one), in the order they depend
# on each other.
KINDS = [
    ("theme", "themes", "key", Theme.objects.filter, create_theme),
    ("region", "regions", "key", Region.objects.filter, create_region),
    ("institute", "institutes", "key", Institute.objects.filter, create_institute),
    ("division", "divisions", "key", Division.objects.filter, create_division),
    (
        "postcode-rule",
        "postcode_rules",
        "order",
        PostcodeRule.objects.filter,
        create_rule,
    ),
]


# The kinds whose seed text a correction may change: (kind, section, model,
# the values a correction may change).
CORRECTABLE = [
    ("institute", "institutes", Institute, institute_values),
    ("division", "divisions", Division, division_values),
]


def correct(kind, entries, model, values_of, earlier, checked):
    """Bring items loaded before to the corrected seed text, field by field,
    where no editor has changed them; the number of items changed."""
    changed = 0
    for entry in entries:
        record = SeedRecord.objects.filter(kind=kind, key=entry["key"]).first()
        item = model.objects.filter(key=entry["key"]).first()
        if record is None or item is None:
            continue
        wanted = values_of(entry)
        current = {name: getattr(item, name) for name in wanted}
        found = corrections(
            record, current, wanted, earlier.get(kind, {}).get(entry["key"])
        )
        if found:
            # A correction goes online with the institute, unless an editor
            # has changes or a scheduled change waiting: then it stays in
            # the draft for the editor to publish.
            ready = (
                isinstance(item, Institute)
                and draft_state(item, list(item.published_versions.all()))
                == State.PUBLISHED
            )
            for name, value in found.items():
                setattr(item, name, value)
            item._change_reason = history.reason(
                history.SEED_CORRECTED, checked=checked
            )
            item.save()
            if isinstance(item, Institute):
                date_as_checked(item)
                if ready:
                    publish(item)
            changed += 1
        remember(
            record,
            {
                name: value
                for name, value in wanted.items()
                if getattr(item, name) == value
            },
        )
    return changed


def load_institutes(content, update=False, earlier=None):
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
    summary = (
        "Institutes: {themes} themes, {regions} regions, {institutes} institutes, "
        "{divisions} divisions, {postcode_rules} postcode rules created.".format(
            **counts
        )
    )
    corrected = []
    for kind, section, model, values_of in CORRECTABLE:
        if update:
            count = correct(
                kind,
                content[section],
                model,
                values_of,
                earlier or {},
                content.get("checked_on"),
            )
            corrected.append(f"{count} {section}")
        else:
            # What was just created holds its seed values.
            for entry in content[section]:
                record = SeedRecord.objects.filter(kind=kind, key=entry["key"]).first()
                item = model.objects.filter(key=entry["key"]).first()
                if record is not None and item is not None and not record.fields:
                    wanted = values_of(entry)
                    remember(
                        record,
                        {
                            name: value
                            for name, value in wanted.items()
                            if getattr(item, name) == value
                        },
                    )
    if update:
        summary += " Corrected: " + ", ".join(corrected) + "."
    return summary
