import csv

from django.contrib import admin
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.spreadsheets import spreadsheet_safe
from pages.models import Page

from .models import Feedback

PERIODS = [(_("last 7 days"), 7), (_("last 30 days"), 30), (_("all time"), None)]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """Answers are the visitors' words: editors read, export and delete them,
    and never change them."""

    list_display = ("created_at", "page", "about", "language", "helpful", "comment")
    list_filter = ("helpful", "language", "page")
    date_hierarchy = "created_at"
    search_fields = ("comment",)
    list_select_related = ("page",)
    actions = ["export_csv"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

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
        writer.writerow(["date", "page", "about", "language", "helpful", "comment"])
        for answer in queryset.select_related("page").order_by("created_at"):
            writer.writerow(
                [
                    answer.created_at.isoformat(),
                    spreadsheet_safe(answer.page.title if answer.page else ""),
                    spreadsheet_safe(answer.about),
                    answer.language,
                    "yes" if answer.helpful else "no",
                    spreadsheet_safe(answer.comment),
                ]
            )
        return response
