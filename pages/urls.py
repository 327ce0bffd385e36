from django.urls import path

from . import views

app_name = "pages"

urlpatterns = [
    path("", views.page_detail, name="home"),
    path("<path:path>/", views.page_detail, name="page"),
]
