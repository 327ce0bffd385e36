from django.conf import settings
from modeltranslation.translator import TranslationOptions, register

from .models import Document


@register(Document)
class DocumentTranslationOptions(TranslationOptions):
    fields = ("title", "alt")
    required_languages = {settings.LANGUAGE_CODE: ("title",), "default": ()}
