from django.urls import re_path

from . import views

app_name = "documents"

KEY = r"(?P<key>[-a-zA-Z0-9_]+)"
VERSION = r"(?P<version>[0-9a-f]{12})"
EXT = r"(?P<ext>pdf|png|jpg|webp)"

urlpatterns = [
    re_path(rf"^{KEY}-{VERSION}\.{EXT}$", views.serve, name="file"),
    re_path(
        rf"^{KEY}-{VERSION}-(?P<width>[0-9]{{2,4}})\.{EXT}$",
        views.serve,
        name="rendition",
    ),
]
