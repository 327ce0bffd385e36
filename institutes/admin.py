from django import forms
from django.contrib import admin
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core import links
from core.admin import EditorAdmin, confirm_offline
from core.forms import ModelMultipleChoiceField
from core.languages import default_field, default_language, field_names
from core.publishing_admin import PublishingAdmin, PublishingForm

from . import postcodes, published, publishing
from .models import Division, Institute, PostcodeRule, Region, Theme
from .views import detail_context


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


class InstituteAdminForm(PublishingForm, SecureWebsiteForm):
    """The draft, when it goes online or offline, and the website's check."""

    offline_too_early = _("Choose a moment after the institute goes online.")

    # A website typed without a scheme is taken to be a secure one.
    website = forms.URLField(
        label=_("website"), required=False, max_length=200, assume_scheme="https"
    )

    def clean(self):
        cleaned = super().clean()
        if self.going_offline and self.instance.pk:
            confirm_offline(
                self, linking=links.pages_linking_to("instituut", self.instance)
            )
        return cleaned

    # A short list: plain checkboxes, without the two-list picker's script
    # and its untranslated English buttons.
    themes = ModelMultipleChoiceField(
        label=_("themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


@admin.register(Institute)
class InstituteAdmin(PublishingAdmin, EditorAdmin):
    form = InstituteAdminForm
    publishing = publishing
    list_display = ("name", "kind", "region", "checked_on", "state")
    list_filter = ("kind", "region", "themes")
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
        (
            _("Publication"),
            {"fields": ("publication", "publish_at", "unpublish_at")},
        ),
        (_("Technical"), {"fields": ("key", "updated_at"), "classes": ("collapse",)}),
    )
    readonly_fields = ("updated_at", "publication")
    new_draft_note = _("A new institute is a draft until you publish it.")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("published_versions")

    def get_view_on_site_url(self, obj=None):
        if obj is None:
            return None
        live = published.live_institute(obj.pk)
        if live is not None:
            return live.get_absolute_url()
        # Not online: the editor sees the draft instead of a 404.
        return reverse(
            "admin:institutes_institute_preview", args=[obj.pk, default_language()]
        )

    def render_preview(self, request, institute, language, unsaved, alternates):
        themes = getattr(institute, "preview_m2m", {}).get("themes")
        if themes is None:
            themes = institute.themes.all()
        draft = publishing.preview(institute, list(themes))
        with translation.override(language):
            request.LANGUAGE_CODE = language
            context = detail_context(request, draft, language, alternates=alternates)
            context["preview"] = True
            context["preview_unsaved"] = unsaved
            context["preview_back_url"] = reverse(
                "admin:institutes_institute_change", args=[institute.pk]
            )
            return render(request, "institutes/detail.html", context)

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
