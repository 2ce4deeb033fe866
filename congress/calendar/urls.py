"""API routes of the calendar, included by the root URLconf under ``/api/v1/calendar/``."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

app_name = "workcalendar"

router = SimpleRouter()
router.register("deadlines", api.DeadlineViewSet, basename="deadline")
router.register("days", api.CalendarDayViewSet, basename="day")

urlpatterns = [
    path("working-days/", api.WorkingDaysView.as_view(), name="working-days"),
    path("due-date/", api.DueDateView.as_view(), name="due-date"),
    *router.urls,
]
