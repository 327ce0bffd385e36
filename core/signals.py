"""The one moment at which what visitors see changes.

Publishing, unpublishing, reverting and saving anything a public page shows
send `published_content_changed`. Whatever is derived from published content
(rendered pages in a cache, search entries) refreshes from here, and keeps
nothing longer than `next_scheduled_change()` allows.
"""

from django.dispatch import Signal

published_content_changed = Signal()

# Callables returning the next moment (a datetime, or None) at which
# published content changes by itself, e.g. a page scheduled to go live.
_schedules = []


def register_schedule(next_change):
    _schedules.append(next_change)
    return next_change


def next_scheduled_change(after=None):
    """The earliest moment after `after` (now) at which content changes by
    itself; a cache must not keep a page beyond it. None when nothing is
    scheduled."""
    moments = [moment for schedule in _schedules if (moment := schedule(after))]
    return min(moments, default=None)


def announce_saved(sender, instance=None, **kwargs):
    """A receiver for post_save, post_delete and m2m_changed of models whose
    data public pages show."""
    published_content_changed.send(sender=sender, instance=instance)
