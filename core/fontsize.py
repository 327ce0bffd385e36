"""The reader's chosen font size: normal, larger or largest.

The choice is a cosmetic preference kept in a cookie for a year. Anything
other than a known value, however it got into the cookie, means normal.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
