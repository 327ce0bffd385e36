from modeltranslation.translator import TranslationOptions, register

from .models import Page, PageLink


@register(Page)
class PageTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "intro", "body", "description")
    # Dutch is the reference language: a page always has a Dutch title.
    required_languages = {"nl": ("title",), "default": ()}


@register(PageLink)
class PageLinkTranslationOptions(TranslationOptions):
    fields = ("label",)
    required_languages = ("nl",)
