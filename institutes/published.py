"""What the institutes' public pages read: one name and one query for each.

Visitors see an institute as it was published (institutes/publishing.py):
each function here reads the versions live now, as Institute objects."""

from django.db.models import Q

from places.models import PostalCode

from . import postcodes
from .models import Division, Institute, PostcodeRule, PublishedInstitute


def live_versions(at=None):
    """The versions visitors see now, with their regions."""
    return PublishedInstitute.objects.live(at).select_related("region")


def in_list_order(versions):
    institutes = [version.as_institute() for version in versions]
    return sorted(institutes, key=lambda i: (i.region.order, i.name, i.pk))


def listed_institutes():
    """Every published institute with its region, in list order."""
    return in_list_order(live_versions())


def institutes_with_themes():
    """The same with their themes: for an institute's page and the open data."""
    return in_list_order(live_versions().prefetch_related("themes"))


def live_institute(pk, at=None):
    """The institute with this number as visitors see it, or None."""
    version = live_versions(at).filter(institute_id=pk).first()
    return version.as_institute() if version is not None else None


def live_version_ids(at=None):
    """The numbers of the versions visitors see now, as a query to use
    inside another (search keeps one entry per version)."""
    return PublishedInstitute.objects.live(at).values("pk")


def names():
    """Every name and former name of the published institutes: Dutch,
    whatever the language around."""
    return [
        name
        for fields in live_versions().values_list("fields", flat=True)
        for name in (fields.get("name"), fields.get("former_name"))
        if name
    ]


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
    for version in live_versions().filter(
        Q(institute__key__in=references) | Q(institute_id__in=numbers)
    ):
        institute = version.as_institute()
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
