"""What the institutes' public pages read: one name and one query for each."""

from django.db.models import Q

from places.models import PostalCode

from . import postcodes
from .models import Division, Institute, PostcodeRule


def listed_institutes():
    """Every published institute with its region, in list order."""
    return list(Institute.objects.for_listing())


def institutes_with_themes():
    """The same with their themes: for an institute's page and the open data."""
    return list(Institute.objects.with_themes())


def division():
    return Division.objects.first()


def institutes_by_slug(institutes):
    """{slug: [institute, ...]}: `institutes` by each slug they have in some
    language, in their order."""
    found = {}
    for institute in institutes:
        for slug in institute.slugs():
            found.setdefault(slug, []).append(institute)
    return found


def rules_in_order():
    """Every postcode rule with its parsed ranges, in the order they are tried."""
    return [(rule, rule.ranges) for rule in PostcodeRule.objects.in_order()]


def postcode_regions(codes):
    """{postcode: the key of the region its first rule gives, or None}, for
    every postcode in `codes`, with one query for the rules."""
    rules = rules_in_order()
    return {
        code: next(
            (
                rule.region.key
                for rule, ranges in rules
                if postcodes.contains(ranges, int(code))
            ),
            None,
        )
        for code in codes
    }


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


def institute_urls(references, language):
    """{reference: address} of the published institutes among references
    (keys, or numbers for institutes without a key)."""
    if not references:
        return {}
    numbers = [int(r) for r in references if r.isdigit()]
    found = {}
    for institute in Institute.objects.published().filter(
        Q(key__in=references) | Q(pk__in=numbers)
    ):
        url = institute.get_absolute_url(language)
        found[str(institute.pk)] = url
        if institute.key:
            found[institute.key] = url
    return found


def websites():
    """[(address, kind, number, label)] of the institutes and divisions."""
    return [
        (item.website, kind, item.pk, str(item))
        for model, kind in ((Institute, "institute"), (Division, "division"))
        for item in model.objects.exclude(website="")
    ]
