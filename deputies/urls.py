from django.urls import include, path

from . import dashboard_views, report_back_views, staff_views, views
from .api import router

urlpatterns = [
    path("deputies/", views.deputy_list, name="deputy-list"),
    path("deputies/statistics/", views.statistics, name="deputy-statistics"),
    path("deputies/reports/ranking/", staff_views.ranking, name="deputy-report-ranking"),
    path("deputies/reports/quotas/", staff_views.quotas, name="deputy-report-quotas"),
    path("deputies/reports/liaison/", staff_views.liaison, name="deputy-report-liaison"),
    path("deputies/<slug:slug>/", views.deputy_detail, name="deputy-detail"),
    path("report-backs/<slug:slug>/", report_back_views.report_back_public, name="report-back-public"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/duty/", dashboard_views.duty, name="dashboard-duty"),
    path("dashboard/report-backs/", dashboard_views.report_back_list, name="dashboard-report-backs"),
    path("dashboard/report-backs/new/", dashboard_views.report_back_new, name="dashboard-report-back-new"),
    path(
        "dashboard/report-backs/<slug:slug>/",
        dashboard_views.report_back_edit,
        name="dashboard-report-back-edit",
    ),
    path("dashboard/contacts/", dashboard_views.contacts, name="dashboard-contacts"),
    path("dashboard/cosigners/search/", dashboard_views.cosigner_search, name="cosigner-search"),
    path("api/v1/", include(router.urls)),
]
