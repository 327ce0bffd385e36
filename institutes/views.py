import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core import links
from core.languages import alternates_for_path, default_language, language_links
from core.pagecache import cache_with_query, public_page
from places.loading import ATTRIBUTION

from . import finder as finding
from . import opendata, published, workmap
from .forms import FinderForm
from .models import Institute, Region

# The escapes Django's json_script uses, so that no text can close the
# <script> element it is written into.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

GROUPS = [
    ("provinces", _("Provinces")),
    ("cities", _("Cities")),
    ("support", _("Support institute")),
]


def group_of(institute):
    if institute.kind == Institute.Kind.SUPPORT:
        return "support"
    return "cities" if institute.region.kind == Region.Kind.CITY else "provinces"


def section_context(request, tail):
    """The regional-institutes page as the place in the site, with our own
    pages after it in the breadcrumb: (address, title) or, for a title in
    another language (an institute's Dutch name), (address, title, language)."""
    node = links.page_tree(request).get("regional-institutes")
    language = get_language()
    return {
        "node": node,
        "breadcrumb_tail": [
            {"url": url, "title": str(title), "lang": lang or language}
            for url, title, lang in (
                (*crumb, None) if len(crumb) == 2 else crumb for crumb in tail
            )
        ],
    }


def list_title():
    return _("All institutes")


@public_page
@require_safe
def institute_list(request):
    institutes = published.listed_institutes()
    groups = []
    for key, title in GROUPS:
        members = [i for i in institutes if group_of(i) == key]
        if members:
            groups.append({"key": key, "title": title, "institutes": members})
    context = {
        **section_context(request, [(request.path, list_title())]),
        "title": list_title(),
        "groups": groups,
        "map": workmap.work_areas(institutes),
        "division": published.division(),
        "alternates": alternates_for_path(request.path),
    }
    return render(request, "institutes/list.html", context)


@public_page
@require_safe
def open_data(request):
    title = _("Open data: the institutes")
    context = {
        **section_context(
            request,
            [(reverse("institutes:list"), list_title()), (request.path, title)],
        ),
        "title": title,
        "fields": opendata.field_list(),
        "attribution": ATTRIBUTION,
        "alternates": alternates_for_path(request.path),
    }
    return render(request, "institutes/open_data.html", context)


@public_page
@require_safe
def institute_detail(request, slug):
    language = get_language()
    # All of them: the slug may be another language's.
    found = published.institutes_with_themes()
    candidates = published.institutes_by_slug(found).get(slug, [])
    institute = next(
        (i for i in candidates if i.effective_slug(language) == slug), None
    ) or next(iter(candidates), None)
    if institute is None:
        raise Http404("No such institute")
    if institute.effective_slug(language) != slug:
        return redirect(institute.get_absolute_url(language), permanent=True)
    context = detail_context(request, institute, language)
    return render(request, "institutes/detail.html", context)


def detail_context(request, institute, language, alternates=None):
    """An institute's page: the published version, or the draft in the
    admin's preview (with the preview's own language links)."""
    themes = list(institute.themes.all())
    return {
        **section_context(
            request,
            [
                (reverse("institutes:list"), list_title()),
                (request.path, institute.name, default_language()),
            ],
        ),
        "institute": institute,
        "themes": themes,
        "description_language": institute.field_language("description", language),
        "json_ld": json_ld(request, institute, themes),
        "alternates": language_links(alternates or institute.urls()),
    }


