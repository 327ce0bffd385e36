"""Drafts and the versions visitors see: what pages and institutes share.

The editors' row is the draft. A published version is a copy of what
visitors see of it, valid from a moment and, optionally, until one; an item
has at most one version valid at any moment. Publishing later (or taking
offline later) is a version whose period starts (or ends) in the future, so
a scheduled change takes effect at its moment without a job: whoever reads
the versions asks which one is live now, and `next_change` tells the
caches (core.signals.register_schedule) when that answer changes.
"""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    SCHEDULED = "scheduled", _("scheduled")
    CHANGED = "changed", _("changed since publication")


class PublishedVersionQuerySet(models.QuerySet):
    def live(self, at=None):
        """The versions visitors see at a moment (now by default)."""
        at = at or timezone.now()
        return self.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gt=at), valid_from__lte=at
        )

    def upcoming(self, after=None):
        """Versions that are still to go live or offline after a moment."""
        after = after or timezone.now()
        return self.filter(Q(valid_from__gt=after) | Q(valid_until__gt=after))

    def current(self, at=None):
        """Versions live now or still to come: what search indexes."""
        at = at or timezone.now()
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gt=at))


class PublishedVersion(models.Model):
    """The period and origin of a published version; the model that holds
    what visitors see adds the content and the draft it belongs to."""

    valid_from = models.DateTimeField(_("online from"), db_index=True)
    valid_until = models.DateTimeField(
        _("online until"), null=True, blank=True, db_index=True
    )
    # The draft's last-changed time it was made from: a later draft is newer.
    draft_version = models.DateTimeField(_("draft version"))
    # A digest of what visitors see of the draft it was made from: a draft
    # saved since with the same digest changed nothing visible.
    draft_digest = models.CharField(_("draft digest"), max_length=64, blank=True)
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PublishedVersionQuerySet.as_manager()

    class Meta:
        abstract = True

    def is_live(self, now=None):
        now = now or timezone.now()
        return self.valid_from <= now and (
            self.valid_until is None or self.valid_until > now
        )


def digest(visible):
    """A digest of what visitors would see of a draft (any JSON value)."""
    encoded = json.dumps(visible, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()


def period(valid_from=None, valid_until=None, user=None):
    """The fields of a new version: from `valid_from` (now) until
    `valid_until`, published by `user` now."""
    now = timezone.now()
    return {
        "valid_from": valid_from or now,
        "valid_until": valid_until,
        "published_by": user if user is not None and user.is_authenticated else None,
        "published_at": now,
    }


def clear_from(versions, moment):
    """End the version (of one item's `versions`) valid at `moment`; drop
    versions that start later."""
    versions = versions.select_for_update()
    versions.filter(valid_from__gte=moment).delete()
    for version in versions.live(moment):
        version.valid_until = moment
        version.save(update_fields=["valid_until"])


def start_moment(at=None):
    """When a publication asked for `at` (now) starts: never in the past."""
    now = timezone.now()
    return max(at or now, now)


def state_of(versions, updated_at, draft_digest, now=None):
    """The state of a draft from its published versions (any order).
    `draft_digest` is called only when the digest decides."""
    now = now or timezone.now()
    live = next((v for v in versions if v.is_live(now)), None)
    coming = [
        v
        for v in versions
        if v.valid_from > now or (v.valid_until is not None and v.valid_until > now)
    ]
    if live is None:
        return State.SCHEDULED if coming else State.DRAFT
    if (
        live.draft_version < updated_at
        and not any(v.valid_from > now for v in versions)
        and live.draft_digest != draft_digest()
    ):
        return State.CHANGED
    return State.SCHEDULED if coming else State.PUBLISHED


def next_change(model, after=None):
    """The next moment after `after` (now) at which a version of `model`
    starts or ends."""
    after = after or timezone.now()
    moments = model.objects.aggregate(
        start=Min("valid_from", filter=Q(valid_from__gt=after)),
        end=Min("valid_until", filter=Q(valid_until__gt=after)),
    )
    return min((m for m in moments.values() if m), default=None)
