from django.contrib import admin
from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from core.admin import EditorAdmin
from core.languages import default_field, field_names

from .models import Page, PageLink, ancestors


class PageLinkInline(TranslationTabularInline):
    model = PageLink
    extra = 0
    fields = ("order", "label", "url")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class PageTreeChangeList(ChangeList):
    """Unless the editor sorts by a column, list the pages in tree order."""

    def get_results(self, request):
        super().get_results(request)
        if ORDER_VAR not in self.params:
            self.result_list = sorted(
                self.result_list,
                key=lambda page: [(p.order, p.pk) for p in [*ancestors(page), page]],
            )


@admin.register(Page)
class PageAdmin(EditorAdmin):
    inlines = [PageLinkInline]
    list_display = ("indented_title", "placement", "published", "order", "updated_at")
    list_filter = ("published", "placement")
    search_fields = (*field_names("title"), default_field("body"))
    list_select_related = ("parent",)
    # The whole tree on one screen, so that tree order is exact.
    list_per_page = 500
    fieldsets = (
        (None, {"fields": ("title", "slug", "intro", "body", "description")}),
        (
            _("Place in the site"),
            {"fields": ("parent", "order", "placement", "published")},
        ),
        (_("Technical"), {"fields": ("key", "updated_at"), "classes": ("collapse",)}),
    )
    readonly_fields = ("updated_at",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent__parent__parent")

    def get_changelist(self, request, **kwargs):
        return PageTreeChangeList

    @admin.display(description=_("title"), ordering="title")
    def indented_title(self, page):
        return f"{'— ' * len(ancestors(page))}{page.title}"
