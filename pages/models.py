from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from core.languages import default_field, language_codes
from core.models import EditableModel, fixed_key
from core.translated import TranslatedFieldsMixin

from .markup import MARKDOWN_HELP


def ancestors(item):
    """The ancestors of a page (or of a node of the page tree), from the home
    page down. A loop, which only a form not yet validated can hold, ends the
    walk at the first page met twice, so that validation can tell."""
    chain, seen = [], {item.pk}
    node = item.parent
    while node is not None:
        chain.append(node)
        if node.pk in seen:
            break
        seen.add(node.pk)
        node = node.parent
    chain.reverse()
    return chain


def page_url(item, language=None):
    """The address of a page or tree node in a language: the slugs of the
    pages between the home page and it, then its own."""
    language = language or get_language()
    slugs = [page.effective_slug(language) for page in [*ancestors(item), item][1:]]
    with override(language):
        if not slugs:
            return reverse("pages:home")
        return reverse("pages:page", kwargs={"path": "/".join(slugs)})


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class Page(TranslatedFieldsMixin, EditableModel):
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
    key = fixed_key(
        _("A fixed name by which the site finds this page. Do not change it."),
        required=False,
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
        return page_url(self)

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
        slug_field = default_field("slug")
        if not getattr(self, slug_field):
            raise ValidationError(
                {slug_field: _("A page below the home page needs a slug.")}
            )
        if self.pk is not None and any(a.pk == self.pk for a in ancestors(self)):
            raise ValidationError(
                {
                    "parent": _(
                        "A page cannot be placed under itself or under one of "
                        "its own subpages."
                    )
                }
            )

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
