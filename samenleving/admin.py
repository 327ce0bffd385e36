from modeltranslation.admin import TranslationAdmin


class TabbedTranslationAdmin(TranslationAdmin):
    """Translated fields with one tab per language.

    Our own small script follows the WAI-ARIA tabs pattern (real buttons,
    arrow keys, errors marked on their tab) and needs no jQuery UI. Without
    JavaScript the languages are simply listed one below the other.
    """

    class Media:
        js = ("admin-extra/translation-tabs.js",)
        css = {"all": ("admin-extra/translation-tabs.css",)}


class FixedKeyAdminMixin:
    """The key by which the site finds an item: only a superuser may change it."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields.append("key")
        return fields
