"""No visitor's contact details reach the editors.

The form asks for none and says not to write any; what still looks like an
e-mail address or a phone number in a comment is replaced before it is
stored, and again when an older answer is shown.
"""

import re

from django.conf import settings
from django.utils.translation import gettext, override

EMAIL = re.compile(
    r"[\w.+-]+\s*(?:@|\(at\)|\[at\])\s*[\w-]+(?:\s*(?:\.|\(dot\)|\[dot\])\s*[\w-]+)+",
    re.IGNORECASE,
)
# Nine digits or more, with the spaces, dots, slashes and dashes people put
# between them: every Belgian number, and none of a postcode or a year.
PHONE = re.compile(r"(?<![\w])(?:\+|00)?\d(?:[\s./-]?\d){8,}(?![\w])")


def redact(text):
    if not text:
        return text
    with override(settings.LANGUAGE_CODE):
        text = EMAIL.sub(gettext("[e-mail address removed]"), text)
        return PHONE.sub(gettext("[phone number removed]"), text)
