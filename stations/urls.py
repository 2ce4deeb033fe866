from django.urls import path

from . import views

urlpatterns = [
    path("stations/", views.station_list, name="station-list"),
    path("stations/<slug:slug>/", views.station_detail, name="station-detail"),
    path("q/<str:token>/", views.qr_landing, name="qr-landing"),
]
