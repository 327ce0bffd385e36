from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import PermissionDenied
from django.db import models
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import formats, timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from modeltranslation.admin import TranslationTabularInline

from core import history
from core.admin import VERSION_FIELD, EditorAdmin
from core.forms import ConcurrentEditForm
from core.languages import (
    default_field,
    default_language,
    field_names,
    language_codes,
    language_links,
)

from .checks import check_page
from .links import pages_linking_to
from .markup import raw_html_tags
from .models import Page, PageLink, PublishedPage, ancestors
from .publishing import (
    HOME_OFFLINE_REFUSED,
    State,
    page_state,
    publish,
    unpublish,
    version_from_draft,
)
from .tree import REQUEST_ATTRIBUTE, PageTree
from .views import page_context

PUBLISH = "_publish"
UNPUBLISH = "_unpublish"


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


class PageLinkInline(TranslationTabularInline):
    model = PageLink
    extra = 0
    fields = ("order", "label", "url")
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


class LabelledSplitDateTime(AdminSplitDateTime):
    """Django's date and time inputs with a name each: the field's label only
    points at the first, so a screen reader would announce the time unnamed."""

    def __init__(self, label):
        super().__init__()
        self.widgets[0].attrs["aria-label"] = format_lazy("{}: {}", label, _("date"))
        self.widgets[1].attrs["aria-label"] = format_lazy("{}: {}", label, _("time"))


PUBLISH_AT = _("Publish on")
UNPUBLISH_AT = _("Take offline on")


