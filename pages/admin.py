import json
from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.db import models
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseInlineFormSet
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from core import history, links
from core.admin import EditorAdmin, confirm_offline
from core.history import spoken_moment
from core.languages import (
    default_field,
    default_language,
    field_names,
    language_links,
)
from core.publishing_admin import UNPUBLISH, PublishingAdmin, PublishingForm

from . import publishing
from .editorial import check_page
from .links import known_keys, link_targets, pages_linking_to, unknown_links
from .markup import KEY_SCHEMES, PAGE_SCHEME, has_images, raw_html_tags
from .models import ExternalLink, Page, PageLink, ancestors
from .publishing import HOME_OFFLINE_REFUSED, version_from_draft
from .tree import REQUEST_ATTRIBUTE, PageTree
from .views import page_context


def pages_below(page):
    """Every page under `page`, in tree order, one query per level."""
    found, level = [], [page]
    while level:
        level = list(Page.objects.filter(parent__in=level).order_by("order", "pk"))
        found += level
    return found


class LabelledInlineFormSet(BaseInlineFormSet):
    """A table row's inputs have no <label>: each is named after its column
    (and its language) for assistive technology."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name, field in form.fields.items():
            label = _("Delete") if name == DELETION_FIELD_NAME else field.label
            field.widget.attrs.setdefault("aria-label", str(label))


def _link_values(link):
    """A link's fields as the form compares them."""
    return {
        name: _comparable(getattr(link, name))
        for name in ("order", *field_names("label"), "url")
    }


