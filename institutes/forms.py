import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from . import finder


class FinderForm(forms.Form):
    # No max_length: a long input gets the same plain message as any other
    # wrong input, without repeating it.
    q = forms.CharField(
        label=_("Postcode or municipality"), required=False, strip=False
    )

    def clean_q(self):
        return finder.clean_query(self.cleaned_data.get("q"))

    @classmethod
    def from_query(cls, query):
        """The form for a request's query string: `q`, or the older
        `postcode` that links and bookmarks may still use."""
        if "q" in query:
            return cls({"q": query.get("q")})
        if "postcode" in query:
            return cls({"q": query.get("postcode")})
        return cls()

    def shown_value(self):
        """What the field shows again: the input without control characters
        (a NUL byte, a line break), unless it was too long to be anything we
        could answer."""
        if not self.is_bound:
            return ""
        value = self.data.get("q") or ""
        if len(value) > finder.MAX_INPUT_LENGTH:
            return ""
        return "".join(
            char for char in value if not unicodedata.category(char).startswith("C")
        )
