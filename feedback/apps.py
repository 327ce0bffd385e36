from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.groups import ALL


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Feedback")
    editors_may = {"feedback": ALL}
