"""The institutes as open data, in JSON and CSV.

The content does not depend on the visitor's language: every translated text
is given in all four languages, so that the files at a URL stay the same.
The field list below is also shown on the list page.
"""

import csv
import io

from django.conf import settings
from django.utils.translation import gettext_lazy as _

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def per_language(name, description):
    return [
        (f"{name}_{code}", description % {"language": code.upper()})
        for code in LANGUAGES
    ]


def _fields():
    return [
        ("key", _("A fixed identifier of the institute.")),
        (
            "kind",
            _(
                "“regional” for a regional institute, “support” for the support institute."
            ),
        ),
        ("name", _("The name of the institute.")),
        ("short_name", _("A short name.")),
        ("region_key", _("A fixed identifier of the area it serves.")),
        *per_language("region_name", _("The area it serves, in %(language)s.")),
        ("street", _("Street and number; empty when not known.")),
        ("postcode", _("Postcode; empty when not known.")),
        *per_language(
            "municipality", _("Municipality, in %(language)s; empty when not known.")
        ),
        ("phone", _("Phone number as written; empty when not known.")),
        ("phone_e164", _("The same phone number in international form (E.164).")),
        ("email", _("E-mail address; empty when not known.")),
        ("website", _("Website; empty when not known.")),
        ("themes", _("The keys of the themes it works on, separated by “|”.")),
        *per_language("description", _("Description, in %(language)s.")),
        *per_language(
            "url", _("The page about the institute on this site, in %(language)s.")
        ),
        ("checked_on", _("The date its details were last checked (YYYY-MM-DD).")),
    ]


def field_list():
    return _fields()


def row(institute, absolute):
    region = institute.region
    data = {
        "key": institute.key or "",
        "kind": institute.kind,
        "name": institute.name,
        "short_name": institute.short_name,
        "region_key": region.key,
    }
    for code in LANGUAGES:
        data[f"region_name_{code}"] = region.translated("name", code)
    data["street"] = institute.street
    data["postcode"] = institute.postcode
    for code in LANGUAGES:
        data[f"municipality_{code}"] = institute.translated("municipality", code)
    data["phone"] = institute.phone
    data["phone_e164"] = institute.phone_e164
    data["email"] = institute.email
    data["website"] = institute.website
    data["themes"] = "|".join(theme.key for theme in institute.themes.all())
    for code in LANGUAGES:
        data[f"description_{code}"] = institute.translated("description", code)
    for code in LANGUAGES:
        data[f"url_{code}"] = absolute(institute.get_absolute_url(code))
    data["checked_on"] = (
        institute.checked_on.isoformat() if institute.checked_on else ""
    )
    return data


def as_json(institutes, absolute):
    """Structured: translated texts as {language: text}, themes as a list."""
    records = []
    for institute in institutes:
        flat = row(institute, absolute)
        record = {
            "key": flat["key"],
            "kind": flat["kind"],
            "name": flat["name"],
            "short_name": flat["short_name"],
            "region": {
                "key": flat["region_key"],
                "name": {code: flat[f"region_name_{code}"] for code in LANGUAGES},
            },
            "address": {
                "street": flat["street"],
                "postcode": flat["postcode"],
                "municipality": {
                    code: flat[f"municipality_{code}"] for code in LANGUAGES
                },
            },
            "phone": flat["phone"],
            "phone_e164": flat["phone_e164"],
            "email": flat["email"],
            "website": flat["website"],
            "themes": [
                {
                    "key": theme.key,
                    "name": {
                        code: theme.translated("name", code) for code in LANGUAGES
                    },
                }
                for theme in institute.themes.all()
            ],
            "description": {code: flat[f"description_{code}"] for code in LANGUAGES},
            "url": {code: flat[f"url_{code}"] for code in LANGUAGES},
            "checked_on": flat["checked_on"] or None,
        }
        records.append(record)
    return {"institutes": records}


def as_csv(institutes, absolute):
    # A byte order mark, so that spreadsheet programs read the file as UTF-8.
    buffer = io.StringIO()
    buffer.write("\ufeff")
    names = [name for name, _description in _fields()]
    writer = csv.DictWriter(buffer, fieldnames=names, lineterminator="\r\n")
    writer.writeheader()
    for institute in institutes:
        writer.writerow(row(institute, absolute))
    return buffer.getvalue()
