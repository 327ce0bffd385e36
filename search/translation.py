from modeltranslation.translator import TranslationOptions, register

from .models import SynonymGroup


@register(SynonymGroup)
class SynonymGroupTranslationOptions(TranslationOptions):
    # A group is in one language of its own; registered so that the editors'
    # admin (a translation admin) can show it.
    fields = ()
