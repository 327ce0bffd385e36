from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.languages import alternates_for_path, default_language
from pages.tree import PageTree

from . import text
from .forms import SearchForm
from .models import SearchEntry

# Results shown at most; a query that finds more should be more precise.
MAX_RESULTS = 50


def title():
    return _("Search")


def results(tree, words, language):
    """What a query finds, best first, with the matching words marked."""
    version_ids = [node.version.pk for node in tree.visible]
    languages = list(dict.fromkeys([language, default_language()]))
    entries = SearchEntry.objects.matching(words, languages, language, version_ids)
    # One more than shown, to know whether there are more.
    entries = entries[: MAX_RESULTS + 1]
    nodes = {node.version.pk: node for node in tree.visible}
    found = []
    for entry in entries:
        if entry.kind == SearchEntry.Kind.PAGE:
            url = nodes[entry.version_id].url(language)
        else:
            url = entry.url
        found.append(
            {
                "url": url,
                "kind": entry.get_kind_display(),
                "title": text.highlight(entry.title, words, entry.text_language),
                "passage": text.highlight(
                    entry.body, words, entry.text_language, passage=True
                ),
                "lang": entry.text_language,
            }
        )
    return found


@require_safe
def search(request):
    tree = PageTree.for_request(request)
    language = get_language()
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    words = text.query_words(query)
    found = results(tree, words, language) if words else []
    context = {
        "title": title(),
        "form": form,
        "query": query,
        "search_query": query,
        # The header's field stays open on narrow screens too.
        "search_open": True,
        "max_length": text.MAX_QUERY_LENGTH,
        "max_results": MAX_RESULTS,
        "shortened": getattr(form, "shortened", False),
        "searched": bool(words),
        "results": found[:MAX_RESULTS],
        "more": len(found) > MAX_RESULTS,
        "node": tree.root,
        "breadcrumb_tail": [
            {"url": reverse("search:results"), "title": str(title()), "lang": language}
        ],
        "main_pages": [
            {
                "url": node.url(language),
                "title": node.title(language),
                "lang": node.title_language(language),
            }
            for node in tree.main_menu
        ],
        "alternates": alternates_for_path(request.path),
    }
    return render(request, "search/results.html", context)
