"""What the institutes' public pages read, kept by each process while
nothing is published (core.pagecache.kept): one name and one query for
each, so that no two pages keep the same data under different names.
Without a request (a management command), each is read anew."""

from core.pagecache import keeping, kept

from .models import (
    Division,
    Institute,
    Municipality,
    PlaceName,
    PostalCode,
    PostcodeRule,
)


def listed_institutes(request=None):
    """Every published institute with its region, in list order."""
    return kept(request, "institutes", lambda: list(Institute.objects.for_listing()))


def institutes_with_themes(request=None):
    """The same with their themes: for an institute's page and the open data."""
    return kept(
        request, "institutes-with-themes", lambda: list(Institute.objects.with_themes())
    )


def division(request=None):
    return kept(request, "division", Division.objects.first)


def institutes_by_slug(institutes, request=None):
    """{slug: [institute, ...]}: `institutes_with_themes(request)` by each
    slug they have in some language, in their order."""

    def index():
        found = {}
        for institute in institutes:
            for slug in institute.slugs():
                found.setdefault(slug, []).append(institute)
        return found

    return kept(request, "institutes-by-slug", index)


def rules_in_order(request=None):
    """Every postcode rule with its parsed ranges, in the order they are tried."""
    return kept(
        request,
        "postcode-rules",
        lambda: [(rule, rule.ranges) for rule in PostcodeRule.objects.in_order()],
    )


def _postcode_table():
    """({postcode: [municipality, ...]}, {municipality id: [postcode, ...]})
    from Statbel's table, in one query."""
    municipalities, codes = {}, {}
    for postal_code in PostalCode.objects.select_related("municipality").order_by(
        "code", "municipality__refnis"
    ):
        municipality = postal_code.municipality
        municipality = municipalities.setdefault(municipality.pk, municipality)
        codes.setdefault(postal_code.code, []).append(municipality)
    by_municipality = {}
    for code, found in codes.items():
        for municipality in found:
            by_municipality.setdefault(municipality.pk, []).append(code)
    return codes, by_municipality


def municipalities_with_postcode(code, request=None):
    """The municipalities a postcode belongs to, in REFNIS order."""
    if keeping(request):
        return list(kept(request, "postcodes", _postcode_table)[0].get(code, ()))
    return list(Municipality.objects.with_postcode(code))


def postcodes_of(municipality, request=None):
    """A municipality's postcodes, in order."""
    if keeping(request):
        return list(
            kept(request, "postcodes", _postcode_table)[1].get(municipality.pk, ())
        )
    return list(municipality.postal_codes.values_list("code", flat=True))


def _place_names():
    """{search key: [place name with its municipality, ...]}, in one query."""
    names = {}
    for place in PlaceName.objects.select_related("municipality").order_by(
        "name", "pk"
    ):
        names.setdefault(place.search_key, []).append(place)
    return names


def place_names_matching(key, request=None):
    """The place names with this search key (institutes.search_key)."""
    if keeping(request):
        return list(kept(request, "place-names", _place_names).get(key, ()))
    return list(PlaceName.objects.matching(key))


def first_postcodes(municipalities):
    """{municipality id: its lowest postcode}, in one query (none without
    municipalities)."""
    if not municipalities:
        return {}
    firsts = {}
    for pk, code in (
        PostalCode.objects.filter(municipality__in=municipalities)
        .order_by("code")
        .values_list("municipality_id", "code")
    ):
        firsts.setdefault(pk, code)
    return firsts
