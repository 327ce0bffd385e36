from django.contrib import admin

from core.admin import EditorAdmin

from .models import SynonymGroup


@admin.register(SynonymGroup)
class SynonymGroupAdmin(EditorAdmin):
    """Editors add the words visitors search with: each group in one
    language, every word in it finding the texts that hold another."""

    list_display = ("__str__", "language", "updated_at")
    list_filter = ("language",)
    search_fields = ("words",)
    fields = ("language", "words")
