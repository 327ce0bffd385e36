"""Unhandled errors reported to Sentry, when SENTRY_DSN is set.

Nothing personal leaves the site: no visitor's or editor's address, no
cookie, no query string (finder and search queries), no form body (feedback,
passwords), no values of a failing function's variables. Only the error,
its trace, the path and a few harmless headers are sent. Without SENTRY_DSN
the SDK is not even imported.
"""

import logging

# The request headers an error report keeps; every other one may carry
# something personal (cookies, the visitor's address, the referring page
# with its query string, the browser).
KEPT_HEADERS = {"host", "accept", "accept-language", "content-type", "content-length"}
# What a report says of the request: no "cookies", "data", "env",
# "query_string".
KEPT_REQUEST = {"method", "url", "headers"}


def scrub(event, hint=None):
    """Sentry's before_send: the event without personal data."""
    request = event.get("request")
    if isinstance(request, dict):
        request = {key: value for key, value in request.items() if key in KEPT_REQUEST}
        if isinstance(request.get("url"), str):
            request["url"] = request["url"].split("?", 1)[0].split("#", 1)[0]
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                name: value
                for name, value in headers.items()
                if name.lower() in KEPT_HEADERS
            }
        event["request"] = request
    event.pop("user", None)
    for crumb in (event.get("breadcrumbs") or {}).get("values", []):
        if isinstance(crumb, dict) and crumb.get("category") == "httplib":
            crumb.pop("data", None)
    return event


def start(dsn, environment=None, release=None):
    """Report unhandled errors to the Sentry project at `dsn`; without a
    DSN, do nothing at all."""
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.logging import LoggingIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        integrations=[
            DjangoIntegration(),
            # Log lines become breadcrumbs, never events of their own: an
            # outage's 503s are logged, and would flood the project.
            LoggingIntegration(level=logging.INFO, event_level=None),
        ],
        # send_default_pii stays off, its default (naming it at all is
        # deprecated since sentry-sdk 2.7x, and would switch off the SDK's
        # own scrubbing of passwords and session keys if given through its
        # successor, data_collection). Bodies are not even read.
        max_request_body_size="never",
        include_local_variables=False,
        before_send=scrub,
        # Errors only: no performance tracing.
        traces_sample_rate=None,
    )
    return True
