"""The editors' overview: what everyone changed lately, and what is
scheduled to go online or offline."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core import history
from core.admin import EditorAdmin
from core.history import spoken_moment
from core.merge import editor_name
from core.publishing_admin import PublishingAdmin

RECENT = 50


def recent_changes(request, site=admin.site, limit=RECENT):
    """The latest versions of everything editors change that this editor may
    see, newest first, each with what changed and a link to it."""
    records = []
    for model, model_admin in site._registry.items():
        if not isinstance(model_admin, EditorAdmin) or not hasattr(model, "history"):
            continue
        if not model_admin.has_view_or_change_permission(request):
            continue
        latest = model.history.select_related("history_user").order_by(
            "-history_date", "-history_id"
        )[:limit]
        records += [(record, model) for record in latest]
    records.sort(key=lambda pair: (pair[0].history_date, pair[0].history_id))
    rows = []
    for record, model in reversed(records[-limit:]):
        opts = model._meta
        try:
            url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_history", args=[record.id]
            )
            url += f"?versie={record.history_id}#version-{record.history_id}"
        except NoReverseMatch:
            url = None
        changes = history.changes(model, record, record.prev_record)
        rows.append(
            {
                "when": spoken_moment(record.history_date),
                "moment": record.history_date,
                "who": editor_name(record.history_user)
                if record.history_user
                else _("the system"),
                "kind": capfirst(opts.verbose_name),
                "item": _label(record),
                "action": history.describe(
                    record.history_change_reason, record.history_type
                ),
                "fields": ", ".join(str(change["label"]) for change in changes),
                "url": url if record.history_type != "-" else None,
            }
        )
    return rows


def _label(record):
    try:
        return str(record.instance)
    except Exception:  # noqa: BLE001 - a version whose relations are gone
        return f"#{record.id}"


def scheduled(now=None, site=admin.site):
    """What will go online or offline, soonest first: of every item whose
    admin publishes drafts (pages, institutes)."""
    now = now or timezone.now()
    rows = []
    for model, model_admin in site._registry.items():
        if isinstance(model_admin, PublishingAdmin):
            rows += _scheduled(model, now)
    rows.sort(key=lambda row: row["moment"])
    return rows


def _scheduled(model, now):
    relation = model.published_versions.field
    name = relation.name
    versions = list(
        relation.model.objects.filter(Q(valid_from__gt=now) | Q(valid_until__gt=now))
        .select_related(name, "published_by")
        .order_by("valid_from")
    )
    starts = {(getattr(v, relation.attname), v.valid_from) for v in versions}
    rows = []
    opts = model._meta
    for version in versions:
        who = editor_name(version.published_by) if version.published_by else ""
        item_id = getattr(version, relation.attname)
        page_url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change", args=[item_id]
        )
        if version.valid_from > now:
            rows.append(
                {
                    "moment": version.valid_from,
                    "what": _("Will be published on %(start)s.")
                    % {"start": spoken_moment(version.valid_from)},
                    "page": getattr(version, name),
                    "url": page_url,
                    "who": who,
                }
            )
        # An end where the item's next version starts is no going offline.
        if version.valid_until and (item_id, version.valid_until) not in starts:
            rows.append(
                {
                    "moment": version.valid_until,
                    "what": _("Will be taken offline on %(end)s.")
                    % {"end": spoken_moment(version.valid_until)},
                    "page": getattr(version, name),
                    "url": page_url,
                    "who": who,
                }
            )
    return rows


def overview(request):
    if not request.user.is_staff:
        raise PermissionDenied
    context = {
        **admin.site.each_context(request),
        "title": _("Overview: recent changes and what is scheduled"),
        "subtitle": None,
        "changes": recent_changes(request),
        "scheduled": scheduled(),
    }
    return TemplateResponse(request, "admin/overview.html", context)
