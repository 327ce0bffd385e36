"""How much a request may send, checked before anything reads the body.

Django limits a form's fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but not the file
parts of a multipart body, which it writes to disk whatever their size; when
gunicorn is reached without the proxy in front, nothing else would stop
them. The site takes files only where editors upload documents and images,
up to DOCUMENT_MAX_BYTES; anywhere else a body larger than its forms can need
is refused with the 413 page before a byte of it is read.
"""

from django.conf import settings
from django.shortcuts import render

from .security import ADMIN_PREFIX

UPLOADS_PREFIX = ADMIN_PREFIX + "pages/document/"


def body_limit(request):
    if request.path.startswith(UPLOADS_PREFIX):
        # The file and the form's other fields.
        return settings.DOCUMENT_MAX_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if request.path.startswith(ADMIN_PREFIX):
        return settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return settings.PUBLIC_POST_MAX_BYTES


class RequestSizeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > body_limit(request):
            return render(request, "413.html", {"site_tree": None}, status=413)
        return self.get_response(request)
