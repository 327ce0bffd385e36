"""Reading modeltranslation's per-language fields, with Dutch as the fallback."""

from django.conf import settings
from django.utils.translation import get_language


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


class TranslatedFieldsMixin:
    def translated(self, field, language=None):
        """A translated field's text in a language, falling back to Dutch."""
        language = language or get_language()
        return getattr(self, f"{field}_{language}", "") or getattr(
            self, f"{field}_nl", ""
        )

    def field_language(self, field, language=None):
        """The language a translated field is shown in: its own, or Dutch."""
        language = language or get_language()
        return language if getattr(self, f"{field}_{language}", "") else "nl"

    def all_languages(self, field):
        return {
            code: getattr(self, f"{field}_{code}", "") or ""
            for code in language_codes()
        }
