from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from core.languages import default_field, language_codes
from core.models import EditableModel, fixed_key
from core.publishing import PublishedVersion
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
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

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

    @property
    def is_home(self):
        return self.pk is not None and self.parent_id is None

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


class PublishedPage(PublishedVersion):
    """What visitors see of a page during a period: a copy of the draft as it
    was published, with the body already rendered and sanitised per language.

    Public views read nothing else. A page has at most one version valid at
    any moment; publishing later (or taking offline later) is simply a
    version whose period starts (or ends) in the future, so a scheduled change
    takes effect at its moment without a job or a restart.
    """

    page = models.ForeignKey(
        Page,
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="published_versions",
    )
    # The place in the tree as it was published: the parent is a page number,
    # not a relation, so that a draft moved elsewhere changes nothing yet.
    parent_page = models.BigIntegerField(_("parent page"), null=True, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    placement = models.CharField(_("place in the menus"), max_length=10)
    key = models.SlugField(_("key"), max_length=50, blank=True)
    titles = models.JSONField(_("titles"), default=dict)
    slugs = models.JSONField(_("slugs"), default=dict)
    intros = models.JSONField(_("introductions"), default=dict)
    bodies = models.JSONField(_("bodies (HTML)"), default=dict)
    descriptions = models.JSONField(_("descriptions"), default=dict)
    links = models.JSONField(_("links"), default=list)
    # The date visitors see as "last updated" when it is not the moment the
    # version went live: for seed text, the date its facts were checked.
    shown_date = models.DateField(
        _("date shown as last updated"), null=True, blank=True
    )

    # What only the page itself shows, not the menus or the breadcrumb.
    TEXTS = ("intros", "bodies", "descriptions", "links")

    class Meta:
        ordering = ["order", "page_id", "valid_from"]
        verbose_name = _("published version")
        verbose_name_plural = _("published versions")
        indexes = [models.Index(fields=["page", "valid_from"])]

    def __str__(self):
        return f"{self.titles.get(settings.LANGUAGE_CODE, '')} ({self.valid_from})"


class PageAddress(models.Model):
    """An address a page had in the past. It answers 301 to the page's current
    address, or 410 when the page was deleted (page is then empty)."""

    path = models.CharField(_("address"), max_length=1000, unique=True)
    page = models.ForeignKey(
        Page,
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="old_addresses",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")

    def __str__(self):
        return self.path


class ExternalLinkQuerySet(models.QuerySet):
    def broken(self):
        return self.filter(ok=False)


class ExternalLink(models.Model):
    """An address outside the site that our content links to, and what the
    link checker (pages/linkcheck.py, run daily) last found there."""

    url = models.CharField(_("address (URL)"), max_length=2000, unique=True)
    # Where editors use it: [{"kind": "page", "pk": 5, "label": "Regelgeving"}].
    used_on = models.JSONField(_("used on"), default=list)
    ok = models.BooleanField(_("works"), null=True)
    status = models.PositiveSmallIntegerField(_("answer code"), null=True)
    problem = models.CharField(_("problem"), max_length=200, blank=True)
    checked_at = models.DateTimeField(_("last checked"), null=True)
    broken_since = models.DateTimeField(_("broken since"), null=True)

    objects = ExternalLinkQuerySet.as_manager()

    class Meta:
        ordering = ["ok", "url"]
        verbose_name = _("external link")
        verbose_name_plural = _("external links")

    def __str__(self):
        return self.url


# Documents and images editors upload, which pages link to and show.
from .documents.models import Document, Rendition  # noqa: E402, F401
