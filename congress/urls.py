"""The URL map. Public paths are reserved here once and never change: QR codes printed on posters
point at /q/<token>/ for years."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import api_public, body_pages, session_policy, twofactor, views
from .reports import ballot_announcement

# The heading names the staff member's own body (CongressAdminSite.each_context).
admin.site.index_title = _("Committee work")
admin.site.index_template = "admin/congress_index.html"

urlpatterns = [
    path("", views.home, name="home"),
    path("bodies/", body_pages.body_list, name="body-list"),
    path("bodies/<int:pk>/", body_pages.body_detail, name="body-detail"),
    path("healthz", views.healthz, name="healthz"),
    path("healthz/ready", views.healthz, name="healthz-ready"),
    path("healthz/live", views.healthz_live, name="healthz-live"),
    # A load balancer's probe may be written with a trailing slash: 200 either way, never a redirect.
    path("healthz/", views.healthz),
    path("healthz/ready/", views.healthz),
    path("healthz/live/", views.healthz_live),
    path(settings.ADMIN_URL, admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/two-factor/", twofactor.two_factor, name="two-factor"),
    path("accounts/keep-alive/", session_policy.keep_alive, name="keep-alive"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("elder-mode/", views.elder_mode, name="elder-mode"),
    path("captcha/", include("captcha.urls")),
    path("api/v1/", views.api_root, name="api-root"),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # ReDoc always loads its logo from the internet (cdn.redoc.ly), which government intranets and the
    # Content-Security-Policy refuse: the address stays (it is published) and opens the Swagger UI.
    path("api/v1/redoc/", RedirectView.as_view(pattern_name="api-docs"), name="api-redoc"),
    path("api/v1/calendar/", include("congress.calendar.urls")),
    # The lists the submission form needs (categories, areas).
    path("api/v1/", include(api_public.router.urls)),
    path("notifications/", include("congress.notifications.urls")),
    # Documents first: their addresses sit inside the apps' prefixes (deputies/…, stations/…, q/…).
    path("", include("congress.reports.urls")),
    path("", include("deputies.urls")),
    path("", include("stations.urls")),
    path("", include("suggestions.urls")),
    # The ballot announcement is laid out by the report module (apps never import it); its address
    # is the one the results pages have always linked to.
    path(
        "projects/results/<slug:slug>/pdf/",
        ballot_announcement.announcement_pdf,
        name="votes-results-pdf",
    ),
    path("", include("votes.urls")),
]

handler403 = "congress.views.error_403"
handler404 = "congress.views.error_404"
handler500 = "congress.views.error_500"
