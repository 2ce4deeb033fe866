"""The portal's URLs plus the floors of ``bench/bench_http.py`` under ``/bench-floor/``."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("bench-floor/insert/", views.floor_insert, name="bench-floor-insert"),
    path("bench-floor/api-insert/", views.floor_api_insert, name="bench-floor-api-insert"),
    path("bench-floor/lookup/", views.floor_lookup, name="bench-floor-lookup"),
    path("", include("congress.urls")),
]

handler403 = "congress.views.error_403"
handler404 = "congress.views.error_404"
handler500 = "congress.views.error_500"
