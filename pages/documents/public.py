"""Uploaded files as texts show them: a link that says the file's kind and
size, and an image scaled to the widths the pages use."""

from django.utils.formats import number_format
from django.utils.html import escape, format_html
from django.utils.translation import get_language, gettext

from core.languages import with_fallback

from .files import IMAGE_WIDTHS, file_size
from .models import Document

# The text column is 45rem wide; on a narrower screen the image fills it.
SIZES = "(min-width: 48rem) 45rem, 100vw"


def files_for(keys):
    """{key: document} without the files' bytes, in one query."""
    if not keys:
        return {}
    return {d.key: d for d in Document.objects.defer("data").filter(key__in=keys)}


def kind_label(document):
    return "PDF" if document.kind == "pdf" else gettext("image")


def file_link(document, label, rest=""):
    """<a href="…">Label <span>(PDF, 240 kB)</span></a>"""
    note = gettext("(%(kind)s, %(size)s)") % {
        "kind": kind_label(document),
        "size": file_size(document.size),
    }
    return (
        f'<a href="{escape(document.get_absolute_url())}"{rest}>{label} '
        f'<span class="file-note">{escape(note)}</span></a>'
    )


def image_tag(document, language=None):
    """The <img> of an uploaded image, with its text alternative in the
    reader's language (or Dutch, marked as such)."""
    language = language or get_language()
    if document.decorative:
        alt, alt_language = "", language
    else:
        alt, alt_language = with_fallback(document.all_languages("alt"), language)
    widths = [w for w in IMAGE_WIDTHS if w < (document.width or 0)]
    sources = [(document.rendition_url(w), w) for w in widths]
    sources.append((document.get_absolute_url(), document.width))
    src = next((url for url, w in sources if w >= 720), sources[-1][0])
    srcset = ", ".join(
        f"{url} {number_format(w, use_l10n=False)}w" for url, w in sources
    )
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{} '
        'loading="lazy" decoding="async" class="placed-image">',
        src,
        srcset,
        SIZES,
        document.width,
        document.height,
        alt,
        format_html(' lang="{}"', alt_language) if alt_language != language else "",
    )
