from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from core import fontsize, health, logins, sitefiles
from institutes.sitemaps import InstituteSitemap
from pages import overview
from pages.sitemaps import PageSitemap

sitemaps = {"pages": PageSitemap, "institutes": InstituteSitemap}

admin.site.site_header = "Samenlevingsopbouw"
admin.site.site_title = "Samenlevingsopbouw"
admin.site.login_form = logins.AdminLoginForm

urlpatterns = [
    path(
        "admin/overzicht/",
        admin.site.admin_view(overview.overview),
        name="admin_overview",
    ),
    path("admin/", admin.site.urls),
    path("lettergrootte/", fontsize.set_font_size, name="set_font_size"),
    path("bestanden/", include("pages.documents.urls")),
    path("healthz", health.healthz, name="healthz"),
    path("robots.txt", sitefiles.robots_txt, name="robots_txt"),
    path(".well-known/security.txt", sitefiles.security_txt, name="security_txt"),
    path("favicon.ico", sitefiles.favicon),
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

handler404 = "core.errorpages.page_not_found"
handler500 = "core.errorpages.server_error"
