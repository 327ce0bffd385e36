"""The work areas in Statbel's terms, and the map's committed geometry.

An area is known by a fixed key, the same as the key of the region that
editors keep for it (institutes' Region): the five Flemish provinces, the
Brussels-Capital Region, the two cities with an institute of their own, and
Wallonia outside. Which institute works there is the institutes' business;
where the area lies is this app's.
"""

import json
from functools import cache
from pathlib import Path

# The REFNIS codes of the regions in Statbel's table.
BRUSSELS_CAPITAL_REGION = "04000"
FLEMISH_REGION = "02000"
WALLOON_REGION = "03000"

# The area (by key) each province is, by REFNIS code; the cities that are
# an area of their own, by municipality REFNIS code.
PROVINCE_REGIONS = {
    "10000": "antwerpen-provincie",
    "20001": "vlaams-brabant",
    "30000": "west-vlaanderen",
    "40000": "oost-vlaanderen",
    "70000": "limburg",
}
CITY_REGIONS = {"11002": "antwerpen-stad", "44021": "gent"}
# The municipalities of the German-speaking Community, whose Walloon
# information line is 1719 rather than 1718.
GERMAN_SPEAKING = {
    "63001",
    "63012",
    "63013",
    "63023",
    "63040",
    "63048",
    "63061",
    "63067",
    "63087",
}
BRUSSELS_REGION_KEY = "brussel"
OUTSIDE_REGION_KEY = "wallonie"

# The work areas' outlines, made by `manage.py build_map`.
GEOMETRY = Path(__file__).resolve().parent / "map" / "areas.json"


def implied_region(refnis, province, region):
    """The area a municipality's own data implies: the Brussels-Capital
    Region, the cities of Antwerpen and Gent, else the province; Wallonia
    lies outside."""
    if region == BRUSSELS_CAPITAL_REGION:
        return BRUSSELS_REGION_KEY
    if region == WALLOON_REGION:
        return OUTSIDE_REGION_KEY
    return CITY_REGIONS.get(refnis) or PROVINCE_REGIONS[province]


@cache
def geometry():
    """The map's areas, cities, labels and municipality markers, in the
    SVG's units (see the build_map command)."""
    return json.loads(GEOMETRY.read_text(encoding="utf-8"))
