from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from institutes.sitemaps import InstituteSitemap
from pages.sitemaps import PageSitemap

from . import security, views

sitemaps = {"pages": PageSitemap, "institutes": InstituteSitemap}

admin.site.site_header = "Samenlevingsopbouw"
admin.site.site_title = "Samenlevingsopbouw"
admin.site.login_form = security.AdminLoginForm

urlpatterns = [
    path("admin/", admin.site.urls),
    path("lettergrootte/", views.set_font_size, name="set_font_size"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("favicon.ico", views.favicon),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
]

urlpatterns += i18n_patterns(
    path(_("institutes/"), include("institutes.urls")),
    path(_("feedback/"), include("feedback.urls")),
    path(_("search/"), include("search.urls")),
    # The page tree comes last: it answers every other path.
    path("", include("pages.urls")),
    prefix_default_language=True,
)

handler404 = "samenleving.views.page_not_found"
handler500 = "samenleving.views.server_error"
