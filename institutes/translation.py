from modeltranslation.translator import TranslationOptions, register

from .models import Institute, PostcodeRule, Region, Theme


@register(Region)
class RegionTranslationOptions(TranslationOptions):
    fields = ("name", "locative")
    required_languages = {"nl": ("name", "locative"), "default": ()}


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = {"nl": ("name",), "default": ()}


@register(Institute)
class InstituteTranslationOptions(TranslationOptions):
    fields = ("slug", "description", "municipality")


@register(PostcodeRule)
class PostcodeRuleTranslationOptions(TranslationOptions):
    fields = ("note",)
