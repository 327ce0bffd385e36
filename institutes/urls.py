from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "institutes"

urlpatterns = [
    path("", views.institute_list, name="list"),
    path(_("find/"), views.finder, name="finder"),
    path(_("open-data/"), views.open_data, name="open_data"),
    # The open data keeps the same file names in every language.
    path("institutes.json", views.open_data_json, name="open_data_json"),
    path("institutes.csv", views.open_data_csv, name="open_data_csv"),
    path("<slug:slug>/", views.institute_detail, name="detail"),
]
