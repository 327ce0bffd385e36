from django.http import Http404
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.translation import get_language

from core.languages import default_language, language_links

from .models import Page
from .tree import PageTree

TRANSLATED_FIELDS = ("title", "intro", "body")


def extra_template_for(node):
    """A page with a key may bring its own block, e.g. a form on the home page."""
    if not node.key:
        return None
    try:
        return get_template(f"pages/extras/{node.key}.html")
    except TemplateDoesNotExist:
        return None


def page_detail(request, path=""):
    tree = PageTree.for_request(request)
    language = get_language()
    node, canonical = tree.resolve(path, language)
    if node is None:
        raise Http404("No such page")
    if not canonical:
        return redirect(node.url(language), permanent=True)
    page = Page.objects.prefetch_related("links").get(pk=node.pk)
    field_languages = {
        name: page.field_language(name, language) for name in TRANSLATED_FIELDS
    }
    links = [
        {
            "url": link.url,
            "label": link.label,
            "lang": link.field_language("label", language),
        }
        for link in page.links.all()
    ]
    context = {
        "page": page,
        "node": node,
        "links": links,
        "field_languages": field_languages,
        "only_in_default_language": language != default_language()
        and default_language() in field_languages.values(),
        "alternates": language_links(node.urls()),
        "is_home": node is tree.root,
        "extra_template": extra_template_for(node),
        # The finder is the home page's main task: it comes first.
        "extra_first": node is tree.root,
    }
    return render(request, "pages/page.html", context)
