"""Which institute works in my town? The answer for a postcode or a name.

A visitor types a postcode, the name of a municipality or of a part of one
(a deelgemeente or district), in Dutch or French, in any case, with or
without accents, hyphens or spaces. Statbel's tables and the postal table's
place names (the places app) say which municipalities a postcode or a name stands
for; a name that several places carry gets a choice, never a pick. The
postcode rules, which editors keep, say which region each postcode lies in.
All rules are read in one query and matched here, in order: the first rule
that lists a postcode decides.

Every answer costs a small, fixed number of queries, however many rules,
municipalities and institutes there are.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from places.models import Municipality, PlaceName
from places.names import name_parts, search_key

from . import postcodes, published
from .models import Institute, PostcodeRule, Region

# Longer than any place name; beyond this we do not even look at the input.
MAX_INPUT_LENGTH = 100
CLOSEST_NAMES = 5
# A part such as "Sint" or "Saint" fits too many names to be a suggestion.
MAX_PART_MATCHES = 6
# A typing error is suggested a correction only when it is short of the name
# by one slip (two from 9 letters on), keeps its first letter and has at
# least 4 letters: "Gentt" is Gent, but "Deurne" is never Veurne.
SHORTEST_TYPO = 4
ONE_SLIP_UP_TO = 8
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


@dataclass(frozen=True)
class Choice:
    """One of several places a name may mean: the place, its postcode and
    the municipality (with its province) it lies in."""

    name: str
    postcode: str
    municipality: object

    @property
    def query(self):
        return f"{self.postcode} {self.name}" if self.postcode else self.name

    @property
    def is_municipality(self):
        return search_key(self.name) in {
            search_key(name) for name in self.municipality.names.values()
        }


@dataclass
class Answer:
    outcome: str
    postcode: str = ""
    places: list = field(default_factory=list)
    place_name: PlaceName | None = None
    areas: list = field(default_factory=list)
    choices: list = field(default_factory=list)
    institute: Institute | None = None
    # Every published institute, read for the answer: the map uses them.
    all_institutes: list = field(default_factory=list)

    @property
    def title(self):
        """A short text for the page title, made only of known names."""
        names = ", ".join(place.name for place in self.places)
        if self.place_name is not None:
            names = f"{self.place_name.name}, {names}"
        if self.postcode and names:
            return f"{self.postcode}: {names}"
        if self.institute is not None:
            return self.institute.name
        return self.postcode or names

    @property
    def query(self):
        """What to put in the address to ask this again."""
        if self.postcode and self.place_name is not None:
            return f"{self.postcode} {self.place_name.name}"
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
    """The visitor's input, checked: ("postcode", "9040"), ("place",
    ("2100", key)) for a postcode with a name, ("name", key) or a
    ValidationError. The input is never repeated in a message."""
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
        code = postcodes.normalise_input(codes[0])
        # "2100 Deurne": the postcode decides, the name is shown with it.
        rest = FOUR_DIGITS.sub(" ", value)
        if not DIGIT.search(rest) and search_key(rest):
            return "place", (code, search_key(rest))
        return "postcode", code
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
    if kind == "place":
        code, key = cleaned
        return answer_for_postcode(code, key=key)
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
    """The rules and institutes, each read once per answer, and
    only when the answer needs them."""

    @cached_property
    def rules(self):
        return published.rules_in_order()

    @cached_property
    def institutes(self):
        return published.listed_institutes()

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
            all_institutes=self.institutes,
            **fields,
        )


def answer_for_postcode(code, key=""):
    """The answer for a postcode; with a name's key ("2100 Deurne"), the
    place of that name under this postcode is named too."""
    places = list(Municipality.objects.with_postcode(code))
    if not places:
        return Answer(Outcome.UNKNOWN_POSTCODE, postcode=code)
    place_name = None
    if key:
        place_name = next(
            (
                match
                for match in PlaceName.objects.matching(key)
                if match.postcode in (code, "")
                and match.source != PlaceName.Source.STATBEL
                and match.municipality in places
            ),
            None,
        )
    context = Context()
    return context.answer(
        outcome=Outcome.ANSWER,
        postcode=code,
        places=[place_name.municipality] if place_name else places,
        place_name=place_name,
        areas=context.areas_for([code]),
    )


def answer_for_name(key):
    matches = list(PlaceName.objects.matching(key))
    municipalities = {match.municipality_id for match in matches}
    if len(municipalities) == 1:
        # The municipality's own name stands for all of it; a part's name
        # for the part's postcodes.
        official = [m for m in matches if m.source == PlaceName.Source.STATBEL]
        match = (official or matches)[0]
        municipality = match.municipality
        codes = sorted({m.postcode for m in matches if m.postcode})
        if official or not codes:
            codes = list(municipality.postal_codes.values_list("code", flat=True))
        context = Context()
        return context.answer(
            outcome=Outcome.ANSWER,
            postcode=codes[0] if len(codes) == 1 and not official else "",
            places=[municipality],
            place_name=None if official else match,
            areas=context.areas_for(codes),
        )
    if municipalities:
        return Answer(Outcome.CHOICE, choices=choices_for(matches))
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
        choices=choices_for(closest_places(key))[:CLOSEST_NAMES],
        all_institutes=context.institutes,
    )


def choices_for(matches):
    """One choice per place the names stand for, in the order of their
    municipalities' names: a name without a postcode of its own (a whole
    municipality) gets the municipality's first postcode, so that every
    choice has an address of its own."""
    firsts = published.first_postcodes(
        [m.municipality for m in matches if not m.postcode]
    )
    found = {}
    for match in matches:
        code = match.postcode or firsts.get(match.municipality_id, "")
        found.setdefault(
            (match.municipality_id, code),
            Choice(match.name, code, match.municipality),
        )
    # A municipality of that name first, then the parts of others.
    return sorted(
        found.values(),
        key=lambda choice: (
            not choice.is_municipality,
            search_key(choice.municipality.name),
            choice.postcode,
        ),
    )


def slips(typed, name, most):
    """Whether `name` is at most `most` typing slips (a letter missed, added,
    changed, or two letters swapped) away from `typed`."""
    if abs(len(typed) - len(name)) > most:
        return False
    previous, current = None, list(range(len(name) + 1))
    for i, a in enumerate(typed, start=1):
        before, previous = previous, current
        current = [i] + [0] * len(name)
        for j, b in enumerate(name, start=1):
            current[j] = min(
                previous[j] + 1,
                current[j - 1] + 1,
                previous[j - 1] + (a != b),
            )
            if i > 1 and j > 1 and a == name[j - 2] and typed[i - 2] == b:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > most:
            return False
    return current[-1] <= most


def close_to(typed, name):
    """A plausible typing error for `name`: the same first letter, at least
    SHORTEST_TYPO letters, one slip (two in longer names)."""
    if len(typed) < SHORTEST_TYPO or typed[0] != name[:1] or typed == name:
        return False
    return slips(typed, name, 1 if len(name) <= ONE_SLIP_UP_TO else 2)


def closest_places(key):
    """Place names close to what was typed, or that have it as a part
    ("Kruibeke" in Beveren-Kruibeke-Zwijndrecht): [PlaceName, ...]."""
    names = list(
        PlaceName.objects.select_related("municipality").only(
            "name",
            "search_key",
            "postcode",
            "municipality__names",
            "municipality__refnis",
            "municipality__area_names",
        )
    )
    found = []
    parts = [place for place in names if key in name_parts(place.name)]
    if len(parts) <= MAX_PART_MATCHES:
        found.extend(parts)
    found.extend(place for place in names if close_to(key, place.search_key))
    return found[: CLOSEST_NAMES * 2]
