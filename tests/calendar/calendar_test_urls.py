"""The root URLconf plus the calendar API, as the root URLconf will include it."""

from django.urls import include, path

from congress.urls import urlpatterns as root_patterns

urlpatterns = [
    path("api/v1/calendar/", include("congress.calendar.urls")),
    *root_patterns,
]
