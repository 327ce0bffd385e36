import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenleving.settings")

django_application = get_wsgi_application()

from samenleving.front import PageCacheFront  # noqa: E402 - needs the settings

# Cached pages are served before Django's handler (samenleving/front.py).
application = PageCacheFront(django_application)
