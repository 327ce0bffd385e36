"""Documents and images editors upload, stored in the database.

The database is the one store both app servers reach, and the one the
backups copy (make backup / make restore): files need no shared disk and no
separate backup. Files are small (DOCUMENT_MAX_BYTES) and few.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.languages import default_field
from core.models import EditableModel, fixed_key
from core.translated import TranslatedFieldsMixin

from .files import IMAGE, PDF


class Document(TranslatedFieldsMixin, EditableModel):
    class Kind(models.TextChoices):
        PDF = PDF, _("PDF document")
        IMAGE = IMAGE, _("image")

    key = fixed_key(
        _(
            "A fixed name by which texts link to this file: "
            "[text](document:name) or ![](afbeelding:name)."
        )
    )
    title = models.CharField(_("title"), max_length=200)
    alt = models.CharField(
        _("text alternative"),
        max_length=300,
        blank=True,
        help_text=_(
            "For an image: what it shows, for someone who cannot see it. "
            "Required unless the image is only decoration."
        ),
    )
    decorative = models.BooleanField(
        _("only decoration"),
        default=False,
        help_text=_("The image adds nothing to the text; screen readers skip it."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, editable=False)
    filename = models.CharField(_("file name"), max_length=100, editable=False)
    content_type = models.CharField(max_length=50, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    width = models.PositiveIntegerField(null=True, editable=False)
    height = models.PositiveIntegerField(null=True, editable=False)
    data = models.BinaryField(editable=False)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("document or image")
        verbose_name_plural = _("documents and images")

    def __str__(self):
        return self.title

    @property
    def is_image(self):
        return self.kind == IMAGE

    @property
    def version(self):
        """A part of the address that changes with the file: a new upload
        gets a new address, so the old one may be cached for long."""
        return self.sha256[:12]

    def get_absolute_url(self):
        return reverse(
            "documents:file",
            kwargs={"key": self.key, "version": self.version, "ext": self.extension},
        )

    def rendition_url(self, width):
        return reverse(
            "documents:rendition",
            kwargs={
                "key": self.key,
                "version": self.version,
                "width": width,
                "ext": self.extension,
            },
        )

    @property
    def extension(self):
        return self.filename.rsplit(".", 1)[-1]

    def clean(self):
        super().clean()
        if (
            self.kind == IMAGE
            and not self.decorative
            and not getattr(self, default_field("alt"))
        ):
            raise ValidationError(
                {
                    default_field("alt"): _(
                        "Describe what the image shows, or mark it as only decoration."
                    )
                }
            )


class Rendition(models.Model):
    """An image scaled to a width the pages use."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="renditions"
    )
    width = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["document", "width"], name="one_rendition_per_width"
            )
        ]

    def __str__(self):
        return f"{self.document_id}: {self.width} px"
