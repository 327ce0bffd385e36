from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect
from django.views.decorators.http import require_safe

from .models import Document, Rendition

# A file is no page: it may load nothing, run nothing and be framed by no one.
FILE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
IMAGE_CSP = FILE_CSP + "; sandbox"
YEAR = 365 * 24 * 60 * 60


@require_safe
def serve(request, key, version, ext, width=None):
    """A document or image by its address; the address holds a version of
    the file, so what it answers never changes and may be kept for a year.
    An older version's address leads to the current file."""
    document = Document.objects.defer("data").filter(key=key).first()
    if document is None:
        raise Http404("No such file")
    if version != document.version or ext != document.extension:
        current = (
            document.rendition_url(width) if width else document.get_absolute_url()
        )
        return redirect(current, permanent=False)
    etag = f'"{document.version}-{width or 0}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        if width:
            rendition = Rendition.objects.filter(document=document, width=width)
            data = rendition.values_list("data", flat=True).first()
        else:
            data = Document.objects.filter(pk=document.pk).values_list(
                "data", flat=True
            )[0]
        if data is None:
            raise Http404("No such size")
        response = HttpResponse(bytes(data), content_type=document.content_type)
        response["Content-Length"] = len(data)
        response["Content-Disposition"] = f'inline; filename="{document.filename}"'
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    response["Content-Security-Policy"] = IMAGE_CSP if document.is_image else FILE_CSP
    return response
