from django import forms
from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core import links
from core.admin import EditorAdmin, confirm_offline
from core.forms import ModelMultipleChoiceField
from core.languages import default_field, field_names

from . import postcodes
from .models import Division, Institute, PostcodeRule, Region, Theme


@admin.register(Region)
class RegionAdmin(EditorAdmin):
    list_display = ("name", "kind", "order", "key")
    list_filter = ("kind",)
    search_fields = (*field_names("name"), "key")
    fields = ("name", "locative", "kind", "order", "key")


@admin.register(Theme)
class ThemeAdmin(EditorAdmin):
    list_display = ("name", "key")
    search_fields = (*field_names("name"), "key")
    fields = ("name", "key")


CONFIRM_HTTP = "confirm_http"


class SecureWebsiteForm(forms.ModelForm):
    """A website without https:// gives visitors an unprotected connection:
    it is refused until the editor confirms that the site offers no https."""

    http_warning = False

    def clean_website(self):
        website = self.cleaned_data.get("website") or ""
        unchanged = "website" not in self.changed_data
        insecure = website.lower().startswith("http://")
        if insecure and not unchanged and not self.data.get(CONFIRM_HTTP):
            self.http_warning = True
            raise forms.ValidationError(
                _(
                    "This address starts with http://: visitors would get an "
                    "unprotected connection. Use https:// if the site offers it; "
                    "if it does not, confirm that above the form."
                ),
                code="http",
            )
        return website


class InstituteAdminForm(SecureWebsiteForm):
    """The admin adds the fields and the stale-form guard (EditorAdmin)."""

    # A website typed without a scheme is taken to be a secure one.
    website = forms.URLField(
        label=_("website"), required=False, max_length=200, assume_scheme="https"
    )

    # A short list: plain checkboxes, without the two-list picker's script
    # and its untranslated English buttons.
    def clean(self):
        cleaned = super().clean()
        stored = (
            Institute.objects.filter(pk=self.instance.pk)
            .values_list("published", flat=True)
            .first()
            if self.instance.pk
            else None
        )
        if stored and cleaned.get("published") is False:
            confirm_offline(
                self, linking=links.pages_linking_to("instituut", self.instance)
            )
        return cleaned

    themes = ModelMultipleChoiceField(
        label=_("themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


@admin.register(Institute)
class InstituteAdmin(EditorAdmin):
    form = InstituteAdminForm
    list_display = ("name", "kind", "region", "checked_on", "is_published")
    list_filter = ("kind", "region", "published", "themes")
    search_fields = (
        "name",
        "former_name",
        "short_name",
        *field_names("municipality"),
        "street",
        "postcode",
    )
    list_select_related = ("region",)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "former_name",
                    "short_name",
                    "kind",
                    "region",
                    "description",
                    "themes",
                    "published",
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

    # Django shows a yes/no field as an icon whose text is "True" or "False".
    @admin.display(description=_("published"), ordering="published")
    def is_published(self, institute):
        return gettext("yes") if institute.published else gettext("no")

    def get_deleted_objects(self, objs, request):
        """Refused while a page links to the institute; the pages are named."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        for institute in objs:
            for page in links.pages_linking_to("instituut", institute):
                protected.append(
                    gettext("The page “%(other)s” links to “%(page)s”")
                    % {"other": page, "page": institute}
                )
        return deleted, model_count, perms_needed, protected


CONTACT_FIELDS = ("street", "postcode", "municipality", "phone", "email", "website")


@admin.register(Division)
class DivisionAdmin(EditorAdmin):
    form = SecureWebsiteForm
    list_display = ("name", "phone")
    fieldsets = (
        (None, {"fields": ("name",)}),
        (
            _("Contact details"),
            {
                "description": _(
                    "The finder shows these where an institute has no checked "
                    "contact details, and outside Flanders and Brussels."
                ),
                "fields": CONTACT_FIELDS,
            },
        ),
        (_("Technical"), {"fields": ("key", "updated_at"), "classes": ("collapse",)}),
    )
    readonly_fields = ("updated_at",)


@admin.register(PostcodeRule)
class PostcodeRuleAdmin(EditorAdmin):
    list_display = ("order", "postcodes", "region", "note")
    list_display_links = ("order", "postcodes")
    list_filter = ("region",)
    search_fields = ("postcodes", default_field("note"))
    list_select_related = ("region",)
    fields = (
        "order",
        "postcodes",
        "coverage",
        "region",
        "note",
        "updated_at",
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
