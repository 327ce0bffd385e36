from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from pages.tree import PageTree

from . import ratelimit
from .forms import FeedbackForm
from .models import Feedback


class HttpResponseSeeOther(HttpResponseRedirect):
    status_code = 303


def node_for(request, page_id):
    """The published page an answer is about, or None."""
    tree = PageTree.for_request(request)
    return next((node for node in tree.visible if node.pk == page_id), None)


# Like the font-size switch, the form carries no CSRF token, so that public
# pages hold nothing personal and can be cached whole. A forged submission
# can at most add an anonymous answer; every field is validated here and
# stored answers are limited per address.
@csrf_exempt
@require_POST
@never_cache
def give_feedback(request):
    form = FeedbackForm(request.POST)
    form.is_valid()
    page_id = form.cleaned_data.get("page")
    node = node_for(request, page_id) if page_id else None
    if node is None:
        form.add_error(None, _("We could not tell which page your answer is about."))
    if not form.is_valid():
        # The answer comes back with what the visitor wrote, and a message.
        return render(
            request, "feedback/form_page.html", {"form": form, "node": node}, status=400
        )
    thanks = reverse("feedback:thanks") + "?" + urlencode({"page": node.pk})
    if form.is_from_a_bot():
        return HttpResponseSeeOther(thanks)
    if not ratelimit.allow(request.META.get("REMOTE_ADDR")):
        return render(request, "feedback/too_many.html", {"node": node}, status=429)
    Feedback.objects.create(
        page_id=node.pk,
        language=get_language(),
        helpful=form.cleaned_data["helpful"] == "yes",
        comment=form.cleaned_data["comment"],
    )
    return HttpResponseSeeOther(thanks)


@require_safe
def thanks(request):
    try:
        page_id = int(request.GET.get("page", ""))
    except ValueError:
        page_id = None
    node = node_for(request, page_id) if page_id else None
    if node is None:
        raise Http404("No such page")
    return render(request, "feedback/thanks.html", {"about": node})
