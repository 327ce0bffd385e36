"""What the institutes' public pages read: one name and one query for each."""

from .models import Division, Institute, PostalCode, PostcodeRule


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
