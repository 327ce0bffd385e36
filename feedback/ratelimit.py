"""A per-address limit on stored submissions that never stores the address."""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import SubmissionWindow

LIMIT = 10
WINDOW = timedelta(minutes=10)


def _window_start(now):
    seconds = int(WINDOW.total_seconds())
    return now - timedelta(
        seconds=int(now.timestamp()) % seconds, microseconds=now.microsecond
    )


def _sender(address, window_start):
    message = f"{address}|{window_start.isoformat()}".encode()
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def allow(address, now=None):
    """Count a submission from an address; False once it is over the limit."""
    now = now or timezone.now()
    start = _window_start(now)
    sender = _sender(address or "", start)
    with transaction.atomic():
        # Windows that are over can go: they only ever counted.
        SubmissionWindow.objects.filter(window_start__lt=start).delete()
        window, _created = SubmissionWindow.objects.get_or_create(
            sender=sender, defaults={"window_start": start}
        )
        SubmissionWindow.objects.filter(pk=window.pk).update(count=F("count") + 1)
        window.refresh_from_db(fields=["count"])
    return window.count <= LIMIT
