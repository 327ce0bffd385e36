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


@dataclass(frozen=True)
class Field:
    """A fact about an institute: one CSV column (one per language when it is
    translated) and one place in the JSON record."""

    name: str
    description: Any
    # value(institute, language, absolute): language is None unless translated.
    value: Any
    translated: bool = False
    json_path: tuple = ()
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

    def csv_values(self, institute, absolute):
        if not self.translated:
            return {self.name: self.value(institute, None, absolute)}
        return {
            f"{self.name}_{code}": self.value(institute, code, absolute)
            for code in language_codes()
        }

    def json(self, institute, absolute):
        if self.json_value is not None:
            return self.json_value(institute)
        if not self.translated:
            return self.value(institute, None, absolute)
        return {
            code: self.value(institute, code, absolute) for code in language_codes()
        }


def _themes_json(institute):
    return [
        {
            "key": theme.key,
            "name": {code: theme.translated("name", code) for code in language_codes()},
        }
        for theme in institute.themes.all()
    ]


def _checked_on(institute, language, absolute):
    return institute.checked_on.isoformat() if institute.checked_on else ""


FIELDS = [
    Field(
        "key",
        _("A fixed identifier of the institute."),
        lambda i, lang, absolute: i.key or "",
    ),
    Field(
        "kind",
        _("“regional” for a regional institute, “support” for the support institute."),
        lambda i, lang, absolute: i.kind,
    ),
    Field("name", _("The name of the institute."), lambda i, lang, absolute: i.name),
    Field("short_name", _("A short name."), lambda i, lang, absolute: i.short_name),
    Field(
        "region_key",
        _("A fixed identifier of the area it serves."),
        lambda i, lang, absolute: i.region.key,
        json_path=("region", "key"),
    ),
    Field(
        "region_name",
        _("The area it serves, in %(language)s."),
        lambda i, lang, absolute: i.region.translated("name", lang),
        translated=True,
        json_path=("region", "name"),
    ),
    Field(
        "street",
        _("Street and number; empty when not known."),
        lambda i, lang, absolute: i.street,
        json_path=("address", "street"),
    ),
    Field(
        "postcode",
        _("Postcode; empty when not known."),
        lambda i, lang, absolute: i.postcode,
        json_path=("address", "postcode"),
    ),
    Field(
        "municipality",
        _("Municipality, in %(language)s; empty when not known."),
        lambda i, lang, absolute: i.translated("municipality", lang),
        translated=True,
        json_path=("address", "municipality"),
    ),
    Field(
        "phone",
        _("Phone number as written; empty when not known."),
        lambda i, lang, absolute: i.phone,
    ),
    Field(
        "phone_e164",
        _("The same phone number in international form (E.164)."),
        lambda i, lang, absolute: i.phone_e164,
    ),
    Field(
        "email",
        _("E-mail address; empty when not known."),
        lambda i, lang, absolute: i.email,
    ),
    Field(
        "website",
        _("Website; empty when not known."),
        lambda i, lang, absolute: i.website,
    ),
    Field(
        "themes",
        _("The keys of the themes it works on, separated by “|”."),
        lambda i, lang, absolute: "|".join(theme.key for theme in i.themes.all()),
        json_value=_themes_json,
    ),
    Field(
        "description",
        _("Description, in %(language)s."),
        lambda i, lang, absolute: i.translated("description", lang),
        translated=True,
    ),
    Field(
        "url",
        _("The page about the institute on this site, in %(language)s."),
        lambda i, lang, absolute: absolute(i.get_absolute_url(lang)),
        translated=True,
    ),
    Field(
        "checked_on",
        _("The date its details were last checked (YYYY-MM-DD)."),
        _checked_on,
        json_value=lambda i: _checked_on(i, None, None) or None,
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
            *parents, last = field.json_path or (field.name,)
            target = record
            for parent in parents:
                target = target.setdefault(parent, {})
            target[last] = field.json(institute, absolute)
        records.append(record)
    return {"institutes": records}


def as_csv(institutes, absolute):
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
        writer.writerow(row)
    return buffer.getvalue()
