from django import forms
from django.utils.translation import gettext_lazy as _

from .models import COMMENT_MAX_LENGTH


class FeedbackForm(forms.Form):
    page = forms.IntegerField(
        min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput
    )
    helpful = forms.ChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))])
    comment = forms.CharField(
        label=_("If not: what were you looking for? (optional)"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _(
                "Please keep your comment under %(limit_value)d characters "
                "(it has %(show_value)d)."
            )
        },
    )
    # Left empty by people (it is not shown); a bot that fills every field
    # gives itself away.
    website = forms.CharField(required=False)

    def is_from_a_bot(self):
        return bool(self.cleaned_data.get("website"))


class ReportForm(forms.Form):
    """ "Is something wrong here?" on the finder and the institute pages."""

    about = forms.CharField(max_length=300, widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("What is not right? (optional)"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _(
                "Please keep your comment under %(limit_value)d characters "
                "(it has %(show_value)d)."
            )
        },
    )
    website = forms.CharField(required=False)

    def is_from_a_bot(self):
        return bool(self.cleaned_data.get("website"))
