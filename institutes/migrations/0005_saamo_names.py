"""Today's names, and seed facts that no one verified, in databases loaded
before. Only rows that still hold the earlier seed values change: whatever an
editor wrote stays."""

import datetime

from django.db import migrations

from core.groups import grant_editors, revoke_editors

# key: (earlier seed name, current name, former name, earlier seed website,
# current website). Since November 2021 the regional institutes are called
# SAAMO; "SAAMO Gent" is not seen in a source, so Gent keeps its name.
NAMES = {
    "antwerpen-provincie": (
        "Samenlevingsopbouw Antwerpen provincie",
        "SAAMO Provincie Antwerpen",
        "Samenlevingsopbouw Antwerpen provincie",
        "https://samenlevingsopbouw-antwerpenprovincie.be/",
        "https://saamo.be/provincie-antwerpen/",
    ),
    "antwerpen-stad": (
        "Samenlevingsopbouw Antwerpen stad",
        "SAAMO Antwerpen",
        "Samenlevingsopbouw Antwerpen stad",
        "",
        "https://saamo.be/antwerpen/",
    ),
    "brussel": (
        "Samenlevingsopbouw Brussel",
        "SAAMO Brussel",
        "Samenlevingsopbouw Brussel",
        "https://samenlevingsopbouwbrussel.be/",
        "https://saamo.be/brussel/",
    ),
    "gent": (
        "Samenlevingsopbouw Gent",
        "Samenlevingsopbouw Gent",
        "",
        "https://samenlevingsopbouwgent.be/",
        "",
    ),
    "limburg": (
        "Samenlevingsopbouw Limburg",
        "SAAMO Limburg",
        "RIMO Limburg",
        "",
        "https://saamolimburg.be/",
    ),
    "oost-vlaanderen": (
        "Samenlevingsopbouw Oost-Vlaanderen",
        "SAAMO Oost-Vlaanderen",
        "Samenlevingsopbouw Oost-Vlaanderen",
        "https://samenlevingsopbouw-oost-vlaanderen.be/",
        "https://saamo.be/oost-vlaanderen/",
    ),
    "vlaams-brabant": (
        "Samenlevingsopbouw Vlaams-Brabant",
        "SAAMO Vlaams-Brabant",
        "Samenlevingsopbouw Vlaams-Brabant",
        "",
        "",
    ),
    "west-vlaanderen": (
        "Samenlevingsopbouw West-Vlaanderen",
        "SAAMO West-Vlaanderen",
        "Samenlevingsopbouw West-Vlaanderen",
        "",
        "",
    ),
    "vlaanderen": (
        "Samenlevingsopbouw Vlaanderen",
        "Samenlevingsopbouw Vlaanderen",
        "",
        "https://samenlevingsopbouw.be/",
        "https://samvzw.be/",
    ),
}
SHORT_NAMES = {
    "antwerpen-provincie": ("Antwerpen provincie", "Provincie Antwerpen"),
    "antwerpen-stad": ("Antwerpen stad", "Antwerpen"),
}
# The seed once gave every regional institute these themes and every
# institute a check date, though no one had checked them.
UNVERIFIED_THEMES = {"wonen", "maatschappelijke-dienstverlening", "leefbaarheid"}
SEED_CHECKED_ON = datetime.date(2026, 11, 25)
DESCRIPTION_FIELDS = ["description_nl", "description_fr", "description_en", "description_de"]


def forwards(apps, schema_editor):
    grant_editors(apps, "institutes", ["division", "placename"])
    Institute = apps.get_model("institutes", "Institute")
    for institute in Institute.objects.filter(key__in=NAMES):
        old_name, name, former, old_website, website = NAMES[institute.key]
        if institute.name != old_name:
            continue  # an editor renamed it: leave it as it is
        institute.name = name
        if not institute.former_name:
            institute.former_name = former
        if institute.website == old_website:
            institute.website = website
        if institute.key in SHORT_NAMES and (
            institute.short_name == SHORT_NAMES[institute.key][0]
        ):
            institute.short_name = SHORT_NAMES[institute.key][1]
        for field in DESCRIPTION_FIELDS:
            text = getattr(institute, field, None) or ""
            if text.startswith(old_name + " "):
                setattr(institute, field, name + text[len(old_name) :])
        if institute.checked_on == SEED_CHECKED_ON:
            institute.checked_on = None
        institute.save()
        if institute.kind == "regional":
            keys = set(institute.themes.values_list("key", flat=True))
            if keys == UNVERIFIED_THEMES:
                institute.themes.clear()


def backwards(apps, schema_editor):
    revoke_editors(apps, "institutes", ["division", "placename"])


class Migration(migrations.Migration):
    dependencies = [("institutes", "0004_places_division_former_name")]

    operations = [migrations.RunPython(forwards, backwards)]
