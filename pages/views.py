from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.translation import get_language

from core.languages import (
    default_language,
    language_links,
    text_language,
    with_fallback,
)
from core.links import institute_urls
from core.pagecache import public_page

from .documents import public as public_files
from .documents.public import files_for
from .markup import (
    DOCUMENT_SCHEME,
    IMAGE_SCHEME,
    INSTITUTE_SCHEME,
    INTERNAL_LINK,
    PLACED_IMAGE,
    render_inline,
    resolve_links,
    without_markers,
)
from .models import PageAddress, PublishedPage
from .tree import PageTree


def extra_template_for(node):
    """A page with a key may bring its own block, e.g. a form on the home page."""
    if not node.key:
        return None
    try:
        return get_template(f"pages/extras/{node.key}.html")
    except TemplateDoesNotExist:
        return None


def page_context(tree, node, language, alternates=None):
    """What pages/page.html shows of a published (or previewed) version."""
    version = node.version
    page, field_languages, untranslated = {}, {}, False
    for name, texts in (
        ("title", version.titles),
        ("intro", version.intros),
        ("description", version.descriptions),
        ("body", version.bodies),
    ):
        page[name], field_languages[name] = with_fallback(texts, language)
        # The notice is for a text visitors read in Dutch instead of theirs;
        # the search engines' description is not shown on the page.
        if name != "description" and not texts.get(language):
            untranslated = untranslated or bool(texts.get(default_language()))
    institutes = {}
    if f'href="{INSTITUTE_SCHEME}:' in page["body"]:
        references = {
            key
            for scheme, key, _rest, _label in INTERNAL_LINK.findall(page["body"])
            if scheme == INSTITUTE_SCHEME
        }
        institutes = institute_urls(references, language)

    def page_url(reference):
        target = tree.find(reference)
        return target.url(language) if target is not None else None

    files = {}
    if f'"{DOCUMENT_SCHEME}:' in page["body"] or f'"{IMAGE_SCHEME}:' in page["body"]:
        files = files_for(
            {
                key
                for scheme, key, _rest, _label in INTERNAL_LINK.findall(page["body"])
                if scheme in (DOCUMENT_SCHEME, IMAGE_SCHEME)
            }
            | set(PLACED_IMAGE.findall(page["body"]))
        )

    def file_link(key, label, rest):
        document = files.get(key)
        return public_files.file_link(document, label, rest) if document else None

    def image(key):
        document = files.get(key)
        if document is None or not document.is_image:
            return None
        return public_files.image_tag(document, language)

    page["body"] = resolve_links(
        page["body"], page_url, institutes.get, file_link, image
    )
    page["intro"] = render_inline(page["intro"])
    page["description"] = without_markers(page["description"])
    field_languages["title"] = text_language(version.titles, language)
    links = []
    for link in version.links:
        label, lang = with_fallback(link["labels"], language)
        links.append({"url": link["url"], "label": render_inline(label), "lang": lang})
    return {
        "page": page,
        "node": node,
        "links": links,
        # When the text visitors now read went live.
        "updated": version.shown_date or version.valid_from,
        "field_languages": field_languages,
        "only_in_default_language": language != default_language() and untranslated,
        "alternates": alternates or language_links(node.urls()),
        "is_home": node is tree.root,
        "extra_template": extra_template_for(node),
        # The finder is the home page's main task: it comes first.
        "extra_first": node is tree.root,
    }


def moved_or_gone(request, tree, language):
    """An address a page had before: 301 to where it is now, 410 if deleted."""
    # A NUL byte cannot be stored (PostgreSQL refuses it in text), so no
    # page ever had such an address.
    if "\x00" in request.path:
        raise Http404("No such page")
    address = PageAddress.objects.filter(path=request.path).first()
    if address is None:
        raise Http404("No such page")
    if address.page_id is None:
        return render(request, "410.html", status=410)
    node = tree.nodes.get(address.page_id)
    if node is None or node.pk not in tree.visible_pks:
        raise Http404("No such page")
    return HttpResponsePermanentRedirect(node.url(language))


@public_page
def page_detail(request, path=""):
    tree = PageTree.for_request(request)
    language = get_language()
    node, canonical = tree.resolve(path, language)
    if node is None:
        return moved_or_gone(request, tree, language)
    if not canonical:
        return redirect(node.url(language), permanent=True)
    # The tree holds titles and addresses; the texts come with one query.
    node.version = PublishedPage.objects.get(pk=node.version.pk)
    return render(request, "pages/page.html", page_context(tree, node, language))
