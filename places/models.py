"""Belgium's reference data: municipalities, their postcodes and the names
the finder knows them by. Loaded from Statbel's and the postal table
(loading.py); editors add place names of their own."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.languages import with_fallback
from core.models import EditableModel

from .geography import GERMAN_SPEAKING
from .names import search_key
from .querysets import MunicipalityQuerySet, PlaceNameQuerySet


class Municipality(models.Model):
    """A Belgian municipality as Statbel lists it. Reference data: loaded
    from Statbel's tables (see loading.py), not edited by hand."""

    refnis = models.CharField(_("REFNIS code"), max_length=5, unique=True)
    # {language: name}, in the languages Statbel gives (Dutch and French).
    names = models.JSONField(_("names"))
    # The province, or the region for the Brussels-Capital Region.
    area_refnis = models.CharField(_("province REFNIS code"), max_length=5)
    area_names = models.JSONField(_("province or region"))
    region_refnis = models.CharField(_("region REFNIS code"), max_length=5)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["refnis"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return self.name

    @property
    def name(self):
        return with_fallback(self.names)[0]

    @property
    def name_language(self):
        return with_fallback(self.names)[1]

    @property
    def area_name(self):
        return with_fallback(self.area_names)[0]

    @property
    def is_german_speaking(self):
        return self.refnis in GERMAN_SPEAKING

    @property
    def area_name_language(self):
        return with_fallback(self.area_names)[1]


class PostalCode(models.Model):
    """One line of Statbel's postcode table: a postcode and a municipality it
    belongs to. A few codes belong to two municipalities."""

    code = models.CharField(_("postcode"), max_length=4, db_index=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="postal_codes",
    )

    class Meta:
        ordering = ["code", "municipality__refnis"]
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "municipality"], name="unique_postal_code"
            )
        ]

    def __str__(self):
        return f"{self.code} {self.municipality}"


class PlaceName(EditableModel):
    """A name the finder knows a municipality by.

    Official names come from Statbel, the names of the parts of a
    municipality (deelgemeenten, districts) from the postal table (loading.py);
    both are replaced whenever the tables are loaded again. Editors add the
    other names people use, e.g. a neighbourhood or a name in another language.
    """

    class Source(models.TextChoices):
        STATBEL = "statbel", _("Statbel")
        POSTAL = "postal", _("Postal table (GeoNames)")
        EDITOR = "editor", _("Added by an editor")

    name = models.CharField(
        _("place name"),
        max_length=100,
        help_text=_("As people write it, e.g. Borsbeek."),
    )
    search_key = models.CharField(max_length=100, db_index=True, editable=False)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality it lies in"),
        on_delete=models.CASCADE,
        related_name="place_names",
    )
    postcode = models.CharField(
        _("postcode"),
        max_length=4,
        blank=True,
        validators=[
            RegexValidator(
                r"^[1-9][0-9]{3}\Z", _("A Belgian postcode has four digits.")
            )
        ],
        help_text=_(
            "The place's own postcode, when the municipality has several. The "
            "finder then answers for this postcode."
        ),
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source, default=Source.EDITOR
    )

    objects = PlaceNameQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("place name")
        verbose_name_plural = _("place names")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_key = search_key(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.name and not search_key(self.name):
            raise ValidationError({"name": _("Enter a name with letters.")})
        if (
            self.postcode
            and self.municipality_id
            and not PostalCode.objects.filter(
                code=self.postcode, municipality_id=self.municipality_id
            ).exists()
        ):
            raise ValidationError(
                {
                    "postcode": _(
                        "This postcode does not belong to that municipality in "
                        "Statbel's table."
                    )
                }
            )
