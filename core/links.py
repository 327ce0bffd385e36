"""What one app needs to know of another's public pages: one small registry.

The app that owns a kind of page registers what it can answer in its
AppConfig.ready(); whoever needs it asks here. So no two apps import each
other, and core imports none.
"""

from django.core.exceptions import ImproperlyConfigured

_answers = {}


def register(**answers):
    """`name=function` for each question an app answers."""
    _answers.update(answers)


def _ask(name, *args):
    try:
        answer = _answers[name]
    except KeyError:
        raise ImproperlyConfigured(f"No installed app answers {name!r}.") from None
    return answer(*args)


def page_tree(request):
    """The published page tree, loaded once per request (pages)."""
    return _ask("page_tree", request)


def pages_linking_to(scheme, item):
    """The pages whose texts link to `item` under `scheme` (pages)."""
    return _ask("pages_linking_to", scheme, item)


def institutes():
    """Every institute a text may link to, as a queryset (institutes)."""
    return _ask("institutes")


def institute_urls(references, language):
    """{reference: address} of the published institutes among `references`,
    keys or numbers (institutes)."""
    return _ask("institute_urls", references, language)


def websites():
    """[(address, kind, number, label)] of the other apps' websites, for the
    link checker (institutes)."""
    return _ask("websites")


def postcode_regions(codes):
    """{postcode: the key of the region the postcode rules give it, or None}
    for each of `codes` (institutes)."""
    return _ask("postcode_regions", codes)
