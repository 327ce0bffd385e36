from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "feedback"

urlpatterns = [
    path("", views.give_feedback, name="give"),
    path(_("wrong/"), views.report_wrong, name="report"),
    path(_("thanks/"), views.thanks, name="thanks"),
]
