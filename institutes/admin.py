from django import forms
from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from samenleving.admin import FixedKeyAdminMixin, TabbedTranslationAdmin
from samenleving.admin_forms import ConcurrentEditForm

from . import postcodes
from .models import Institute, PostcodeRule, Region, Theme


@admin.register(Region)
class RegionAdmin(FixedKeyAdminMixin, TabbedTranslationAdmin):
    list_display = ("name", "kind", "order", "key")
    list_filter = ("kind",)
    search_fields = ("name_nl", "name_fr", "name_en", "name_de", "key")
    fields = ("name", "locative", "kind", "order", "key")


@admin.register(Theme)
class ThemeAdmin(FixedKeyAdminMixin, TabbedTranslationAdmin):
    list_display = ("name", "key")
    search_fields = ("name_nl", "name_fr", "name_en", "name_de", "key")
    fields = ("name", "key")


class InstituteAdminForm(ConcurrentEditForm):
    # A website typed without a scheme is taken to be a secure one.
    website = forms.URLField(
        label=_("website"), required=False, max_length=200, assume_scheme="https"
    )

    class Meta:
        model = Institute
        fields = "__all__"


@admin.register(Institute)
class InstituteAdmin(FixedKeyAdminMixin, TabbedTranslationAdmin):
    form = InstituteAdminForm
    list_display = ("name", "kind", "region", "checked_on", "published")
    list_filter = ("kind", "region", "published", "themes")
    search_fields = (
        "name",
        "short_name",
        "municipality_nl",
        "municipality_fr",
        "street",
        "postcode",
    )
    list_select_related = ("region",)
    filter_horizontal = ("themes",)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "short_name",
                    "kind",
                    "region",
                    "description",
                    "themes",
                    "published",
                    "loaded_version",
                )
            },
        ),
        (
            _("Contact details"),
            {
                "description": _(
                    "Leave a field empty when the fact is not known: the page "
                    "then simply leaves it out."
                ),
                "fields": (
                    "street",
                    "postcode",
                    "municipality",
                    "phone",
                    "email",
                    "website",
                    "checked_on",
                ),
            },
        ),
        (_("Address on the site"), {"fields": ("slug",)}),
        (_("Technical"), {"fields": ("key", "updated_at"), "classes": ("collapse",)}),
    )
    readonly_fields = ("updated_at",)


class PostcodeRuleAdminForm(ConcurrentEditForm):
    class Meta:
        model = PostcodeRule
        fields = "__all__"


@admin.register(PostcodeRule)
class PostcodeRuleAdmin(TabbedTranslationAdmin):
    form = PostcodeRuleAdminForm
    list_display = ("order", "postcodes", "region", "note")
    list_display_links = ("order", "postcodes")
    list_filter = ("region",)
    search_fields = ("postcodes", "note_nl")
    list_select_related = ("region",)
    fields = (
        "order",
        "postcodes",
        "coverage",
        "region",
        "note",
        "updated_at",
        "loaded_version",
    )
    readonly_fields = ("coverage", "updated_at")

    @admin.display(description=_("covers"))
    def coverage(self, rule):
        if rule is None or rule.pk is None:
            return _("Saved rules show here which postcodes they cover.")
        ranges = rule.ranges
        total = postcodes.count(ranges)
        summary = format_html(
            "<p>{}</p>",
            ngettext(
                "%(count)d postcode: %(ranges)s",
                "%(count)d postcodes: %(ranges)s",
                total,
            )
            % {"count": total, "ranges": postcodes.format_ranges(ranges)},
        )
        # Earlier rules win: say which of this rule's codes never reach it.
        shadows = []
        for earlier in PostcodeRule.objects.in_order().filter(order__lt=rule.order):
            overlap = postcodes.intersect(ranges, earlier.ranges)
            if overlap:
                shadows.append(
                    (
                        _("Rule %(order)s (%(region)s) answers first for %(ranges)s.")
                        % {
                            "order": earlier.order,
                            "region": earlier.region,
                            "ranges": postcodes.format_ranges(overlap),
                        },
                    )
                )
        if not shadows:
            return summary
        return format_html(
            "{}<p>{}</p><ul>{}</ul>",
            summary,
            _("Earlier rules already answer for some of these postcodes:"),
            format_html_join("", "<li>{}</li>", shadows),
        )
