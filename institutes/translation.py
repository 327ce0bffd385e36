from django.conf import settings
from modeltranslation.translator import TranslationOptions, register

from .models import Division, Institute, PostcodeRule, Region, Theme


@register(Region)
class RegionTranslationOptions(TranslationOptions):
    fields = ("name", "locative")
    required_languages = {settings.LANGUAGE_CODE: ("name", "locative"), "default": ()}


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = {settings.LANGUAGE_CODE: ("name",), "default": ()}


@register(Institute)
class InstituteTranslationOptions(TranslationOptions):
    fields = ("slug", "description", "municipality")


@register(PostcodeRule)
class PostcodeRuleTranslationOptions(TranslationOptions):
    fields = ("note",)


@register(Division)
class DivisionTranslationOptions(TranslationOptions):
    fields = ("name", "municipality")
    required_languages = {settings.LANGUAGE_CODE: ("name",), "default": ()}
