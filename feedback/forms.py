from django import forms
from django.utils.translation import gettext_lazy as _

from .models import COMMENT_MAX_LENGTH


def comment_field(label):
    """A visitor's own words: optional, and never longer than we keep."""
    return forms.CharField(
        label=label,
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


class VisitorForm(forms.Form):
    # Left empty by people (it is not shown); a bot that fills every field
    # gives itself away.
    website = forms.CharField(required=False)

    def is_from_a_bot(self):
        return bool(self.cleaned_data.get("website"))


class FeedbackForm(VisitorForm):
    page = forms.IntegerField(
        min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput
    )
    helpful = forms.ChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))])
    comment = comment_field(_("If not: what were you looking for? (optional)"))


class ReportForm(VisitorForm):
    """ "Is something wrong here?" on the finder and the institute pages."""

    about = forms.CharField(max_length=300, widget=forms.HiddenInput)
    comment = comment_field(_("What is not right? (optional)"))
