from django import forms
from django.utils.translation import gettext_lazy as _

from . import merge
from .history import _translation_fields


class ConcurrentEditForm(forms.ModelForm):
    """Never save blindly over a change someone else saved in the meantime.

    The form remembers the version the object had when it was opened. If the
    stored object changed since, the two are merged per field (core.merge):
    what only the colleague changed is kept, what only this editor changed is
    saved; a field both changed is shown side by side and saving waits until
    the editor has chosen per field which version stays.

    The check locks the row (SELECT ... FOR UPDATE on PostgreSQL; on SQLite
    the transaction already holds the write lock, see settings), and the
    admin saves in the same transaction, so check and write are one step: of
    two saves sent at the same moment, the second waits and then sees the
    first one's version.
    """

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    merge = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["loaded_version"] = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned = super().clean()
        # Browsers send line breaks as CR LF: stored as LF, an untouched text
        # stays equal to what was there and shows no change in the history.
        for name, value in cleaned.items():
            if isinstance(value, str) and "\r" in value:
                cleaned[name] = value.replace("\r\n", "\n").replace("\r", "\n")
        if not self.instance.pk:
            return cleaned
        model = type(self.instance)
        stored = model._default_manager.select_for_update().filter(pk=self.instance.pk)
        stored = stored.first()
        if stored is None:
            return cleaned
        self.merge = merge.plan(self, stored, cleaned.get("loaded_version") or "")
        if self.merge is None:
            return cleaned
        self._take_unedited_fields(stored)
        if self.merge.conflicts:
            raise forms.ValidationError(
                _(
                    "Someone else saved this item after you opened it: %(who)s, "
                    "on %(moment)s. Nothing has been saved yet. Below, choose for "
                    "each field that you both changed which version stays."
                ),
                code="stale",
                params={"who": self.merge.who, "moment": self.merge.when},
            )
        return cleaned

    def _take_unedited_fields(self, stored):
        """What the form does not edit is saved as it is stored now, not as
        it was when the admin read the object before the lock."""
        _columns, originals = _translation_fields(type(stored))
        edited = set(self.fields)
        for model_field in stored._meta.concrete_fields:
            if (
                model_field.primary_key
                or model_field.name in edited
                or model_field.name in originals
            ):
                continue
            setattr(
                self.instance, model_field.attname, getattr(stored, model_field.attname)
            )


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, refusing a number no database key can be before it is
    looked up: a pk__in lookup with it fails in the database (SQLite raises
    OverflowError) instead of finding nothing."""

    LARGEST = 2**63 - 1

    def _check_values(self, value):
        for item in value:
            text = str(item).strip()
            if text.lstrip("-").isdigit() and abs(int(text)) > self.LARGEST:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": item},
                )
        return super()._check_values(value)
