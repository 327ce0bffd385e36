"""Place names as the finder compares them."""

import unicodedata


def search_key(text):
    """A name as the finder compares it: no case, accents, hyphens, spaces or
    punctuation, so that "sint niklaas" finds "Sint-Niklaas" and "Liege"
    finds "Liège"."""
    text = unicodedata.normalize("NFKD", text or "").casefold()
    return "".join(
        character
        for character in text
        if character.isalnum() and not unicodedata.combining(character)
    )


def name_parts(name):
    """The search keys of a merged municipality's parts:
    "Beveren-Kruibeke-Zwijndrecht" gives beveren, kruibeke, zwijndrecht."""
    parts = [search_key(part) for part in name.replace("’", "-").split("-")]
    return [part for part in parts if len(part) > 2]
