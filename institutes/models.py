import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from core.languages import default_field, field_names, language_codes
from core.models import EditableModel, fixed_key
from core.publishing import PublishedVersion
from core.translated import TranslatedFieldsMixin

from . import postcodes
from .querysets import PostcodeRuleQuerySet


class Region(TranslatedFieldsMixin, EditableModel):
    """The area an institute serves, and the answer of a postcode rule."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        ALL = "all", _("All of Flanders and Brussels")
        OUTSIDE = "outside", _("Outside Flanders and Brussels")

    key = fixed_key(
        _("A fixed name by which the site finds this region. Do not change it.")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    order = models.PositiveIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=100)
    locative = models.CharField(
        _("“lies in” phrase"),
        max_length=150,
        help_text=_(
            "How the postcode finder says that a place lies here, e.g. “in de stad "
            "Gent”. It follows the postcode: “9040 lies in de stad Gent.”"
        ),
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class Theme(TranslatedFieldsMixin, EditableModel):
    key = fixed_key(
        _("A fixed name by which the site finds this theme. Do not change it.")
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name


PHONE_CHARACTERS = re.compile(r"[\s./()-]")
E164 = re.compile(r"\+[1-9][0-9]{7,14}")


def phone_e164(phone):
    """A phone number as written (e.g. "02 203 34 24") in E.164, or ""."""
    digits = PHONE_CHARACTERS.sub("", phone or "")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0"):
        digits = "+32" + digits[1:]
    return digits if E164.fullmatch(digits) else ""


class ContactDetails(models.Model):
    """How to reach an organisation. Every field may stay empty: the site
    shows only what is known, and says so when nothing is."""

    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode"),
        max_length=4,
        blank=True,
        validators=[
            RegexValidator(
                r"^[1-9][0-9]{3}\Z", _("A Belgian postcode has four digits.")
            )
        ],
    )
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    phone = models.CharField(
        _("phone"),
        max_length=30,
        blank=True,
        help_text=_("As people dial it, e.g. 02 203 34 24 or +32 2 203 34 24."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        abstract = True

    @property
    def phone_e164(self):
        return phone_e164(self.phone)

    @property
    def municipality_text(self):
        return self.translated("municipality")

    @property
    def website_display(self):
        """The website as people say it: no scheme, no trailing slash."""
        text = re.sub(r"^https?://", "", self.website or "")
        return text[:-1] if text.endswith("/") and text.count("/") == 1 else text

    @property
    def has_address(self):
        return bool(self.street or self.postcode or self.municipality_text)

    @property
    def has_contact_details(self):
        return bool(self.has_address or self.phone or self.email or self.website)

    @property
    def has_direct_contact(self):
        """A way to reach a person: a phone number or an e-mail address."""
        return bool(self.phone or self.email)

    def clean_phone(self):
        if self.phone and not self.phone_e164:
            return {
                "phone": _(
                    "This is not a phone number we can link to. Write it as people "
                    "dial it, e.g. 02 203 34 24 or +32 2 203 34 24."
                )
            }
        return {}


class Institute(TranslatedFieldsMixin, ContactDetails, EditableModel):
    """A regional institute for samenlevingsopbouw, or the support institute."""

    class Kind(models.TextChoices):
        REGIONAL = "regional", _("Regional institute")
        SUPPORT = "support", _("Support institute")

    key = fixed_key(
        _("A fixed name by which the site finds this institute. Do not change it."),
        required=False,
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind, default=Kind.REGIONAL
    )
    name = models.CharField(
        _("name"), max_length=200, help_text=_("The name the institute uses today.")
    )
    former_name = models.CharField(
        _("former name"),
        max_length=200,
        blank=True,
        help_text=_(
            "The name people may still know it by, shown beside the current one "
            "and found by the finder."
        ),
    )
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        blank=True,
        help_text=_(
            "The last part of the address. Left empty, the Dutch one is made from "
            "the name and the other languages use the Dutch one."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("area served"),
        on_delete=models.PROTECT,
        related_name="institutes",
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="institutes"
    )
    checked_on = models.DateField(
        _("details last checked on"),
        null=True,
        blank=True,
        help_text=_("Shown to visitors. Update it whenever you check the details."),
    )

    class Meta:
        ordering = ["region__order", "name"]
        verbose_name = _("institute")
        verbose_name_plural = _("institutes")

    def __str__(self):
        return self.name

    def get_absolute_url(self, language=None):
        language = language or get_language()
        slug = self.effective_slug(language)
        # Worked out once per slug: pages link to an institute many times.
        addresses = self.__dict__.setdefault("_addresses", {})
        if (language, slug) not in addresses:
            with override(language):
                addresses[language, slug] = reverse(
                    "institutes:detail", kwargs={"slug": slug}
                )
        return addresses[language, slug]

    def effective_slug(self, language=None):
        return self.translated("slug", language)

    def urls(self):
        return {code: self.get_absolute_url(code) for code in language_codes()}

    def slugs(self):
        """Its slug in each language that has its own."""
        return {getattr(self, name) for name in field_names("slug")} - {"", None}

    @property
    def names(self):
        """Every name the institute is known by, current first."""
        return [name for name in (self.name, self.former_name) if name]

    def clean(self):
        super().clean()
        slug_field = default_field("slug")
        if not getattr(self, slug_field) and self.name:
            setattr(self, slug_field, slugify(self.name)[:100])
        errors = self.clean_phone()
        errors.update(self._slug_clashes())
        if errors:
            raise ValidationError(errors)

    def _slug_clashes(self):
        others = Institute.objects.exclude(pk=self.pk).only(
            "name", *field_names("slug")
        )
        return self.slug_clashes(
            others,
            _(
                "The institute “%(name)s” already uses the slug "
                "“%(slug)s” in %(language)s."
            ),
        )


class PublishedInstitute(PublishedVersion):
    """What visitors see of an institute during a period: the draft's
    fields as they were published (institutes/publishing.py). Public pages,
    the finder, the map, the open data, search and the sitemap read only
    these, as Institute objects made from them (`as_institute`)."""

    institute = models.ForeignKey(
        Institute,
        verbose_name=_("institute"),
        on_delete=models.CASCADE,
        related_name="published_versions",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("area served"),
        on_delete=models.PROTECT,
        related_name="published_institutes",
    )
    themes = models.ManyToManyField(
        Theme,
        verbose_name=_("themes"),
        blank=True,
        related_name="published_institutes",
    )
    # {field: value} of every other field, one per language for the
    # translated ones, as JSON.
    fields = models.JSONField(_("fields"), default=dict)

    class Meta:
        ordering = ["institute_id", "valid_from"]
        verbose_name = _("published version of an institute")
        verbose_name_plural = _("published versions of institutes")
        indexes = [models.Index(fields=["institute", "valid_from"])]

    def __str__(self):
        return f"{self.fields.get('name', '')} ({self.valid_from})"

    def as_institute(self):
        """An Institute, not to be saved, holding this version: its region,
        and its themes when they were read with it."""
        institute = Institute(pk=self.institute_id, region=self.region)
        for name, value in self.fields.items():
            field = Institute._meta.get_field(name)
            setattr(institute, field.attname, field.to_python(value))
        institute._state.adding = False
        institute.version = self
        themes = getattr(self, "_prefetched_objects_cache", {}).get("themes")
        # Never the draft's themes: a version read without them has none.
        institute._prefetched_objects_cache = {
            "themes": themes if themes is not None else Theme.objects.none()
        }
        return institute


class PostcodeRule(TranslatedFieldsMixin, EditableModel):
    """Postcodes that lie in a region. The first rule (by order) that lists a
    postcode gives the answer, so an exception goes before the broad range."""

    order = models.PositiveIntegerField(
        _("order"),
        unique=True,
        help_text=_(
            "Rules are tried from the lowest number up; the first rule that lists "
            "a postcode decides. Put exceptions before the broad ranges."
        ),
    )
    postcodes = models.TextField(
        _("postcodes"),
        help_text=_(
            "Single postcodes and ranges, separated by commas, e.g. "
            "“2000, 2018, 2020” or “1500-1999”."
        ),
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="postcode_rules",
    )
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_(
            "Shown with the answer, e.g. why a postcode belongs to another province."
        ),
    )

    objects = PostcodeRuleQuerySet.as_manager()

    class Meta:
        ordering = ["order"]
        verbose_name = _("postcode rule")
        verbose_name_plural = _("postcode rules")

    def __str__(self):
        return f"{self.order}: {self.postcodes}"

    @property
    def ranges(self):
        try:
            return postcodes.parse_ranges(self.postcodes)
        except ValidationError:
            return []

    def clean(self):
        super().clean()
        try:
            ranges = postcodes.parse_ranges(self.postcodes)
        except ValidationError as error:
            raise ValidationError({"postcodes": error.error_list}) from None
        self.postcodes = postcodes.format_ranges(ranges)


class Division(TranslatedFieldsMixin, ContactDetails, EditableModel):
    """The government division that recognises and funds the institutes: the
    route the finder offers where no institute has contact details, and
    outside Flanders and Brussels."""

    key = fixed_key(
        _("A fixed name by which the site finds this division. Do not change it.")
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("government division")
        verbose_name_plural = _("government divisions")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = self.clean_phone()
        if errors:
            raise ValidationError(errors)
