"""Seed content: each app that ships some says how to load it.

An app's AppConfig offers a ``load_content()`` method that creates what is
missing and returns a one-line summary; the ``load_content`` command calls
every app's in the order of INSTALLED_APPS.
"""

import json
from pathlib import Path

from django.apps import apps
from django.db import transaction


def read_content(app_config, name):
    """A JSON file from an app's content/ folder."""
    path = Path(app_config.path) / "content" / name
    return json.loads(path.read_text(encoding="utf-8"))


def load_all():
    """Every app's seed content; the apps' summaries."""
    summaries = []
    for config in apps.get_app_configs():
        loader = getattr(config, "load_content", None)
        if callable(loader):
            with transaction.atomic():
                summaries.append(loader())
    return summaries
