"""An institute's draft becomes what visitors see, as a page's does.

The Institute row is the editors' draft. Publishing copies it into a
PublishedInstitute valid from a moment (now or later); taking offline ends
the current version at a moment. The periods, the states and the schedule
are the pages' (core/publishing.py). Every change here is a "published
content changed" moment.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from modeltranslation.translator import translator

from core.publishing import State as State  # an institute's states, asked here
from core.publishing import (
    clear_from,
    digest,
    next_change,
    period,
    start_moment,
    state_of,
)
from core.signals import published_content_changed, register_schedule

from .models import Institute, PublishedInstitute

# Kept apart from the fields: a relation of its own, and the version marker.
APART = {"id", "region", "themes"}


def copied_fields():
    """The names of the institute's fields a version copies: every column
    but the ones kept apart and modeltranslation's originals (their values
    are in the per-language columns)."""
    originals = set(translator.get_options_for_model(Institute).all_fields)
    return [
        field.name
        for field in Institute._meta.concrete_fields
        if field.name not in APART and field.name not in originals
    ]


def fields_of(institute):
    values = {
        name: Institute._meta.get_field(name).value_from_object(institute)
        for name in copied_fields()
    }
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def visible(institute, theme_ids):
    """What visitors would see of a draft."""
    fields = fields_of(institute)
    fields.pop("updated_at", None)
    return {
        "fields": fields,
        "region": institute.region_id,
        "themes": sorted(theme_ids),
    }


def draft_digest(institute):
    return digest(visible(institute, [theme.pk for theme in institute.themes.all()]))


def version_from_draft(institute, user=None, valid_from=None, valid_until=None):
    """An unsaved PublishedInstitute holding the draft, and its themes."""
    themes = list(institute.themes.all())
    version = PublishedInstitute(
        institute=institute,
        region_id=institute.region_id,
        fields=fields_of(institute),
        draft_version=institute.updated_at or timezone.now(),
        draft_digest=digest(visible(institute, [theme.pk for theme in themes])),
        **period(valid_from, valid_until, user),
    )
    return version, themes


def preview(institute, themes):
    """The draft (saved or not) as visitors would see it: an Institute
    made as the public pages make theirs, never saved."""
    version = PublishedInstitute(
        institute_id=institute.pk,
        region=institute.region,
        fields=fields_of(institute),
    )
    version._prefetched_objects_cache = {"themes": themes}
    return version.as_institute()


@transaction.atomic
def publish(institute, user=None, at=None, until=None):
    """The draft becomes what visitors see from `at` (now) until `until`."""
    at = start_moment(at)
    clear_from(PublishedInstitute.objects.filter(institute=institute), at)
    version, themes = version_from_draft(
        institute, user, valid_from=at, valid_until=until
    )
    version.save()
    version.themes.set(themes)
    published_content_changed.send(sender=PublishedInstitute, institute=institute)
    return version


@transaction.atomic
def unpublish(institute, at=None):
    """Visitors no longer see the institute from `at` (now) on."""
    clear_from(PublishedInstitute.objects.filter(institute=institute), start_moment(at))
    published_content_changed.send(sender=PublishedInstitute, institute=institute)


def draft_state(institute, versions, now=None):
    """The state of an institute from its published versions (any order)."""
    return state_of(
        versions, institute.updated_at, lambda: draft_digest(institute), now
    )


@register_schedule
def next_institute_change(after=None):
    """The next moment at which a published version starts or ends."""
    return next_change(PublishedInstitute, after)
