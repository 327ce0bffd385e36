from django import forms
from django.utils.translation import gettext_lazy as _

from .text import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    # No max_length: a longer text is cut, not refused (see clean_q).
    q = forms.CharField(label=_("Search for"), required=False, strip=True)

    def clean_q(self):
        query = self.cleaned_data.get("q") or ""
        # Control characters are no words; the cut keeps every search short.
        query = "".join(c if c.isprintable() else " " for c in query)
        self.shortened = len(query) > MAX_QUERY_LENGTH
        return query[:MAX_QUERY_LENGTH].strip()
