"""Seed content: each app that ships some says how to load it.

An app's AppConfig offers a ``load_content(update=False)`` method that creates
what is missing and returns a one-line summary; the ``load_content`` command
calls every app's in the order of INSTALLED_APPS.

With ``update``, corrected seed text reaches a database loaded before: a field
takes the new seed value only while it still holds the seed value it was
given, which its SeedRecord remembers as a fingerprint. For items loaded
before fingerprints were stored, content/earlier-seed.json lists the
fingerprints of the seed values shipped before. Whatever an editor wrote
stays.
"""

import hashlib
import json
from pathlib import Path

from django.apps import apps
from django.db import transaction


def read_content(app_config, name):
    """A JSON file from an app's content/ folder."""
    path = Path(app_config.path) / "content" / name
    return json.loads(path.read_text(encoding="utf-8"))


def read_earlier(app_config):
    """{kind: {key: {field: [fingerprint, ...]}}} of the seed values an
    app shipped before, from content/earlier-seed.json (if any)."""
    path = Path(app_config.path) / "content" / "earlier-seed.json"
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def fingerprint(value):
    """A short, stable fingerprint of a field's value."""
    if value is None:
        value = ""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def remember(record, values):
    """Keep the fingerprints of the seed values an item was given."""
    record.fields = {
        **record.fields,
        **{name: fingerprint(value) for name, value in values.items()},
    }
    record.save(update_fields=["fields"])


def corrections(record, current, wanted, earlier=None):
    """{field: corrected seed value} for each field whose seed value changed
    and that still holds the seed value it was given (by the record's
    fingerprints, or the earlier ones listed for it). `current` and `wanted`
    are {field: value}."""
    earlier = earlier or {}
    found = {}
    for name, value in wanted.items():
        if current.get(name) == value:
            continue
        given = {record.fields.get(name), *earlier.get(name, ())} - {None}
        if fingerprint(current.get(name)) in given:
            found[name] = value
    return found


def load_all(update=False):
    """Every app's seed content; the apps' summaries."""
    summaries = []
    for config in apps.get_app_configs():
        loader = getattr(config, "load_content", None)
        if callable(loader):
            with transaction.atomic():
                summaries.append(loader(update=update))
    return summaries
