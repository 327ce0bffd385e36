"""The admin of what has a draft and published versions (pages, institutes).

The form carries the buttons Concept opslaan, Publiceren (now or at the
moment in Publiceren op), Offline halen (now or at the moment in Offline
halen op) and Voorbeeld; the admin says the state, saves the draft with a
change reason the history understands, publishes or takes offline after
the save, and shows the preview: the draft, saved or as the form holds it
unsaved, as visitors will see it. core/publishing.py holds the model side.
"""

import secrets

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import history
from .admin import VERSION_FIELD
from .forms import ConcurrentEditForm
from .history import spoken_moment
from .languages import default_language, language_codes

PUBLISH = "_publish"
UNPUBLISH = "_unpublish"

PREVIEW_PARAMETER = "formulier"
PREVIEW_SESSION_KEY = "page_form_previews"
PREVIEWS_KEPT = 5


class HttpResponseSeeOther(HttpResponseRedirect):
    status_code = 303


def remember_form(request, obj, data):
    """Keep a posted form in the editor's session for its preview; the
    token that finds it again. Only the last few are kept."""
    token = secrets.token_urlsafe(12)
    kept = request.session.get(PREVIEW_SESSION_KEY, {})
    kept = dict(list(kept.items())[-(PREVIEWS_KEPT - 1) :])
    kept[token] = {
        "model": obj._meta.label_lower,
        "page": obj.pk,
        "data": {
            name: data.getlist(name) for name in data if name != "csrfmiddlewaretoken"
        },
    }
    request.session[PREVIEW_SESSION_KEY] = kept
    return token


def recalled_form(request, obj, token):
    kept = request.session.get(PREVIEW_SESSION_KEY, {}).get(token)
    if not kept or kept.get("page") != obj.pk:
        return None
    if kept.get("model", "pages.page") != obj._meta.label_lower:
        return None
    data = QueryDict(mutable=True)
    for name, values in kept["data"].items():
        data.setlist(name, values)
    return data


class LabelledSplitDateTime(AdminSplitDateTime):
    """Django's date and time inputs with a name each: the field's label only
    points at the first, so a screen reader would announce the time unnamed."""

    def __init__(self, label):
        super().__init__()
        self.widgets[0].attrs["aria-label"] = format_lazy("{}: {}", label, _("date"))
        self.widgets[1].attrs["aria-label"] = format_lazy("{}: {}", label, _("time"))


PUBLISH_AT = _("Publish on")
UNPUBLISH_AT = _("Take offline on")


