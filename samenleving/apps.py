from django.contrib.staticfiles.apps import StaticFilesConfig


class StaticFiles(StaticFilesConfig):
    # The jQuery UI package ships theme stylesheets that point to images it
    # does not contain; the admin needs only its script.
    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "jquery-ui*.css", "themes"]
