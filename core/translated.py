"""Reading modeltranslation's per-language fields, with the default language
as the fallback."""

from django.core.exceptions import ValidationError

from .languages import default_field, language_codes, with_fallback


class TranslatedFieldsMixin:
    def all_languages(self, field):
        return {
            code: getattr(self, f"{field}_{code}", "") or ""
            for code in language_codes()
        }

    def translated(self, field, language=None):
        """A translated field's text in a language, falling back to the default."""
        return with_fallback(self.all_languages(field), language)[0]

    def field_language(self, field, language=None):
        """The language a translated field is shown in: its own, or the default."""
        return with_fallback(self.all_languages(field), language)[1]

    def slug_clashes(self, others, message):
        """Errors, per slug field, for every language in which one of `others`
        already uses this item's slug. An empty slug borrows the default
        language's, so the error then points at that field."""
        errors = {}
        for code in language_codes():
            mine = self.translated("slug", code)
            if not mine:
                continue
            for other in others:
                if other.translated("slug", code) == mine:
                    own = f"slug_{code}"
                    field = own if getattr(self, own) else default_field("slug")
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
