"""The addresses of the documents served outside the report admin. They were published before the
documents moved here and stay the same (posters on walls point at /q/<token>/…)."""

from django.urls import path

from . import views

urlpatterns = [
    path("deputies/reports/duty/<slug:slug>.pdf", views.staff_duty_report, name="deputy-report-duty"),
    path("dashboard/duty/report.pdf", views.dashboard_duty_report, name="dashboard-duty-report"),
    path("stations/posters.zip", views.posters_zip, name="station-posters-zip"),
    path("stations/posters/<str:name>.zip", views.posters_zip_download, name="station-posters-download"),
    path("stations/posters/<str:name>/status/", views.posters_zip_status, name="station-posters-status"),
    path("q/<str:token>/poster.pdf", views.qr_poster, name="qr-poster"),
]
