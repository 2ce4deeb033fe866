from django.urls import include, path

from . import views
from .api import router

urlpatterns = [
    path("deputies/", views.deputy_list, name="deputy-list"),
    path("deputies/statistics/", views.statistics, name="deputy-statistics"),
    path("deputies/<slug:slug>/", views.deputy_detail, name="deputy-detail"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("api/v1/", include(router.urls)),
]
