"""The institutes as open data, in JSON and CSV.

Each field is described once below; the JSON file, the CSV file and the
field list on the list page are all made from that description. The content
does not depend on the visitor's language: every translated text is given in
all languages, so that the files at a URL stay the same.
"""

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from core.languages import language_codes
from core.spreadsheets import spreadsheet_safe

# The files' own licence, stated on the open-data page, in the JSON file and,
# for the CSV file, in a Link header (rel="license").
LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "attribution": "Vlaamse overheid",
}


@dataclass(frozen=True)
class Field:
    """A fact about an institute: one CSV column (one per language when it is
    translated) and one place in the JSON record.

    By default the value is the institute's attribute of the same name, or
    at `source` (a dotted path such as "region.key"), and its place in the
    JSON record is `json` (a dotted path) or the field's name.
    """

    name: str
    description: Any
    source: str = ""
    json: str = ""
    translated: bool = False
    # value(institute, language, absolute), where the default does not do.
    value: Any = None
    # The JSON value, where it is richer than the CSV text.
    json_value: Any = None

    def columns(self):
        """(column name, description) for each CSV column of this field."""
        if not self.translated:
            return [(self.name, self.description)]
        return [
            (f"{self.name}_{code}", self.description % {"language": code.upper()})
            for code in language_codes()
        ]

    def get(self, institute, language, absolute):
        if self.value is not None:
            return self.value(institute, language, absolute)
        *path, attribute = (self.source or self.name).split(".")
        item = institute
        for step in path:
            item = getattr(item, step)
        if self.translated:
            return item.translated(attribute, language)
        return getattr(item, attribute) or ""

    def csv_values(self, institute, absolute):
        if not self.translated:
            return {self.name: self.get(institute, None, absolute)}
        return {
            f"{self.name}_{code}": self.get(institute, code, absolute)
            for code in language_codes()
        }

    def json_place(self):
        return (self.json or self.name).split(".")

    def json_data(self, institute, absolute):
        if self.json_value is not None:
            return self.json_value(institute)
        if not self.translated:
            return self.get(institute, None, absolute)
        return {code: self.get(institute, code, absolute) for code in language_codes()}


def _theme_keys(institute, language, absolute):
    return "|".join(theme.key for theme in institute.themes.all())


def _themes(institute):
    return [
        {
            "key": theme.key,
            "name": {code: theme.translated("name", code) for code in language_codes()},
        }
        for theme in institute.themes.all()
    ]


def _page_address(institute, language, absolute):
    return absolute(institute.get_absolute_url(language))


def _checked_on(institute, language=None, absolute=None):
    return institute.checked_on.isoformat() if institute.checked_on else ""


FIELDS = [
    Field("key", _("A fixed identifier of the institute.")),
    Field(
        "kind",
        _("“regional” for a regional institute, “support” for the support institute."),
    ),
    Field("name", _("The name the institute uses today.")),
    Field(
        "former_name",
        _("The name it went by before; empty when it has not changed."),
    ),
    Field("short_name", _("A short name.")),
    Field(
        "region_key",
        _("A fixed identifier of the area it serves."),
        source="region.key",
        json="region.key",
    ),
    Field(
        "region_name",
        _("The area it serves, in %(language)s."),
        source="region.name",
        json="region.name",
        translated=True,
    ),
    Field(
        "street", _("Street and number; empty when not known."), json="address.street"
    ),
    Field("postcode", _("Postcode; empty when not known."), json="address.postcode"),
    Field(
        "municipality",
        _("Municipality, in %(language)s; empty when not known."),
        json="address.municipality",
        translated=True,
    ),
    Field("phone", _("Phone number as written; empty when not known.")),
    Field("phone_e164", _("The same phone number in international form (E.164).")),
    Field("email", _("E-mail address; empty when not known.")),
    Field("website", _("Website; empty when not known.")),
    Field(
        "themes",
        _("The keys of the themes it works on, separated by “|”."),
        value=_theme_keys,
        json_value=_themes,
    ),
    Field("description", _("Description, in %(language)s."), translated=True),
    Field(
        "url",
        _("The page about the institute on this site, in %(language)s."),
        value=_page_address,
        translated=True,
    ),
    Field(
        "checked_on",
        _("The date its details were last checked (YYYY-MM-DD)."),
        value=_checked_on,
        json_value=lambda institute: _checked_on(institute) or None,
    ),
]


def field_list():
    """Every CSV column with what it holds, as the list page shows them."""
    return [column for field in FIELDS for column in field.columns()]


def as_json(institutes, absolute):
    """Structured: translated texts as {language: text}, themes as a list."""
    records = []
    for institute in institutes:
        record = {}
        for field in FIELDS:
            *parents, last = field.json_place()
            target = record
            for parent in parents:
                target = target.setdefault(parent, {})
            target[last] = field.json_data(institute, absolute)
        records.append(record)
    return {"licence": LICENCE, "institutes": records}


def as_csv(institutes, absolute):
    # Cells a spreadsheet would run as formulas start with an apostrophe (the
    # open-data page says so).
    # A byte order mark, so that spreadsheet programs read the file as UTF-8.
    buffer = io.StringIO()
    buffer.write("\ufeff")
    names = [name for name, _description in field_list()]
    writer = csv.DictWriter(buffer, fieldnames=names, lineterminator="\r\n")
    writer.writeheader()
    for institute in institutes:
        row = {}
        for field in FIELDS:
            row.update(field.csv_values(institute, absolute))
        writer.writerow({name: spreadsheet_safe(value) for name, value in row.items()})
    return buffer.getvalue()