class PublishingForm(ConcurrentEditForm):
    """The draft, and when the next version goes online or offline."""

    publish_at = forms.SplitDateTimeField(
        label=PUBLISH_AT,
        required=False,
        widget=LabelledSplitDateTime(PUBLISH_AT),
        help_text=_(
            "Leave empty to publish at once when you press Publish. A date and "
            "time (Brussels time) puts the draft online at that moment; until "
            "then visitors see the current version."
        ),
    )
    unpublish_at = forms.SplitDateTimeField(
        label=UNPUBLISH_AT,
        required=False,
        widget=LabelledSplitDateTime(UNPUBLISH_AT),
        help_text=_(
            "Optional. With Publish or Take offline, the page disappears for "
            "visitors at this moment (Brussels time)."
        ),
    )

    offline_too_early = _("Choose a moment after the page goes online.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            now = timezone.now()
            versions = list(self.instance.published_versions.all())
            starts = {version.valid_from for version in versions}
            for version in versions:
                if version.valid_from > now:
                    self.initial["publish_at"] = timezone.localtime(version.valid_from)
                # An end where the next version starts is no going offline.
                if (
                    version.valid_until
                    and version.valid_until > now
                    and version.valid_until not in starts
                ):
                    self.initial["unpublish_at"] = timezone.localtime(
                        version.valid_until
                    )

    @property
    def action(self):
        if PUBLISH in self.data:
            return PUBLISH
        if UNPUBLISH in self.data:
            return UNPUBLISH
        return None

    @property
    def going_offline(self):
        return self.action == UNPUBLISH or (
            self.action == PUBLISH and self.cleaned_data.get("unpublish_at")
        )

    def clean(self):
        cleaned = super().clean()
        publish_at = cleaned.get("publish_at")
        unpublish_at = cleaned.get("unpublish_at")
        now = timezone.now()
        if self.action and unpublish_at and unpublish_at <= max(publish_at or now, now):
            self.add_error("unpublish_at", self.offline_too_early)
        return cleaned


class PublishingAdmin:
    """Mixed into an EditorAdmin (before it) whose model has
    `published_versions`. The subclass says how to publish, take offline,
    tell the state and show the preview."""

    control_fields = (VERSION_FIELD, "publish_at", "unpublish_at")
    change_form_template = "admin/core/publishing_change_form.html"
    new_draft_note = _("A new page is a draft until you publish it.")
    revert_note = _(
        "Reverting makes a version the current draft. Visitors keep seeing the "
        "published version until you publish."
    )

    # What the subclass provides: its model's publishing module, with
    # publish(obj, user, at, until), unpublish(obj, at) and
    # draft_state(obj, versions).
    publishing = None

    def render_preview(self, request, obj, language, unsaved, alternates):
        """The response showing `obj` (the draft, maybe with unsaved form
        values in it) in `language`, with the preview banner."""
        raise NotImplementedError

    def can_go_offline(self, obj):
        return obj is not None and obj.pk is not None

    def offline_messages(self, request, obj):
        """Warnings after taking `obj` offline."""

    # The state

    @property
    def _url_name(self):
        return f"{self.opts.app_label}_{self.opts.model_name}"

    @admin.display(description=_("state"))
    def state(self, obj):
        return self.publishing.draft_state(obj, obj.published_versions.all()).label

    @admin.display(description=_("state"))
    def publication(self, obj):
        if obj is None or obj.pk is None:
            return self.new_draft_note
        now = timezone.now()
        versions = sorted(
            set(obj.published_versions.upcoming(now))
            | set(obj.published_versions.live(now)),
            key=lambda v: v.valid_from,
        )
        starts = {version.valid_from for version in versions}
        lines = []
        for version in versions:
            start = spoken_moment(version.valid_from)
            # An end where the next version starts is a replacement, said
            # by the next line; any other end is going offline.
            end = (
                spoken_moment(version.valid_until)
                if version.valid_until and version.valid_until not in starts
                else None
            )
            if version.valid_from <= now:
                lines.append((gettext("Online since %(start)s.") % {"start": start},))
                if end:
                    lines.append(
                        (gettext("Will be taken offline on %(end)s.") % {"end": end},)
                    )
            elif end:
                lines.append(
                    (
                        gettext(
                            "Will be published on %(start)s and taken offline on "
                            "%(end)s."
                        )
                        % {"start": start, "end": end},
                    )
                )
            else:
                lines.append(
                    (gettext("Will be published on %(start)s.") % {"start": start},)
                )
        state = self.publishing.draft_state(obj, versions).label
        return format_html(
            '<p class="page-state">{}</p><ul>{}</ul>',
            state,
            format_html_join("", "<li>{}</li>", lines),
        )

    # Saving: a draft, or a draft that is published or taken offline.

    def save_model(self, request, obj, form, change):
        action = form.action
        publish_at = form.cleaned_data.get("publish_at")
        unpublish_at = form.cleaned_data.get("unpublish_at")
        moments = {}
        if unpublish_at:
            moments["until"] = unpublish_at.isoformat()
        if action == PUBLISH and publish_at and publish_at > timezone.now():
            obj._change_reason = history.reason(
                history.SCHEDULED, **{"from": publish_at.isoformat()}, **moments
            )
        elif action == PUBLISH:
            obj._change_reason = history.reason(history.PUBLISHED, **moments)
        elif action == UNPUBLISH:
            at = unpublish_at.isoformat() if unpublish_at else None
            obj._change_reason = history.reason(
                history.UNPUBLISHED, **({"at": at} if at else {})
            )
        else:
            obj._change_reason = history.reason(history.DRAFT)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        if form.action == PUBLISH:
            self.publishing.publish(
                obj,
                request.user,
                at=form.cleaned_data.get("publish_at"),
                until=form.cleaned_data.get("unpublish_at"),
            )
        elif form.action == UNPUBLISH:
            self.publishing.unpublish(obj, at=form.cleaned_data.get("unpublish_at"))

    def _publishing_response(self, request, obj):
        # Read afresh: the object came with its versions from before the save.
        now = timezone.now()
        manager = obj.published_versions
        versions = list(manager.model.objects.filter(**{manager.field.name: obj}))
        values = {"title": obj}
        if PUBLISH in request.POST:
            upcoming = min(
                (v.valid_from for v in versions if v.valid_from > now), default=None
            )
            if upcoming is not None:
                values["moment"] = spoken_moment(upcoming)
                message = _(
                    "“%(title)s” will be published on %(moment)s; until then "
                    "visitors see no change."
                )
            else:
                message = _("“%(title)s” is published: visitors see this version.")
        elif UNPUBLISH in request.POST:
            ending = min(
                (
                    v.valid_until
                    for v in versions
                    if v.valid_until and v.valid_until > now
                ),
                default=None,
            )
            if ending is not None:
                values["moment"] = spoken_moment(ending)
                message = _("“%(title)s” will be taken offline on %(moment)s.")
            else:
                message = _("“%(title)s” is offline: visitors no longer see it.")
            self.offline_messages(request, obj)
        else:
            message = _(
                "Draft of “%(title)s” saved. Visitors see no change until you publish."
            )
        self.message_user(request, message % values, messages.SUCCESS)
        return HttpResponseRedirect(
            reverse(f"admin:{self._url_name}_change", args=[obj.pk])
        )

    def response_add(self, request, obj, post_url_continue=None):
        if "_addanother" in request.POST or "_popup" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        return self._publishing_response(request, obj)

    def response_change(self, request, obj):
        if "_saveasnew" in request.POST or "_popup" in request.POST:
            return super().response_change(request, obj)
        return self._publishing_response(request, obj)

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        now = timezone.now()
        is_live = obj is not None and any(
            v.is_live(now) for v in obj.published_versions.all()
        )
        context.update(
            {
                "is_live": is_live,
                "can_go_offline": self.can_go_offline(obj),
                "preview_url": obj
                and reverse(
                    f"admin:{self._url_name}_preview",
                    args=[obj.pk, default_language()],
                ),
            }
        )
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def revert_message(self, obj, record):
        return gettext(
            "The version of %(moment)s is now the draft. Visitors see it once you "
            "publish."
        ) % {"moment": history._moment(record.history_date.isoformat())}

    # The preview: the draft as visitors will see it.

    def get_urls(self):
        return [
            path(
                "<int:object_id>/preview/<str:language>/",
                self.admin_site.admin_view(
                    never_cache(
                        require_http_methods(["GET", "HEAD", "POST"])(self.preview_view)
                    )
                ),
                name=f"{self._url_name}_preview",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id, language):
        """The draft as visitors will see it: the saved draft, or (posted
        from the form's "Voorbeeld" button) the form as it is, unsaved."""
        if language not in language_codes():
            raise Http404("No such language")
        obj = self.get_object(request, str(object_id))
        if obj is None:
            raise Http404("No such item")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        name = f"admin:{self._url_name}_preview"
        url = reverse(name, args=[obj.pk, language])
        if request.method == "POST":
            token = remember_form(request, obj, request.POST)
            return HttpResponseSeeOther(f"{url}?{PREVIEW_PARAMETER}={token}")
        token = request.GET.get(PREVIEW_PARAMETER, "")
        data = recalled_form(request, obj, token)
        if data is not None:
            obj = self.unsaved_draft(request, obj, data)
        query = f"?{PREVIEW_PARAMETER}={token}" if data is not None else ""
        alternates = {
            code: reverse(name, args=[obj.pk, code]) + query
            for code in language_codes()
        }
        response = self.render_preview(
            request, obj, language, data is not None, alternates
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        response["Content-Language"] = language
        return response

    def unsaved_draft(self, request, obj, data):
        """The item with the form's values in it, as far as they are valid;
        nothing is saved (the form's check locks the row: rolled back). The
        form's many-to-many values are kept as `preview_m2m`."""
        Form = self.get_form(request, obj, change=True)
        with transaction.atomic():
            form = Form(data, instance=obj)
            form.is_valid()
            obj.preview_m2m = {
                field.name: form.cleaned_data[field.name]
                for field in obj._meta.many_to_many
                if field.name in getattr(form, "cleaned_data", {})
            }
            transaction.set_rollback(True)
        return form.instance
