from django.urls import path

from . import views

urlpatterns = [
    path("deputies/", views.deputy_list, name="deputy-list"),
    path("deputies/<slug:slug>/", views.deputy_detail, name="deputy-detail"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
