"""The map of the work areas: the committed geometry (map/areas.json, made by
`manage.py build_map`) with each area's institute, for the template."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext

from .models import Institute

GEOMETRY = Path(__file__).resolve().parent / "map" / "areas.json"
CITY_RADIUS = 13


@cache
def geometry():
    return json.loads(GEOMETRY.read_text(encoding="utf-8"))


@dataclass
class MapArea:
    key: str
    institute: Institute | None
    current: bool
    path: str = ""
    x: int = 0
    y: int = 0

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
        label = f"{name}: {institute.region.name}"
        if not self.current:
            return label
        return gettext("%(label)s, your area") % {"label": label}


def work_areas(institutes=None, answer=None):
    """The areas to draw, each with the regional institute that works there.

    `institutes` are the published institutes when the caller has them
    already; `answer`, the finder's answer, highlights its areas and marks
    its place."""
    data = geometry()
    if institutes is None:
        institutes = Institute.objects.for_listing()
    by_region = {
        institute.region.key: institute
        for institute in institutes
        if institute.kind == Institute.Kind.REGIONAL
    }
    current = set(answer.region_keys) if answer is not None else set()
    areas = [
        MapArea(key, by_region.get(key), key in current, path=path)
        for key, path in data["areas"].items()
    ]
    cities = [
        MapArea(key, by_region.get(key), key in current, x=x, y=y)
        for key, (x, y) in data["cities"].items()
    ]
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
        "city_radius": CITY_RADIUS,
        "marker": marker,
        "current": [area for area in [*areas, *cities] if area.current],
    }
