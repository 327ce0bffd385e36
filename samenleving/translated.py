"""Reading modeltranslation's per-language fields, with Dutch as the fallback."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def per_language(field, values):
    """{"nl": "Titel", ...} as model keyword arguments: {"title_nl": "Titel", ...}."""
    return {f"{field}_{code}": value for code, value in values.items()}


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

    def slug_clashes(self, others, message):
        """Errors, per slug field, for every language in which one of `others`
        already uses this item's slug. An empty slug borrows the Dutch one, so
        the error then points at the Dutch field."""
        errors = {}
        for code in language_codes():
            mine = self.translated("slug", code)
            if not mine:
                continue
            for other in others:
                if other.translated("slug", code) == mine:
                    field = (
                        f"slug_{code}" if getattr(self, f"slug_{code}") else "slug_nl"
                    )
                    errors.setdefault(field, []).append(
                        ValidationError(
                            message,
                            params={
                                "name": str(other),
                                "slug": mine,
                                "language": code.upper(),
                            },
                            code="duplicate_slug",
                        )
                    )
        return errors
