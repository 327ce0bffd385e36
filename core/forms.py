from django import forms
from django.utils.translation import gettext_lazy as _


class ConcurrentEditForm(forms.ModelForm):
    """Refuse to save over a change someone else saved in the meantime.

    The form remembers when the object was last changed as it was opened. If
    the stored object changed since, saving is refused with a message and the
    editor's input stays in the form, so that nothing is silently lost.

    The check locks the row (SELECT ... FOR UPDATE on PostgreSQL; on SQLite
    the transaction already holds the write lock, see settings), and the
    admin saves in the same transaction, so check and write are one step: of
    two saves sent at the same moment, the second waits and then sees the
    first one's version.
    """

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["loaded_version"] = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            stored = (
                type(self.instance)
                .objects.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("updated_at", flat=True)
                .first()
            )
            loaded = cleaned.get("loaded_version") or ""
            if stored is not None and stored.isoformat() != loaded:
                # The next save is a deliberate choice to replace the other version.
                self.data = self.data.copy()
                self.data[self.add_prefix("loaded_version")] = stored.isoformat()
                raise forms.ValidationError(
                    _(
                        "Someone else saved this item after you opened it. Your changes "
                        "are still in this form but have not been saved. Open the item "
                        "in a new tab to compare; press the same button again to "
                        "replace the other version with yours."
                    ),
                    code="stale",
                )
        return cleaned
