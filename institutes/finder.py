"""Which institute works in my town? The answer for a postcode or a name.

A visitor types a postcode or the name of a municipality (in Dutch or French,
in any case, with or without accents, hyphens or spaces). Statbel's tables
(places.py) say which municipalities a postcode or a name stands for; the
postcode rules, which editors keep, say which region each postcode lies in.
All rules are read in one query and matched here, in order: the first rule
that lists a postcode decides.

Every answer costs a small, fixed number of queries, however many rules,
municipalities and institutes there are.
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from django.core.exceptions import ValidationError
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from . import postcodes, published
from .models import Division, Institute, Municipality, PlaceName, PostcodeRule, Region
from .places import name_parts, search_key

# Longer than any place name; beyond this we do not even look at the input.
MAX_INPUT_LENGTH = 100
CLOSEST_NAMES = 5
# A part such as "Sint" or "Saint" fits too many names to be a suggestion.
MAX_PART_MATCHES = 6
# Four digits standing on their own: "9040" or "9040 Gent", not "9040a".
FOUR_DIGITS = re.compile(r"\b[0-9]{4}\b")
# Any digit, in any script: a postcode in other digits is not a name.
DIGIT = re.compile(r"\d")


class Outcome(StrEnum):
    ANSWER = "answer"
    CHOICE = "choice"
    NOT_FOUND = "not_found"
    UNKNOWN_POSTCODE = "unknown_postcode"
    INSTITUTE = "institute"


@dataclass
class Area:
    """A region a place lies in, and who works there."""

    region: Region
    rule: PostcodeRule | None
    institute: Institute | None

    @property
    def outside(self):
        return self.region.kind == Region.Kind.OUTSIDE

    @property
    def note(self):
        return self.rule.translated("note") if self.rule else ""

    @property
    def note_language(self):
        return self.rule.field_language("note") if self.rule else ""


@dataclass
class Answer:
    outcome: str
    postcode: str = ""
    places: list = field(default_factory=list)
    place_name: PlaceName | None = None
    areas: list = field(default_factory=list)
    choices: list = field(default_factory=list)
    institute: Institute | None = None
    support_institute: Institute | None = None
    division: Division | None = None
    # Every published institute, read for the answer: the map uses them.
    all_institutes: list = field(default_factory=list)

    @property
    def title(self):
        """A short text for the page title, made only of known names."""
        names = ", ".join(place.name for place in self.places)
        if self.postcode and names:
            return f"{self.postcode}: {names}"
        if self.institute is not None:
            return self.institute.name
        return self.postcode or names

    @property
    def query(self):
        """What to put in the address to ask this again."""
        if self.postcode:
            return self.postcode
        if self.place_name is not None:
            return self.place_name.name
        if self.places:
            return self.places[0].name
        return self.institute.name if self.institute else ""

    @property
    def region_keys(self):
        """The map's areas to highlight."""
        if self.institute is not None:
            return [self.institute.region.key]
        return [area.region.key for area in self.areas]


def clean_query(value):
    """The visitor's input, checked: ("postcode", "9040"), ("name", key) or
    a ValidationError. The input is never repeated in a message."""
    value = value or ""
    if len(value) > MAX_INPUT_LENGTH:
        raise ValidationError(
            _("Enter a postcode of four digits or the name of a municipality."),
            code="invalid",
        )
    value = unicodedata.normalize("NFKC", value).strip()
    if not value:
        raise ValidationError(
            _("Enter a postcode or the name of a municipality."), code="required"
        )
    codes = FOUR_DIGITS.findall(value)
    if len(codes) == 1:
        return "postcode", postcodes.normalise_input(codes[0])
    key = search_key(value)
    if DIGIT.search(value) or not key:
        raise ValidationError(
            _("Enter a postcode of four digits or the name of a municipality."),
            code="invalid",
        )
    return "name", key


def answer_for(query):
    """The answer for a cleaned query, as clean_query gives it."""
    kind, cleaned = query
    if kind == "postcode":
        return answer_for_postcode(cleaned)
    return answer_for_name(cleaned)


