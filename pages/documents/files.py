"""What an uploaded file may be, decided by its content, never its name.

A PDF (without scripts, launch actions or embedded files) or a PNG, JPEG or
WebP image. Images are decoded and written anew by Pillow: whatever else the
file held (metadata with a location, a second payload) is not kept, and a
file that only claims to be an image fails to decode. SVG and HTML are no
accepted kind at all: they can carry scripts.
"""

import hashlib
import io
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext as _

PDF = "pdf"
IMAGE = "image"

# The magic bytes each accepted kind starts with.
SIGNATURES = [
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
]
# Parts of a PDF that run something when it is opened or hold other files.
PDF_ACTIVE = re.compile(
    rb"/(JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA|SubmitForm|ImportData)\b"
)
# The widths pages show an image at: the text column (45rem) at the three
# text sizes and on small screens; no image is made larger than it is.
IMAGE_WIDTHS = (360, 720, 1080)
MAX_PIXELS = 40_000_000


class Refused(ValueError):
    pass


@dataclass
class Checked:
    kind: str
    content_type: str
    extension: str
    data: bytes
    width: int | None = None
    height: int | None = None
    renditions: dict = field(default_factory=dict)  # {width: bytes}

    @property
    def sha256(self):
        return hashlib.sha256(self.data).hexdigest()


def _signature(head):
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", "webp"
    for magic, content_type, extension in SIGNATURES:
        if head.startswith(magic):
            return content_type, extension
    return None


def check_upload(upload):
    """A Checked file from an uploaded one, or Refused with the reason."""
    limit = settings.DOCUMENT_MAX_BYTES
    if upload.size > limit:
        raise Refused(
            _("The file is %(size)s; at most %(limit)s is accepted.")
            % {"size": file_size(upload.size), "limit": file_size(limit)}
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise Refused(
            _("The file is larger than %(limit)s.") % {"limit": file_size(limit)}
        )
    found = _signature(data[:16])
    if found is None:
        raise Refused(
            _(
                "This is not a PDF or an image (PNG, JPEG or WebP), whatever its "
                "name says. Other files, such as SVG, HTML or Word files, are not "
                "accepted."
            )
        )
    content_type, extension = found
    if content_type == "application/pdf":
        return _check_pdf(data)
    return _check_image(data, content_type, extension)


def _check_pdf(data):
    if b"%%EOF" not in data[-2048:]:
        raise Refused(_("This PDF is incomplete or damaged."))
    if PDF_ACTIVE.search(data):
        raise Refused(
            _(
                "This PDF contains scripts, actions or attached files, which are "
                "not accepted. Save it again as a plain PDF (e.g. “Print to PDF”)."
            )
        )
    return Checked(PDF, "application/pdf", "pdf", data)


def _check_image(data, content_type, extension):
    from PIL import Image, UnidentifiedImageError

    formats = {"image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WEBP"}
    try:
        with Image.open(io.BytesIO(data), formats=[formats[content_type]]) as image:
            if image.width * image.height > MAX_PIXELS:
                raise Refused(_("This image has too many pixels."))
            image.load()
            clean = _without_extras(image)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise Refused(_("This image cannot be read; it may be damaged.")) from None
    checked = Checked(
        IMAGE,
        content_type,
        extension,
        _encode(clean, formats[content_type]),
        width=clean.width,
        height=clean.height,
    )
    for width in IMAGE_WIDTHS:
        if width < clean.width:
            height = round(clean.height * width / clean.width)
            scaled = clean.resize((width, height), Image.Resampling.LANCZOS)
            checked.renditions[width] = _encode(scaled, formats[content_type])
    return checked


def _without_extras(image):
    """The pixels only, the right way up: no metadata, no extra frames."""
    from PIL import ImageOps

    image = ImageOps.exif_transpose(image)
    mode = "RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB"
    return image.convert(mode)


def _encode(image, image_format):
    out = io.BytesIO()
    if image_format == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    elif image_format == "WEBP":
        image.save(out, "WEBP", quality=85)
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()


def safe_filename(name, extension):
    """The name a file is offered under: from the editor's name, with the
    extension of what the file is."""
    stem = slugify(re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name or ""))[:80] or "bestand"
    return f"{stem}.{extension}"


def file_size(size):
    """ "240 kB", "1,2 MB" in the active language's number format."""
    from django.utils.formats import number_format

    if size < 1000 * 1000:
        return _("%(size)s kB") % {"size": number_format(max(1, round(size / 1000)))}
    return _("%(size)s MB") % {"size": number_format(round(size / 1000 / 1000, 1), 1)}
