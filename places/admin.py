from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import EditorAdmin

from .models import Municipality, PlaceName


class MunicipalityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, municipality):
        return f"{municipality.name} ({municipality.area_name})"


class PlaceNameForm(forms.ModelForm):
    municipality = MunicipalityChoiceField(
        queryset=Municipality.objects.all(), label=_("municipality it lies in")
    )

    class Meta:
        model = PlaceName
        fields = ("name", "municipality", "postcode")


@admin.register(PlaceName)
class PlaceNameAdmin(EditorAdmin):
    """Other names the finder knows: Statbel's own names are loaded with its
    table and are not listed here."""

    form = PlaceNameForm
    list_display = ("name", "municipality", "postcode")
    search_fields = ("name", "postcode")
    list_select_related = ("municipality",)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(source=PlaceName.Source.EDITOR)

    def save_model(self, request, obj, form, change):
        obj.source = PlaceName.Source.EDITOR
        super().save_model(request, obj, form, change)
