"""One address per page: repeated slashes collapse into one."""

import re

from django.http import HttpResponsePermanentRedirect

REPEATED_SLASHES = re.compile(r"/{2,}")


class CollapseSlashesMiddleware:
    """`/nl//over-deze-site/` and `/nl/over-deze-site//` are the same page as
    `/nl/over-deze-site/`: one address per page, so 301 to it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "//" in request.path:
            target = REPEATED_SLASHES.sub("/", request.path)
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                f"{target}?{query}" if query else target
            )
        return self.get_response(request)
