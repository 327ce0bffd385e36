from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from pages.tree import PageTree

from . import ratelimit
from .forms import FeedbackForm, ReportForm
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
        return not_sent(
            request,
            _("Your answer was not sent"),
            form,
            back=node.url() if node else None,
            form_template="feedback/form.html",
            comment_id="feedback-comment",
            node=node,
        )
    thanks = reverse("feedback:thanks") + "?" + urlencode({"page": node.pk})
    if form.is_from_a_bot():
        return HttpResponseSeeOther(thanks)
    if not ratelimit.allow(request.META.get("REMOTE_ADDR")):
        return too_many(request, node.url())
    Feedback.objects.create(
        page_id=node.pk,
        language=get_language(),
        helpful=form.cleaned_data["helpful"] == "yes",
        comment=form.cleaned_data["comment"],
    )
    return HttpResponseSeeOther(thanks)


# The public pages where a visitor can report a wrong answer or detail.
REPORTABLE = {"institutes:finder", "institutes:list", "institutes:detail"}


def reportable(address):
    """The address (path and query) a report is about, when it is one of
    ours that can be reported on; else None. It becomes a link back."""
    address = (address or "")[:300]
    path = address.split("?", 1)[0]
    if not path.startswith("/") or path.startswith("//") or "\\" in address:
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return address if match.view_name in REPORTABLE else None


# The same rules as the answers above: no CSRF token in the public page, every
# field validated here, stored reports limited per address.
@csrf_exempt
@require_POST
@never_cache
def report_wrong(request):
    form = ReportForm(request.POST)
    form.is_valid()
    about = reportable(form.cleaned_data.get("about"))
    if about is None:
        form.add_error(None, _("We could not tell which page your report is about."))
    if not form.is_valid():
        return not_sent(
            request,
            _("Your report was not sent"),
            form,
            back=about,
            form_template="feedback/report.html",
            comment_id="report-comment",
            about=about,
        )
    thanks = reverse("feedback:thanks") + "?" + urlencode({"about": about})
    if form.is_from_a_bot():
        return HttpResponseSeeOther(thanks)
    if not ratelimit.allow(request.META.get("REMOTE_ADDR")):
        return too_many(request, about)
    Feedback.objects.create(
        about=about,
        language=get_language(),
        helpful=False,
        comment=form.cleaned_data["comment"],
    )
    return HttpResponseSeeOther(thanks)


@require_safe
def thanks(request):
    about = reportable(request.GET.get("about"))
    if about is not None:
        return thanked(request, about)
    try:
        page_id = int(request.GET.get("page", ""))
    except ValueError:
        page_id = None
    node = node_for(request, page_id) if page_id else None
    if node is None:
        raise Http404("No such page")
    return thanked(request, node.url())


def message(request, heading, text, back, status=200):
    context = {"heading": heading, "message": text, "back": back}
    return render(request, "feedback/message.html", context, status=status)


def thanked(request, back):
    return message(
        request,
        _("Thank you"),
        _("Your answer has been saved. It helps us make this site better."),
        back,
    )


def too_many(request, back):
    return message(
        request,
        _("Too many answers at once"),
        _(
            "We received many answers from your connection in a short time, so "
            "this one was not saved. Please try again in a few minutes."
        ),
        back,
        status=429,
    )


def not_sent(request, heading, form, back, **context):
    """The form comes back with what the visitor wrote, and what to correct."""
    context.update(heading=heading, form=form, back=back)
    return render(request, "feedback/not_sent.html", context, status=400)
