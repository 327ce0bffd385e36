from django import forms
from django.utils.translation import gettext_lazy as _

from . import postcodes


class PostcodeForm(forms.Form):
    # No max_length: a long input gets the same plain message as any other
    # wrong input, without repeating it.
    postcode = forms.CharField(label=_("Postcode"), required=False, strip=False)

    def clean_postcode(self):
        return postcodes.normalise_input(self.cleaned_data.get("postcode"))
