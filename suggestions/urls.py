from django.urls import path

from . import views

urlpatterns = [
    path("submit/", views.submit, name="submit"),
    path("track/", views.track, name="track"),
    path("unit/", views.unit_home, name="unit-home"),
]