def place_answer(value):
    """The answer when `value`, typed elsewhere (the site search), is a
    postcode or the name of a municipality we know; else None. Unlike
    answer_for, nothing close is suggested: the text may be any words."""
    try:
        kind, cleaned = clean_query(value)
    except ValidationError:
        return None
    if kind == "name" and not PlaceName.objects.matching(cleaned).exists():
        return None
    answer = answer_for((kind, cleaned))
    return answer if answer.outcome in {Outcome.ANSWER, Outcome.CHOICE} else None


def first_rule(code, rules):
    """The rule that answers for a postcode: the first that lists it."""
    number = int(code)
    for rule, ranges in rules:
        if postcodes.contains(ranges, number):
            return rule
    return None


class Context:
    """The rules, institutes and division, each read once per answer, and
    only when the answer needs them."""

    @cached_property
    def rules(self):
        return published.rules_in_order()

    @cached_property
    def institutes(self):
        return published.listed_institutes()

    @cached_property
    def division(self):
        return published.division()

    @property
    def support(self):
        return next(
            (i for i in self.institutes if i.kind == Institute.Kind.SUPPORT), None
        )

    def rule_for(self, code):
        return first_rule(code, self.rules)

    def institute_for(self, region):
        if region.kind == Region.Kind.OUTSIDE:
            return None
        return next(
            (
                i
                for i in self.institutes
                if i.kind == Institute.Kind.REGIONAL and i.region_id == region.pk
            ),
            None,
        )

    def areas_for(self, codes):
        """One area per region the postcodes lie in, in the rules' order."""
        areas = {}
        for code in codes:
            rule = self.rule_for(code)
            if rule is not None and rule.region_id not in areas:
                areas[rule.region_id] = Area(
                    rule.region, rule, self.institute_for(rule.region)
                )
        return list(areas.values())

    def answer(self, **fields):
        return Answer(
            support_institute=self.support,
            # Read only if the answer shows it: outside Flanders and Brussels,
            # or as the next route when an institute has no contact details.
            division=SimpleLazyObject(lambda: self.division),
            all_institutes=self.institutes,
            **fields,
        )


def answer_for_postcode(code):
    places = list(Municipality.objects.with_postcode(code))
    if not places:
        return Answer(Outcome.UNKNOWN_POSTCODE, postcode=code)
    context = Context()
    return context.answer(
        outcome=Outcome.ANSWER,
        postcode=code,
        places=places,
        areas=context.areas_for([code]),
    )


def answer_for_name(key):
    matches = list(PlaceName.objects.matching(key))
    municipalities = {match.municipality_id: match for match in matches}
    if len(municipalities) == 1:
        match = matches[0]
        municipality = match.municipality
        codes = (
            [match.postcode]
            if match.postcode
            else list(municipality.postal_codes.values_list("code", flat=True))
        )
        context = Context()
        return context.answer(
            outcome=Outcome.ANSWER,
            postcode=match.postcode,
            places=[municipality],
            place_name=match if match.source == PlaceName.Source.EDITOR else None,
            areas=context.areas_for(codes),
        )
    if municipalities:
        return Answer(
            Outcome.CHOICE,
            choices=sorted(
                {match.municipality for match in matches}, key=lambda m: m.name
            ),
        )
    context = Context()
    institute = next(
        (
            i
            for i in context.institutes
            if key in {search_key(name) for name in i.names}
        ),
        None,
    )
    if institute is not None:
        return context.answer(outcome=Outcome.INSTITUTE, institute=institute)
    return Answer(
        Outcome.NOT_FOUND,
        choices=closest_places(key),
        all_institutes=context.institutes,
    )


def closest_places(key):
    """Municipalities whose name is close to what was typed, or has it as a
    part ("Kruibeke" in Beveren-Kruibeke-Zwijndrecht)."""
    names = list(
        PlaceName.objects.select_related("municipality").only(
            "name", "search_key", "municipality__names", "municipality__refnis"
        )
    )
    by_key = {}
    for place in names:
        by_key.setdefault(place.search_key, place.municipality)
    found = {}
    parts = [place for place in names if key in name_parts(place.name)]
    if len(parts) <= MAX_PART_MATCHES:
        for place in parts:
            found.setdefault(place.municipality.refnis, place.municipality)
    for close in difflib.get_close_matches(key, by_key, n=CLOSEST_NAMES, cutoff=0.75):
        municipality = by_key[close]
        found.setdefault(municipality.refnis, municipality)
    return list(found.values())[:CLOSEST_NAMES]
