from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from . import fontsize
from .languages import alternates_for_path
from .links import page_tree


def return_path(request):
    """Where the font-size switch returns to: this page, query included if sane."""
    full_path = request.get_full_path()
    return full_path if len(full_path) <= fontsize.MAX_NEXT_LENGTH else request.path


def site(request):
    size = fontsize.from_request(request)
    return {
        "font_size": size,
        "font_sizes": [
            {
                "value": value,
                "label": label,
                "short_label": fontsize.SHORT_LABELS[value],
                "announcement": announcement,
            }
            for value, (label, announcement) in fontsize.SIZES.items()
        ],
        "site_tree": SimpleLazyObject(lambda: page_tree(request)),
        "default_alternates": SimpleLazyObject(
            lambda: alternates_for_path(request.path)
        ),
        "current_language": get_language() or settings.LANGUAGE_CODE,
        "font_size_next": return_path(request),
    }
