from django.conf import settings
from modeltranslation.translator import TranslationOptions, register

from .models import Page, PageLink


@register(Page)
class PageTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "intro", "body", "description")
    # The default language is the reference: every page has a title in it.
    required_languages = {settings.LANGUAGE_CODE: ("title",), "default": ()}


@register(PageLink)
class PageLinkTranslationOptions(TranslationOptions):
    fields = ("label",)
    required_languages = (settings.LANGUAGE_CODE,)


# Documents and images, kept with the pages that show them.
from .documents import translation as _documents  # noqa: E402, F401
