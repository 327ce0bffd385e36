from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.dutch import mark_dutch
from core.languages import alternates_for_path, default_language
from institutes import published
from institutes.finder import place_answer
from pages.tree import PageTree

from . import suggest, text
from .forms import SearchForm
from .models import SearchEntry, SynonymGroup

# Results shown at most; a query that finds more should be more precise.
MAX_RESULTS = 50
# A query of more words is no place name ("Sint-Martens-Latem" has three).
MAX_PLACE_WORDS = 4


def title():
    return _("Search")


def search_languages(language):
    """The visitor's language, then the default: the languages a query's
    words are read in."""
    return list(dict.fromkeys([language, default_language()]))


def results(tree, words, language):
    """What a query finds, best first, with the matching words marked; each
    of `words` is a tuple of alternatives (the word typed and its synonyms)."""
    version_ids = [node.version.pk for node in tree.visible]
    languages = search_languages(language)
    entries = SearchEntry.objects.matching(words, languages, language, version_ids)
    marked = [word for alternatives in words for word in alternatives]
    names = dutch_names(language)
    # One more than shown, to know whether there are more.
    entries = entries[: MAX_RESULTS + 1]
    nodes = {node.version.pk: node for node in tree.visible}
    found = []
    for entry in entries:
        if entry.kind == SearchEntry.Kind.PAGE:
            url = nodes[entry.version_id].url(language)
        else:
            url = entry.url
        title = text.highlight(entry.title, marked, entry.text_language)
        passage = text.highlight(entry.body, marked, entry.text_language, passage=True)
        found.append(
            {
                "url": url,
                "kind": entry.get_kind_display(),
                "title": mark_dutch(title, names, entry.text_language),
                "passage": mark_dutch(passage, names, entry.text_language),
                "lang": entry.text_language,
            }
        )
    return found


def dutch_names(language):
    """The organisations' names, Dutch in every language: marked as such in
    results in another language (one query, only then)."""
    if language == default_language():
        return []
    return SimpleLazyObject(published.names)


def with_synonyms(words, language):
    return SynonymGroup.objects.alternatives(words, search_languages(language))


def suggested_query(tree, words, language):
    """A query close to `words` made of words the visitor's texts hold (or
    the synonyms that find them), and that finds something; or None."""
    version_ids = [node.version.pk for node in tree.visible]
    texts = [
        *SearchEntry.objects.texts(language, version_ids),
        *SynonymGroup.objects.words(search_languages(language)),
    ]
    suggestion = suggest.suggestion(words, texts)
    if suggestion is None:
        return None
    suggested = with_synonyms(text.query_words(suggestion), language)
    return suggestion if results(tree, suggested, language) else None


def place_for(request, query, words):
    """The finder's answer when the query is a postcode or a place."""
    if not words or len(words) > MAX_PLACE_WORDS:
        return None
    answer = place_answer(query)
    if answer is None:
        return None
    finder = reverse("institutes:finder") + "?" + urlencode({"q": query})
    return {"answer": answer, "url": finder}


@require_safe
def search(request):
    tree = PageTree.for_request(request)
    language = get_language()
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    words = text.query_words(query)
    found = results(tree, with_synonyms(words, language), language) if words else []
    suggestion = suggested_query(tree, words, language) if words and not found else None
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
        "suggestion": suggestion,
        "suggestion_url": (
            reverse("search:results") + "?" + urlencode({"q": suggestion})
            if suggestion
            else ""
        ),
        "place": place_for(request, query, words),
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
