"""Which institute works in my town? The answer for one postcode.

All rules are read in one query and matched here, in order: the first rule
that lists the postcode decides. The whole answer costs two queries, however
many rules and institutes there are.
"""

from dataclasses import dataclass

from . import postcodes
from .models import Institute, PostcodeRule, Region


@dataclass
class Answer:
    postcode: str
    rule: PostcodeRule | None
    institute: Institute | None
    support_institute: Institute | None

    @property
    def region(self):
        return self.rule.region if self.rule else None

    @property
    def note(self):
        return self.rule.translated("note") if self.rule else ""

    @property
    def note_language(self):
        return self.rule.field_language("note") if self.rule else ""

    @property
    def outside(self):
        return self.region is not None and self.region.kind == Region.Kind.OUTSIDE


def rules_in_order():
    """Every rule with its parsed ranges, in the order they are tried."""
    return [(rule, rule.ranges) for rule in PostcodeRule.objects.in_order()]


def first_rule(code, rules):
    code = int(code)
    for rule, ranges in rules:
        if postcodes.contains(ranges, code):
            return rule
    return None


def served_by_postcode(code):
    rule = first_rule(code, rules_in_order())
    institutes = list(Institute.objects.for_listing())
    support = next((i for i in institutes if i.kind == Institute.Kind.SUPPORT), None)
    institute = None
    if rule is not None and rule.region.kind != Region.Kind.OUTSIDE:
        institute = next(
            (
                i
                for i in institutes
                if i.kind == Institute.Kind.REGIONAL and i.region_id == rule.region_id
            ),
            None,
        )
    return Answer(
        postcode=code, rule=rule, institute=institute, support_institute=support
    )