class PageForm(ConcurrentEditForm):
    """The draft, and when the next version goes online or offline."""

    publish_at = forms.SplitDateTimeField(
        label=PUBLISH_AT,
        required=False,
        widget=LabelledSplitDateTime(PUBLISH_AT),
        help_text=_(
            "Leave empty to publish at once when you press Publish. A date and "
            "time (Brussels time) puts the draft online at that moment; until "
            "then visitors see the current version."
        ),
    )
    unpublish_at = forms.SplitDateTimeField(
        label=UNPUBLISH_AT,
        required=False,
        widget=LabelledSplitDateTime(UNPUBLISH_AT),
        help_text=_(
            "Optional. With Publish or Take offline, the page disappears for "
            "visitors at this moment (Brussels time)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            now = timezone.now()
            for version in self.instance.published_versions.upcoming(now):
                if version.valid_from > now:
                    self.initial["publish_at"] = timezone.localtime(version.valid_from)
                if version.valid_until:
                    self.initial["unpublish_at"] = timezone.localtime(
                        version.valid_until
                    )

    @property
    def action(self):
        if PUBLISH in self.data:
            return PUBLISH
        if UNPUBLISH in self.data:
            return UNPUBLISH
        return None

    def clean(self):
        cleaned = super().clean()
        publish_at = cleaned.get("publish_at")
        unpublish_at = cleaned.get("unpublish_at")
        now = timezone.now()
        is_home = self.instance.pk is not None and self.instance.parent_id is None
        if self.action == UNPUBLISH and is_home:
            raise forms.ValidationError(HOME_OFFLINE_REFUSED, code="home_offline")
        if self.action and unpublish_at and is_home:
            self.add_error("unpublish_at", HOME_OFFLINE_REFUSED)
        if self.action and unpublish_at and unpublish_at <= max(publish_at or now, now):
            self.add_error(
                "unpublish_at",
                _("Choose a moment after the page goes online."),
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


@admin.register(Page)
class PageAdmin(EditorAdmin):
    form = PageForm
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
    control_fields = (VERSION_FIELD, "publish_at", "unpublish_at")
    change_form_template = "admin/pages/page/change_form.html"
    revert_note = _(
        "Reverting makes a version the current draft. Visitors keep seeing the "
        "published version until you publish."
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("parent__parent__parent")
            .prefetch_related("published_versions")
        )

    def get_changelist(self, request, **kwargs):
        return PageTreeChangeList

    @admin.display(description=_("title"), ordering="title")
    def indented_title(self, page):
        return f"{'— ' * len(ancestors(page))}{page.title}"

    @admin.display(description=_("state"))
    def state(self, page):
        return page_state(page, page.published_versions.all()).label

    @admin.display(description=_("state"))
    def publication(self, page):
        if page is None or page.pk is None:
            return _("A new page is a draft until you publish it.")
        now = timezone.now()
        versions = list(page.published_versions.upcoming(now)) + list(
            page.published_versions.live(now)
        )
        lines = []
        for version in sorted(set(versions), key=lambda v: v.valid_from):
            start = timezone.localtime(version.valid_from)
            end = version.valid_until and timezone.localtime(version.valid_until)
            if version.valid_from <= now:
                text = gettext("Online since %(start)s") % {"start": _format(start)}
            else:
                text = gettext("Goes online on %(start)s") % {"start": _format(start)}
            if end:
                text += ", " + gettext("offline from %(end)s") % {"end": _format(end)}
            lines.append((text,))
        state = page_state(page, versions).label
        return format_html(
            '<p class="page-state">{}</p><ul>{}</ul>',
            state,
            format_html_join("", "<li>{}</li>", lines),
        )

    @admin.display(description=_("Links to our pages and institutes"))
    def link_targets(self, page=None):
        from institutes.models import Institute

        tree = PageTree.load()
        pages = [
            (node.title(), f"[{node.title()}](pagina:{node.key or node.pk})")
            for node in tree.visible
        ]
        institutes = [
            (i.name, f"[{i.short_name or i.name}](instituut:{i.key or i.pk})")
            for i in Institute.objects.published().order_by("name")
        ]
        return format_html(
            "<details><summary>{}</summary><p>{}</p><dl class=link-targets>"
            "<dt>{}</dt><dd><ul>{}</ul></dd><dt>{}</dt><dd><ul>{}</ul></dd></dl>"
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
        )

    # Saving: a draft, or a draft that is published or taken offline.

    def save_model(self, request, obj, form, change):
        action = form.action
        publish_at = form.cleaned_data.get("publish_at")
        unpublish_at = form.cleaned_data.get("unpublish_at")
        moments = {}
        if unpublish_at:
            moments["until"] = unpublish_at.isoformat()
        if action == PUBLISH and publish_at and publish_at > timezone.now():
            obj._change_reason = history.reason(
                history.SCHEDULED, **{"from": publish_at.isoformat()}, **moments
            )
        elif action == PUBLISH:
            obj._change_reason = history.reason(history.PUBLISHED, **moments)
        elif action == UNPUBLISH:
            at = unpublish_at.isoformat() if unpublish_at else None
            obj._change_reason = history.reason(
                history.UNPUBLISHED, **({"at": at} if at else {})
            )
        else:
            obj._change_reason = history.reason(history.DRAFT)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        page = form.instance
        if form.action == PUBLISH:
            publish(
                page,
                request.user,
                at=form.cleaned_data.get("publish_at"),
                until=form.cleaned_data.get("unpublish_at"),
            )
        elif form.action == UNPUBLISH:
            unpublish(page, at=form.cleaned_data.get("unpublish_at"))
        for warning in check_page(page):
            self.message_user(request, warning, messages.WARNING)

    def _publishing_response(self, request, obj):
        # Read afresh: the object came with its versions from before the save.
        state = page_state(obj, list(PublishedPage.objects.filter(page=obj)))
        if PUBLISH in request.POST:
            if state == State.SCHEDULED:
                message = _("“%(title)s” is scheduled; visitors see it at its moment.")
            else:
                message = _("“%(title)s” is published: visitors see this version.")
        elif UNPUBLISH in request.POST:
            message = _("“%(title)s” is offline or scheduled to go offline.")
            below = pages_below(obj)
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
        else:
            message = _(
                "Draft of “%(title)s” saved. Visitors see no change until you publish."
            )
        self.message_user(request, message % {"title": obj}, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:pages_page_change", args=[obj.pk]))

    def response_add(self, request, obj, post_url_continue=None):
        if "_addanother" in request.POST or "_popup" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        return self._publishing_response(request, obj)

    def response_change(self, request, obj):
        if "_saveasnew" in request.POST or "_popup" in request.POST:
            return super().response_change(request, obj)
        return self._publishing_response(request, obj)

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        is_live = obj is not None and any(
            v.valid_from <= timezone.now()
            and (v.valid_until is None or v.valid_until > timezone.now())
            for v in obj.published_versions.all()
        )
        context.update(
            {
                "is_live": is_live,
                "is_home": obj is not None and obj.parent_id is None,
                "preview_url": obj
                and reverse(
                    "admin:pages_page_preview", args=[obj.pk, default_language()]
                ),
            }
        )
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def get_view_on_site_url(self, obj=None):
        if obj is None:
            return None
        tree = PageTree.load()
        if obj.pk in tree.visible_pks:
            return tree.nodes[obj.pk].url()
        # Not online: the editor sees the draft instead of a 404.
        return reverse("admin:pages_page_preview", args=[obj.pk, default_language()])

    # The preview: the draft as visitors will see it.

    def get_urls(self):
        return [
            path(
                "<int:object_id>/preview/<str:language>/",
                self.admin_site.admin_view(never_cache(self.preview_view)),
                name="pages_page_preview",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id, language):
        if language not in language_codes():
            raise Http404("No such language")
        page = self.get_object(request, str(object_id))
        if page is None:
            raise Http404("No such page")
        if not self.has_view_or_change_permission(request, page):
            raise PermissionDenied
        draft = version_from_draft(page)
        tree = PageTree.load(draft=draft)
        node = tree.nodes[page.pk]
        alternates = language_links(
            {
                code: reverse("admin:pages_page_preview", args=[page.pk, code])
                for code in language_codes()
            }
        )
        with translation.override(language):
            request.LANGUAGE_CODE = language
            context = page_context(tree, node, language, alternates=alternates)
            context["preview"] = True
            # The menus and breadcrumb show the tree with this draft in it.
            setattr(request, REQUEST_ATTRIBUTE, tree)
            response = render(request, "pages/page.html", context)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        response["Content-Language"] = language
        return response

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

    def revert_message(self, obj, record):
        return gettext(
            "The version of %(moment)s is now the draft. Visitors see it once you "
            "publish."
        ) % {"moment": history._moment(record.history_date.isoformat())}


def _format(moment):
    return formats.date_format(moment, "DATETIME_FORMAT")
