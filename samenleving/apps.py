from django.contrib.staticfiles.apps import StaticFilesConfig


class StaticFiles(StaticFilesConfig):
    """django.contrib.staticfiles under our own name.

    pytest-django's live server serves static files from the source folders
    when it finds "django.contrib.staticfiles" by name; listed like this, the
    browser tests get the collected, hashed and compressed files through
    WhiteNoise, exactly as production does.
    """
