import csv

from django.contrib import admin, messages
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.spreadsheets import spreadsheet_safe
from pages.models import Page

from .models import Feedback

PERIODS = [(_("last 7 days"), 7), (_("last 30 days"), 30), (_("all time"), None)]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """Answers are the visitors' words: editors read, export and delete them,
    and never change them."""

    list_display = (
        "created_at", "page", "about", "language", "answer", "comment", "state"
    )  # fmt: skip
    list_filter = ("handled", "helpful", "language", "page")
    date_hierarchy = "created_at"
    search_fields = ("comment",)
    list_select_related = ("page",)
    actions = ["mark_handled", "mark_open", "export_csv"]
    fields = ("created_at", "page", "about", "language", "answer", "comment", "state")
    readonly_fields = fields

    # Django shows a yes/no field as an icon whose text is "True" or "False".
    @admin.display(description=_("helpful"), ordering="helpful")
    def answer(self, obj):
        return gettext("yes") if obj.helpful else gettext("no")

    @admin.display(description=_("handled"), ordering="handled")
    def state(self, obj):
        return gettext("handled") if obj.handled else gettext("to do")

    @admin.action(
        description=_("Mark the selected answers as handled"),
        permissions=["handle"],
    )
    def mark_handled(self, request, queryset):
        self.mark(request, queryset, handled=True)

    @admin.action(
        description=_("Mark the selected answers as still to do"),
        permissions=["handle"],
    )
    def mark_open(self, request, queryset):
        self.mark(request, queryset, handled=False)

    def mark(self, request, queryset, handled):
        count = queryset.update(handled=handled)
        if handled:
            done = ngettext(
                "%(count)d answer marked as handled.",
                "%(count)d answers marked as handled.",
                count,
            )
        else:
            done = ngettext(
                "%(count)d answer marked as still to do.",
                "%(count)d answers marked as still to do.",
                count,
            )
        self.message_user(request, done % {"count": count}, messages.SUCCESS)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_handle_permission(self, request):
        """Marking an answer handled changes no word of it."""
        return request.user.has_perm("feedback.change_feedback")

    def changelist_view(self, request, extra_context=None):
        now = timezone.now()
        counts = [
            Feedback.objects.counts_since(
                now - timezone.timedelta(days=days) if days else None
            )
            for _label, days in PERIODS
        ]
        pages = Page.objects.filter(pk__in=counts[-1]).order_by("title")
        summary = [
            {"page": page, "counts": [period.get(page.pk, (0, 0)) for period in counts]}
            for page in pages
        ]
        context = {
            **(extra_context or {}),
            "periods": [label for label, _days in PERIODS],
            "summary": summary,
        }
        return super().changelist_view(request, extra_context=context)

    @admin.action(description=_("Export the selected answers as CSV"))
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="feedback.csv"'
        response.write("\ufeff")
        writer = csv.writer(response, lineterminator="\r\n")
        writer.writerow(
            [
                gettext("given on (Brussels time)"),
                gettext("page"),
                gettext("reported address"),
                gettext("language"),
                gettext("helpful"),
                gettext("comment"),
                gettext("handled"),
            ]
        )
        for answer in queryset.select_related("page").order_by("created_at"):
            writer.writerow(
                [
                    timezone.localtime(answer.created_at).strftime("%Y-%m-%d %H:%M"),
                    spreadsheet_safe(answer.page.title if answer.page else ""),
                    spreadsheet_safe(answer.about),
                    answer.language,
                    gettext("yes") if answer.helpful else gettext("no"),
                    spreadsheet_safe(answer.comment),
                    gettext("yes") if answer.handled else gettext("no"),
                ]
            )
        return response
