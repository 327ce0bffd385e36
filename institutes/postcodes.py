"""Belgian postcodes: what a visitor types, and what an editor writes in a rule.

A rule lists postcodes as single codes and ranges, e.g. "1000-1212" or
"2000, 2018, 2020". Parsing is strict so that a typing error in the admin is
refused with a message instead of silently moving a town to another institute.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

LOWEST = 1000
HIGHEST = 9999
# Longer than any sensible input; beyond this we do not even look at it.
MAX_INPUT_LENGTH = 100

FOUR_DIGITS = re.compile(r"[0-9]{4}", re.ASCII)
ITEM = re.compile(r"([0-9]+)(?:-([0-9]+))?", re.ASCII)
SEPARATORS = re.compile(r"[,;\s]+")
# Editors paste from word processors: accept the dashes they produce.
DASHES = re.compile(r"\s*[-\u2010-\u2015\u2212]\s*")


def normalise_input(value):
    """A visitor's postcode as four ASCII digits, or a ValidationError.

    Full-width digits (NFKC) and surrounding spaces are accepted; the input
    itself is never repeated in the message, however long it is.
    """
    value = value or ""
    if len(value) > MAX_INPUT_LENGTH:
        raise ValidationError(
            _("Enter a postcode of four digits, for example 9040."), code="invalid"
        )
    value = unicodedata.normalize("NFKC", value).strip()
    if not value:
        raise ValidationError(_("Enter a postcode."), code="required")
    if not FOUR_DIGITS.fullmatch(value):
        raise ValidationError(
            _("Enter a postcode of four digits, for example 9040."), code="invalid"
        )
    if int(value) < LOWEST:
        raise ValidationError(
            _("Belgian postcodes run from 1000 to 9999."), code="out_of_range"
        )
    return value


def parse_ranges(text):
    """The (first, last) ranges in a rule's text, or a ValidationError listing
    every problem found."""
    text = DASHES.sub("-", unicodedata.normalize("NFKC", text or "").strip())
    items = [item for item in SEPARATORS.split(text) if item]
    if not items:
        raise ValidationError(_("Enter at least one postcode."), code="required")
    ranges, errors = [], []
    for item in items:
        match = ITEM.fullmatch(item)
        if match is None:
            errors.append(
                ValidationError(
                    _(
                        "“%(item)s” is not a postcode or a range of postcodes. "
                        "Write a code as 9000 and a range as 9000-9999."
                    ),
                    code="invalid",
                    params={"item": item[:20]},
                )
            )
            continue
        first = int(match.group(1))
        last = int(match.group(2) or match.group(1))
        outside = [code for code in (first, last) if not LOWEST <= code <= HIGHEST]
        if outside:
            errors.append(
                ValidationError(
                    _(
                        "%(code)s is not a Belgian postcode: postcodes run from "
                        "1000 to 9999."
                    ),
                    code="out_of_range",
                    params={"code": str(outside[0])[:20]},
                )
            )
        elif last < first:
            errors.append(
                ValidationError(
                    _(
                        "The range %(first)s-%(last)s ends before it starts. Write "
                        "the lower code first, e.g. %(last)s-%(first)s."
                    ),
                    code="reversed",
                    params={"first": first, "last": last},
                )
            )
        else:
            ranges.append((first, last))
    if errors:
        raise ValidationError(errors)
    return merge(ranges)


def merge(ranges):
    """Sorted ranges with overlapping and touching ones joined."""
    merged = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def format_ranges(ranges):
    return ", ".join(
        str(first) if first == last else f"{first}-{last}" for first, last in ranges
    )


def count(ranges):
    return sum(last - first + 1 for first, last in ranges)


def contains(ranges, code):
    return any(first <= code <= last for first, last in ranges)


def intersect(ranges, others):
    """The part of `ranges` that also lies in `others`."""
    result = []
    for first, last in ranges:
        for other_first, other_last in others:
            low, high = max(first, other_first), min(last, other_last)
            if low <= high:
                result.append((low, high))
    return merge(result)
