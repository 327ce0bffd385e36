"""The reader's chosen font size: normal, larger or largest.

The choice is a cosmetic preference kept in a cookie for a year. Anything
other than a known value, however it got into the cookie, means normal.
"""

from urllib.parse import unquote

from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

COOKIE_NAME = "lettergrootte"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60
DEFAULT = "normal"

# value -> (button label, announcement after a change)
SIZES = {
    "normal": (_("Normal font size"), _("Font size set to normal.")),
    "larger": (_("Larger font size"), _("Font size set to larger.")),
    "largest": (_("Largest font size"), _("Font size set to largest.")),
}
# What a narrow screen shows on each button: a part of the button's name, so
# that the name still starts with (or holds) the words a reader sees.
SHORT_LABELS = {
    "normal": pgettext_lazy("font size button on a narrow screen", "Normal"),
    "larger": pgettext_lazy("font size button on a narrow screen", "Larger"),
    "largest": pgettext_lazy("font size button on a narrow screen", "Largest"),
}


def clean(value):
    return value if value in SIZES else DEFAULT


def from_request(request):
    return clean(request.COOKIES.get(COOKIE_NAME))


def set_cookie(response, request, size):
    response.set_cookie(
        COOKIE_NAME,
        size,
        max_age=COOKIE_MAX_AGE,
        path="/",
        secure=request.is_secure(),
        httponly=False,  # the switch's script updates it without a reload
        samesite="Lax",
    )


MAX_NEXT_LENGTH = 2000


def safe_return_path(request, target):
    """The local path to return to, or None when the target points elsewhere.

    Only a path on this site is accepted: no scheme, no host, no
    protocol-relative or backslash tricks, no control characters.
    """
    if not target or len(target) > MAX_NEXT_LENGTH:
        return None
    # Check the target as given and once decoded, so that encoded slashes
    # and control characters cannot sneak past.
    for form in (target, unquote(target)):
        if not form.startswith("/") or form.startswith(("//", "/\\")):
            return None
        if any(ord(char) < 32 or ord(char) == 127 for char in form):
            return None
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    return target


# The switch stores a cosmetic preference only: it reads no personal data,
# changes nothing on the server and validates both the size and the return
# target. A forged submission can at most change someone's font size, so the
# form carries no CSRF token, which keeps public pages free of anything
# personal and cacheable as a whole.
@csrf_exempt
@require_POST
def set_font_size(request):
    size = clean(request.POST.get("size"))
    target = safe_return_path(request, request.POST.get("next", ""))
    response = HttpResponseRedirect(target or reverse("pages:home"))
    set_cookie(response, request, size)
    return response


class VaryOnFontSizeMiddleware:
    """Every public HTML page is rendered at the size in the font-size cookie,
    404 and 500 pages included, so caches must keep one copy per cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            patch_vary_headers(response, ["Cookie"])
        return response
