from modeltranslation.translator import TranslationOptions, register

from .models import PlaceName


@register(PlaceName)
class PlaceNameTranslationOptions(TranslationOptions):
    # A place's name is its own in every language; registered so that the
    # editors' admin (a translation admin) can show it.
    fields = ()
