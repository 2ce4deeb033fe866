from django.urls import include, path

from . import api_public, views
from .api import router

urlpatterns = [
    path("stations/", views.station_list, name="station-list"),
    path("stations/workbench/", views.workbench, name="station-workbench"),
    path("stations/workbench/receptions/<int:pk>/", views.reception_record, name="reception-record"),
    path("stations/reports/unassigned/", views.report_unassigned, name="station-report-unassigned"),
    path("stations/reports/ranking/", views.report_ranking, name="station-report-ranking"),
    path("stations/<slug:slug>/", views.station_detail, name="station-detail"),
    path("receptions/", views.reception_calendar, name="reception-calendar"),
    path("receptions/<int:pk>/book/", views.reception_book, name="reception-book"),
    path("receptions/booking/<str:code>/", views.booking_done, name="booking-done"),
    path("receptions/cancel/", views.booking_cancel_view, name="booking-cancel"),
    path("dashboard/receptions/<int:pk>/check-in/", views.reception_check_in_view, name="reception-check-in"),
    path("q/<str:token>/", views.qr_landing, name="qr-landing"),
    path("q/<str:token>/about/", views.qr_about, name="qr-about"),
    path("q/<str:token>/qr.png", views.qr_png, name="qr-png"),
    path("q/<str:token>/qr.svg", views.qr_svg, name="qr-svg"),
    path("api/v1/", include(router.urls)),
    path(
        "api/v1/public/receptions/<int:pk>/bookings/",
        api_public.PublicBookingCreate.as_view(),
        name="api-public-booking-create",
    ),
    path(
        "api/v1/public/bookings/<str:code>/cancel/",
        api_public.PublicBookingCancel.as_view(),
        name="api-public-booking-cancel",
    ),
]
