"""What the institutes' public pages read, kept by each process while
nothing is published (core.pagecache.kept): one name and one query for
each, so that no two pages keep the same data under different names.
Without a request (a management command), each is read anew."""

from core.pagecache import kept

from .models import Division, Institute, PostcodeRule


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


def rules_in_order(request=None):
    """Every postcode rule with its parsed ranges, in the order they are tried."""
    return kept(
        request,
        "postcode-rules",
        lambda: [(rule, rule.ranges) for rule in PostcodeRule.objects.in_order()],
    )
