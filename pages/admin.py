from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from samenleving.admin import FixedKeyAdminMixin, TabbedTranslationAdmin
from samenleving.admin_forms import ConcurrentEditForm

from .models import Page, PageLink


class PageLinkInline(TranslationTabularInline):
    model = PageLink
    extra = 0
    fields = ("order", "label", "url")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class PageAdminForm(ConcurrentEditForm):
    class Meta:
        model = Page
        fields = "__all__"


@admin.register(Page)
class PageAdmin(FixedKeyAdminMixin, TabbedTranslationAdmin):
    form = PageAdminForm
    inlines = [PageLinkInline]
    list_display = ("indented_title", "placement", "published", "order", "updated_at")
    list_filter = ("published", "placement")
    search_fields = ("title_nl", "title_fr", "title_en", "title_de", "body_nl")
    list_select_related = ("parent",)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "slug",
                    "intro",
                    "body",
                    "description",
                    "loaded_version",
                )
            },
        ),
        (
            _("Place in the site"),
            {"fields": ("parent", "order", "placement", "published")},
        ),
        (_("Technical"), {"fields": ("key", "updated_at"), "classes": ("collapse",)}),
    )
    readonly_fields = ("updated_at",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent__parent__parent")

    @admin.display(description=_("title"), ordering="title")
    def indented_title(self, page):
        depth = 0
        ancestor = page.parent
        while ancestor is not None and depth < 4:
            depth += 1
            ancestor = ancestor.parent
        return f"{'— ' * depth}{page.title}"
