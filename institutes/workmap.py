"""The map of the work areas: the committed geometry (places/map/areas.json,
made by `manage.py build_map`) with each area's institute, for the template.

Every area has a number on the map and the same number in the legend beside
it, which names the area and its institute. An area too small to point at on
a phone (Brussels) and each city with an institute of its own (Antwerpen,
Gent) are drawn as a circle big enough for a finger: SYMBOL_RADIUS makes it 25 CSS
pixels across when the map is 272 pixels wide, as on a 320-pixel phone at the
largest text size (WCAG 2.5.8 asks for 24 by 24)."""

import re
from dataclasses import dataclass, field
from functools import cache

from django.utils.translation import gettext

from places.geography import geometry

from . import published
from .models import Institute

# In the SVG's units (1000 across): 46 is 12.5 CSS pixels on a map 272 wide.
SYMBOL_RADIUS = 46
# The circle behind an area's number.
LABEL_RADIUS = 34
# "M560 347l-14 6...z": the committed paths are absolute moves and relative lines.
PATH_STEP = re.compile(r"([Ml])(-?\d+) (-?\d+)")


@cache
def extent(path):
    """The width and height of a path's outline, in the SVG's units."""
    xs, ys, x, y = [], [], 0, 0
    for command, dx, dy in PATH_STEP.findall(path):
        if command == "M":
            x, y = int(dx), int(dy)
        else:
            x, y = x + int(dx), y + int(dy)
        xs.append(x)
        ys.append(y)
    return (max(xs) - min(xs), max(ys) - min(ys)) if xs else (0, 0)


@dataclass
class MapArea:
    key: str
    institute: Institute | None
    current: bool
    path: str = ""
    # Where its number stands; a symbol is drawn around it.
    x: int = 0
    y: int = 0
    symbol: bool = False
    number: int = 0
    # The cities inside this area that have an institute of their own.
    without: list = field(default_factory=list)

    @property
    def region_name(self):
        return self.institute.region.name

    @property
    def label(self):
        """The link's name: the institute (with its former name), its area,
        and whether it is the answer's."""
        institute = self.institute
        name = institute.name
        if institute.former_name:
            name += " (%s)" % (
                gettext("formerly %(name)s") % {"name": institute.former_name}
            )
        label = f"{name}: {self.area_name}"
        if not self.current:
            return label
        return gettext("%(label)s, your area") % {"label": label}

    @property
    def area_name(self):
        """The area in words, without the cities that have their own."""
        name = self.institute.region.name
        if not self.without:
            return name
        cities = ", ".join(city.institute.region.name for city in self.without)
        return gettext("%(area)s, except %(cities)s") % {
            "area": name,
            "cities": cities,
        }


def work_areas(institutes=None, answer=None):
    """The areas to draw, each with the regional institute that works there.

    `institutes` are the published institutes when the caller has them
    already; `answer`, the finder's answer, highlights its areas and marks
    its place."""
    data = geometry()
    if institutes is None:
        institutes = published.listed_institutes()
    by_region = {
        institute.region.key: institute
        for institute in institutes
        if institute.kind == Institute.Kind.REGIONAL
    }
    current = set(answer.region_keys) if answer is not None else set()
    labels = data.get("labels", {})
    areas = []
    for key, path in data["areas"].items():
        x, y = labels.get(key, (0, 0))
        width, height = extent(path)
        areas.append(
            MapArea(
                key,
                by_region.get(key),
                key in current,
                path=path,
                x=x,
                y=y,
                symbol=min(width, height) < 2 * SYMBOL_RADIUS,
            )
        )
    cities = [
        MapArea(key, by_region.get(key), key in current, x=x, y=y, symbol=True)
        for key, (x, y) in data["cities"].items()
    ]
    by_key = {area.key: area for area in areas}
    for city in cities:
        within = by_key.get(data.get("within", {}).get(city.key))
        if city.institute is not None and within is not None:
            within.without.append(city)
    # Numbered in the order the institutes are listed: provinces, then cities.
    named = sorted(
        (area for area in [*areas, *cities] if area.institute is not None),
        key=lambda area: (area.institute.region.order, area.key),
    )
    for number, area in enumerate(named, start=1):
        area.number = number
    marker = None
    if answer is not None and len(answer.places) == 1:
        point = data["places"].get(answer.places[0].refnis)
        if point:
            marker = {"x": point[0], "y": point[1], "place": answer.places[0]}
    return {
        "width": data["width"],
        "height": data["height"],
        "areas": areas,
        "cities": cities,
        "legend": named,
        "symbol_radius": SYMBOL_RADIUS,
        "label_radius": LABEL_RADIUS,
        "marker": marker,
        "current": [area for area in named if area.current],
    }
