from django.utils.text import capfirst
from django.utils.translation import get_language_info
from modeltranslation.admin import TranslationAdmin

from .forms import ConcurrentEditForm
from .languages import default_language, language_codes

VERSION_FIELD = "loaded_version"


class EditorAdmin(TranslationAdmin):
    """The base of every admin for content that editors change.

    - Translated fields get one tab per language. Our own small script
      follows the WAI-ARIA tabs pattern (real buttons, arrow keys, errors
      marked on their tab) and needs no jQuery UI. Without JavaScript the
      languages are simply listed one below the other.
    - Every form refuses to save over a version someone else saved after it
      was opened (ConcurrentEditForm), whatever form the admin declares.
    - The key by which the site finds an item: only a superuser may change it.
    """

    form = ConcurrentEditForm

    class Media:
        js = ("admin-extra/translation-tabs.js",)
        css = {"all": ("admin-extra/translation-tabs.css",)}

    def get_form(self, request, obj=None, **kwargs):
        if not issubclass(self.form, ConcurrentEditForm):
            self.form = type(self.form.__name__, (ConcurrentEditForm, self.form), {})
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if not any(VERSION_FIELD in options["fields"] for _name, options in fieldsets):
            name, options = fieldsets[0]
            fieldsets[0] = (
                name,
                {**options, "fields": (*options["fields"], VERSION_FIELD)},
            )
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        has_key = any(field.name == "key" for field in self.model._meta.fields)
        if has_key and not request.user.is_superuser:
            fields.append("key")
        return fields

    def render_change_form(self, request, context, *args, **kwargs):
        # Read by the tabs script: the languages in order, and which one to open.
        context["translation_languages"] = {
            "default": default_language(),
            "languages": [
                {"code": code, "name": capfirst(get_language_info(code)["name_local"])}
                for code in language_codes()
            ],
        }
        return super().render_change_form(request, context, *args, **kwargs)
