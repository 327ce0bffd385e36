from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from samenleving.translated import TranslatedFieldsMixin, language_codes

from .markup import MARKDOWN_HELP


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class Page(TranslatedFieldsMixin, models.Model):
    """A page of the sector's site, in a tree rooted at the home page."""

    class Placement(models.TextChoices):
        MAIN = "main", _("Main navigation")
        FOOTER = "footer", _("Footer")
        NONE = "none", _("Not in a menu")

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent page"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("Leave empty only for the home page."),
    )
    order = models.PositiveIntegerField(
        _("order"),
        default=0,
        help_text=_("Pages with a lower number come first among their siblings."),
    )
    key = models.SlugField(
        _("key"),
        max_length=50,
        unique=True,
        null=True,
        blank=True,
        help_text=_(
            "A fixed name by which the site finds this page. Do not change it."
        ),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        blank=True,
        allow_unicode=False,
        help_text=_(
            "The last part of the address. Left empty, it is made from the title."
        ),
    )
    intro = models.TextField(_("introduction"), blank=True)
    body = models.TextField(_("body"), blank=True, help_text=MARKDOWN_HELP)
    description = models.CharField(
        _("description for search engines"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences shown in search results."),
    )
    placement = models.CharField(
        _("place in the menus"),
        max_length=10,
        choices=Placement,
        default=Placement.MAIN,
    )
    published = models.BooleanField(
        _("published"),
        default=True,
        help_text=_(
            "Unpublished pages, and everything below them, are hidden from visitors."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        constraints = [
            models.UniqueConstraint(
                fields=["parent"],
                condition=models.Q(parent__isnull=True),
                name="single_home_page",
                violation_error_message=_("There is already a home page."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from .tree import page_url

        slugs = []
        page = self
        while page.parent_id is not None:
            slugs.append(page)
            page = page.parent
        return page_url([p.effective_slug() for p in reversed(slugs)])

    def effective_slug(self, language=None):
        return self.translated("slug", language)

    def clean(self):
        super().clean()
        self._fill_slugs()
        self._check_parent()
        self._check_sibling_slugs()

    def _fill_slugs(self):
        for code in language_codes():
            title = getattr(self, f"title_{code}", "") or ""
            if not getattr(self, f"slug_{code}", "") and title and self.parent_id:
                setattr(self, f"slug_{code}", slugify(title)[:100])

    def _check_parent(self):
        if self.parent_id is None:
            if Page.objects.filter(parent__isnull=True).exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"parent": _("There is already a home page: choose a parent page.")}
                )
            return
        if not self.slug_nl:
            raise ValidationError(
                {"slug_nl": _("A page below the home page needs a slug.")}
            )
        seen = set()
        ancestor = self.parent
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError(
                    {
                        "parent": _(
                            "A page cannot be placed under itself or under one of "
                            "its own subpages."
                        )
                    }
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

    def _check_sibling_slugs(self):
        if self.parent_id is None:
            return
        siblings = Page.objects.filter(parent_id=self.parent_id).exclude(pk=self.pk)
        errors = self.slug_clashes(
            siblings,
            _(
                "The page “%(name)s” at the same level already uses "
                "the slug “%(slug)s” in %(language)s."
            ),
        )
        if errors:
            raise ValidationError(errors)


class PageLink(TranslatedFieldsMixin, models.Model):
    page = models.ForeignKey(
        Page, verbose_name=_("page"), on_delete=models.CASCADE, related_name="links"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    label = models.CharField(_("label"), max_length=200)
    url = models.URLField(_("address (URL)"), max_length=500)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self):
        return self.label