def json_ld(request, institute, themes):
    """schema.org data about the organisation, for search engines."""
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": institute.name,
        "alternateName": [
            name for name in (institute.former_name, institute.short_name) if name
        ],
        "url": request.build_absolute_uri(institute.get_absolute_url()),
        "description": institute.translated("description"),
        "telephone": institute.phone_e164,
        "email": institute.email,
        "sameAs": institute.website,
        "areaServed": {
            "@type": "AdministrativeArea",
            "name": institute.region.translated("name"),
        },
        "knowsAbout": [theme.translated("name") for theme in themes],
    }
    address = {
        "@type": "PostalAddress",
        "streetAddress": institute.street,
        "postalCode": institute.postcode,
        "addressLocality": institute.municipality_text,
    }
    if any(value for key, value in address.items() if key != "@type"):
        address["addressCountry"] = "BE"
        data["address"] = {key: value for key, value in address.items() if value}
    data = {key: value for key, value in data.items() if value}
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return mark_safe(text.translate(JSON_SCRIPT_ESCAPES))  # noqa: S308


@public_page
@require_safe
def finder(request):
    context = finder_context(request)
    response = render(request, "institutes/finder.html", context)
    return cache_with_query(response, context["cached_query"])


def finder_context(request):
    title = _("Which institute works in my town?")
    form = FinderForm.from_query(request.GET)
    answer = finding.answer_for(form.cleaned_data["q"]) if form.is_valid() else None
    error = form.errors["q"][0] if form.errors.get("q") else None
    value = form.shown_value()
    return {
        **section_context(request, [(request.path, title)]),
        "title": title,
        **finder_head(title, error, answer.title if answer else ""),
        "form": form,
        "value": value,
        "error": error,
        "answer": answer,
        "map": workmap.work_areas(
            answer.all_institutes if answer and answer.all_institutes else None,
            answer=answer,
        ),
        "alternates": alternates_for_path(finder_path(request, answer)),
        # What "Is something wrong here?" reports on: this answer.
        "report_about": finder_path(request, answer) if answer and answer.query else "",
        "cached_query": cached_query(request, answer),
    }


def finder_head(title, error, place):
    """The finder's page title and description: an error, or the place
    answered, comes first."""
    if error:
        page_title = f"{_('Error:')} {title}"
    elif place:
        page_title = f"{place}: {title}"
    else:
        page_title = str(title)
    if place:
        description = _(
            "%(place)s: the regional institute for community development "
            "that works there, and how to reach it."
        ) % {"place": place}
    else:
        description = _(
            "Enter a postcode or a municipality and find the regional institute "
            "for community development that works there, with its contact details."
        )
    return {"page_title": page_title, "description": description}


# Answers worth keeping whole: each has one address, however it was typed.
CACHED_OUTCOMES = {
    finding.Outcome.ANSWER,
    finding.Outcome.CHOICE,
    finding.Outcome.INSTITUTE,
}


def cached_query(request, answer):
    """The one query string under which this answer is cached, or None.

    Only the canonical `q=` of an answer found is kept: a misspelling, another
    case or garbage renders every time rather than filling the cache."""
    if not request.GET:
        return ""
    if answer is None or answer.outcome not in CACHED_OUTCOMES or not answer.query:
        return None
    return urlencode({"q": answer.query})


def finder_path(request, answer):
    """The finder's address for the language links: with the answer's
    query, but never with what made the input invalid."""
    if answer is None or not answer.query:
        return request.path
    return f"{request.path}?{urlencode({'q': answer.query})}"


def json_file(institutes, absolute):
    data = opendata.as_json(institutes, absolute)
    return json.dumps(
        data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    ).encode()


def csv_file(institutes, absolute):
    return opendata.as_csv(institutes, absolute).encode("utf-8")


@public_page
@require_safe
def open_data_json(request):
    return open_data_file(
        json_file(published.institutes_with_themes(), request.build_absolute_uri),
        "application/json",
    )


@public_page
@require_safe
def open_data_csv(request):
    response = open_data_file(
        csv_file(published.institutes_with_themes(), request.build_absolute_uri),
        "text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="institutes.csv"'
    return response


def open_data_file(content, content_type):
    """Open data: any site may read it, under the licence it names."""
    response = HttpResponse(content, content_type=content_type)
    response["Link"] = f'<{opendata.LICENCE["url"]}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