def _comparable(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\r\n", "\n")
    return str(value)


class PageLinkForm(forms.ModelForm):
    """A link under a page, merged like the page: the values it was opened
    with travel along, so that a link a colleague changed meanwhile keeps
    the colleague's values where this editor changed nothing, and a value
    both changed is shown before it is replaced."""

    loaded = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["loaded"] = json.dumps(_link_values(self.instance))

    @cached_property
    def changed_data(self):
        return [name for name in super().changed_data if name != "loaded"]

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk or not self.has_changed():
            return cleaned
        try:
            base = json.loads(cleaned.get("loaded") or "")
        except ValueError:
            base = None
        stored = PageLink.objects.filter(pk=self.instance.pk).first()
        if not isinstance(base, dict) or stored is None:
            return cleaned
        theirs = _link_values(stored)
        conflicts = []
        for name, their_value in theirs.items():
            if name not in cleaned:
                continue
            mine = _comparable(cleaned[name])
            if their_value in (base.get(name), mine):
                continue
            if mine == base.get(name):
                cleaned[name] = getattr(stored, name)  # only they changed it
                continue
            label = history.field_label(PageLink, name)
            conflicts.append(f"{label}: “{their_value}”")
        if conflicts:
            # Shown now: saving again keeps this editor's values.
            self.data = self.data.copy()
            self.data[self.add_prefix("loaded")] = json.dumps(theirs)
            raise forms.ValidationError(
                _(
                    "Someone else changed this link in the meantime, to %(values)s. "
                    "Your version is in the form: save again to keep it, or "
                    "copy the values above."
                ),
                params={"values": "; ".join(conflicts)},
                code="stale_link",
            )
        return cleaned


class PageLinkInline(TranslationTabularInline):
    model = PageLink
    form = PageLinkForm
    extra = 0
    fields = ("order", "label", "url", "loaded")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    formset = LabelledInlineFormSet


class PageTreeChangeList(ChangeList):
    """Unless the editor sorts by a column, list the pages in tree order."""

    def get_results(self, request):
        super().get_results(request)
        if ORDER_VAR not in self.params:
            self.result_list = sorted(
                self.result_list,
                key=lambda page: [(p.order, p.pk) for p in [*ancestors(page), page]],
            )


class PageForm(PublishingForm):
    """The draft, and when the next version goes online or offline."""

    def clean(self):
        cleaned = super().clean()
        unpublish_at = cleaned.get("unpublish_at")
        is_home = self.instance.pk is not None and self.instance.parent_id is None
        if self.action == UNPUBLISH and is_home:
            raise forms.ValidationError(HOME_OFFLINE_REFUSED, code="home_offline")
        if self.action and unpublish_at and is_home:
            self.add_error("unpublish_at", HOME_OFFLINE_REFUSED)
        self._check_links_and_images(cleaned)
        if self.going_offline and self.instance.pk and not is_home:
            confirm_offline(
                self,
                linking=pages_linking_to(PAGE_SCHEME, self.instance),
                below=pages_below(self.instance),
            )
        # Raw HTML would be removed or rearranged when the page is shown
        # (an unclosed <table> takes in the rest of the text): refuse it.
        for name in field_names("body"):
            tags = raw_html_tags(cleaned.get(name))
            if tags:
                self.add_error(
                    name,
                    _(
                        "Write this text in Markdown, without HTML: remove %(tags)s. "
                        "A heading starts with “## ”, a list item with “- ”."
                    )
                    % {"tags": ", ".join(tags[:5])},
                )
        return cleaned

    def _check_links_and_images(self, cleaned):
        """A link to a page or institute that does not exist would show as
        plain text, an image not at all: both are refused, with what can be
        used instead."""
        targets = None
        for name in field_names("body"):
            text = cleaned.get(name)
            if not text:
                continue
            if has_images(text):
                self.add_error(
                    name,
                    _(
                        "The text cannot show images: remove “![…](…)”. Describe "
                        "what the image shows in words, or link to it with "
                        "[description](https://address)."
                    ),
                )
            if not any(f"]({scheme}:" in text for scheme in KEY_SCHEMES):
                continue
            targets = targets or link_targets()
            for link in unknown_links(text, targets):
                scheme = link.split(":", 1)[0]
                self.add_error(
                    name,
                    _(
                        "The link “%(link)s” leads nowhere: there is no such "
                        "%(kind)s. Use one of these keys: %(keys)s."
                    )
                    % {
                        "link": link,
                        "kind": {
                            "pagina": _("page"),
                            "instituut": _("institute"),
                            "document": _("document or image"),
                            "afbeelding": _("image"),
                        }[scheme],
                        "keys": known_keys(targets, scheme),
                    },
                )


@admin.register(Page)
class PageAdmin(PublishingAdmin, EditorAdmin):
    form = PageForm
    publishing = publishing
    inlines = [PageLinkInline]
    list_display = ("indented_title", "state", "placement", "order", "updated_at")
    list_filter = ("placement",)
    search_fields = (*field_names("title"), default_field("body"))
    list_select_related = ("parent",)
    # The whole tree on one screen, so that tree order is exact.
    list_per_page = 500
    fieldsets = (
        (None, {"fields": ("title", "slug", "intro", "body", "link_targets")}),
        (_("Search engines"), {"fields": ("description",)}),
        (
            _("Publication"),
            {"fields": ("publication", "publish_at", "unpublish_at")},
        ),
        (_("Place in the site"), {"fields": ("parent", "order", "placement")}),
        (_("Technical"), {"fields": ("key", "updated_at"), "classes": ("collapse",)}),
    )
    readonly_fields = ("updated_at", "publication", "link_targets")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("parent__parent__parent")
            .prefetch_related("published_versions", "links")
        )

    def get_changelist(self, request, **kwargs):
        return PageTreeChangeList

    @admin.display(description=_("title"), ordering="title")
    def indented_title(self, page):
        return f"{'— ' * len(ancestors(page))}{page.title}"

    def can_go_offline(self, page):
        return page is not None and page.parent_id is not None

    @admin.display(description=_("Links to our pages and institutes"))
    def link_targets(self, page=None):
        from .documents.models import Document

        tree = PageTree.load()
        pages = [
            (node.title(), f"[{node.title()}](pagina:{node.key or node.pk})")
            for node in tree.visible
        ]
        institutes = [
            (i.name, f"[{i.short_name or i.name}](instituut:{i.key or i.pk})")
            for i in links.institutes().order_by("name")
        ]
        files = [
            (
                d.title,
                f"![](afbeelding:{d.key})"
                if d.is_image
                else f"[{d.title}](document:{d.key})",
            )
            for d in Document.objects.defer("data").order_by("title")
        ]
        return format_html(
            "<details><summary>{}</summary><p>{}</p><dl class=link-targets>"
            "<dt>{}</dt><dd><ul>{}</ul></dd><dt>{}</dt><dd><ul>{}</ul></dd>"
            "<dt>{}</dt><dd><ul>{}</ul></dd></dl>"
            "</details>",
            _("Show the pages and institutes you can link to"),
            _(
                "Copy a line into the text. The link always leads to the page in "
                "the reader's language, also after it is renamed or moved."
            ),
            _("Pages"),
            format_html_join("", "<li>{}: <code>{}</code></li>", pages),
            _("Institutes"),
            format_html_join("", "<li>{}: <code>{}</code></li>", institutes),
            _("Documents and images"),
            format_html_join("", "<li>{}: <code>{}</code></li>", files)
            or format_html("<li>{}</li>", _("None uploaded yet.")),
        )

    # Publishing, and what the editor is told after it.

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for warning in check_page(form.instance):
            self.message_user(request, warning, messages.WARNING)

    def offline_messages(self, request, page):
        below = pages_below(page)
        if below:
            self.message_user(
                request,
                format_html(
                    "{} {}",
                    _(
                        "Visitors can no longer reach the pages below it either, "
                        "until it is published again:"
                    ),
                    ", ".join(str(page) for page in below),
                ),
                messages.WARNING,
            )

    def get_view_on_site_url(self, obj=None):
        if obj is None:
            return None
        tree = PageTree.load()
        if obj.pk in tree.visible_pks:
            return tree.nodes[obj.pk].url()
        # Not online: the editor sees the draft instead of a 404.
        return reverse("admin:pages_page_preview", args=[obj.pk, default_language()])

    # The preview: the draft as visitors will see it.

    def render_preview(self, request, page, language, unsaved, alternates):
        draft = version_from_draft(page)
        tree = PageTree.load(draft=draft)
        node = tree.nodes[page.pk]
        with translation.override(language):
            request.LANGUAGE_CODE = language
            context = page_context(
                tree, node, language, alternates=language_links(alternates)
            )
            context["preview"] = True
            context["preview_unsaved"] = unsaved
            context["preview_back_url"] = reverse(
                "admin:pages_page_change", args=[page.pk]
            )
            # The menus and breadcrumb show the tree with this draft in it.
            setattr(request, REQUEST_ATTRIBUTE, tree)
            return render(request, "pages/page.html", context)

    # Deleting: refused while other pages link here.

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        for page in objs:
            for other in pages_linking_to("pagina", page):
                protected.append(
                    gettext("The page “%(other)s” links to “%(page)s”")
                    % {"other": other, "page": page}
                )
        return deleted, model_count, perms_needed, protected

    def revert_related(self, page, record):
        """Links as they were in that version. A page's links are saved just
        after the page itself, so a version's links are those that stood just
        before the page's next version."""
        following = (
            page.history.filter(history_date__gt=record.history_date)
            .exclude(pk=page.history.latest().pk)
            .order_by("history_date", "history_id")
            .first()
        )
        if following is None:
            return  # the version before the revert itself: its links are today's
        moment = following.history_date - timedelta(microseconds=1)
        kept = []
        for link in PageLink.history.as_of(moment).filter(page_id=page.pk):
            link.save()
            kept.append(link.pk)
        page.links.exclude(pk__in=kept).delete()


class LinkStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("broken", _("broken")),
            ("working", _("working")),
            ("unchecked", _("not checked")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "broken":
            return queryset.filter(ok=False)
        if value == "working":
            return queryset.filter(ok=True)
        if value == "unchecked":
            return queryset.filter(ok__isnull=True)
        return queryset


ADMIN_PATHS = {
    "page": "admin:pages_page_change",
    "institute": "admin:institutes_institute_change",
    "division": "admin:institutes_division_change",
}


@admin.register(ExternalLink)
class ExternalLinkAdmin(admin.ModelAdmin):
    """What the daily link checker found; broken links first. Read only:
    a link is mended where it is used."""

    list_display = ("address", "result", "where", "checked", "since")
    # The address is a link to the site itself; there is nothing to edit.
    list_display_links = None
    list_filter = (LinkStateFilter,)
    search_fields = ("url",)
    list_per_page = 200

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        last = ExternalLink.objects.exclude(checked_at=None).order_by("-checked_at")
        last = last.values_list("checked_at", flat=True).first()
        context = {
            "subtitle": (
                gettext("Last checked on %(moment)s.") % {"moment": spoken_moment(last)}
                if last
                else gettext("Not checked yet.")
            ),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context=context)

    @admin.display(description=_("address (URL)"), ordering="url")
    def address(self, link):
        return format_html(
            '<a href="{}" rel="noopener noreferrer">{}</a>', link.url, link.url
        )

    @admin.display(description=_("result"), ordering="ok")
    def result(self, link):
        if link.ok is None:
            return gettext(link.problem) if link.problem else gettext("not checked")
        if link.ok:
            return gettext("works")
        status = link.status
        if status in (404, 410):
            reason = gettext("the page does not exist (any more)")
        elif status in (401, 403):
            reason = gettext("no access")
        elif status and status >= 500:
            reason = gettext("an error on the other site")
        elif status:
            reason = gettext("refused")
        elif "timed out" in link.problem:
            reason = gettext("no answer in time")
        else:
            reason = gettext("the site cannot be reached")
        if status:
            return gettext("broken: %(reason)s (answer %(status)s)") % {
                "reason": reason,
                "status": status,
            }
        return gettext("broken: %(reason)s") % {"reason": reason}

    @admin.display(description=_("used on"))
    def where(self, link):
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (
                    reverse(ADMIN_PATHS[place["kind"]], args=[place["pk"]]),
                    place["label"],
                )
                for place in link.used_on
                if place.get("kind") in ADMIN_PATHS
            ),
        )

    @admin.display(description=_("last checked"), ordering="checked_at")
    def checked(self, link):
        return spoken_moment(link.checked_at) if link.checked_at else "—"

    @admin.display(description=_("broken since"), ordering="broken_since")
    def since(self, link):
        return spoken_moment(link.broken_since) if link.broken_since else "—"


# Documents and images, in the admin beside the pages.
from .documents import admin as _documents  # noqa: E402, F401
