from django.urls import include, path

from . import api, views

api_patterns = [
    path("projects/", api.ProjectListView.as_view(), name="votes-api-projects"),
    path("ballots/<slug:slug>/", api.BallotResultView.as_view(), name="votes-api-ballot"),
]

urlpatterns = [
    path("projects/", views.project_list, name="project-list"),
    path("projects/propose/", views.propose, name="votes-propose"),
    path("projects/results/<slug:slug>/", views.results, name="votes-results"),
    path("projects/<slug:slug>/", views.project_detail, name="votes-project-detail"),
    path("dashboard/ballots/", views.dashboard_ballots, name="votes-dashboard-ballots"),
    path("dashboard/ballots/propose/", views.dashboard_propose, name="votes-dashboard-propose"),
    path("dashboard/ballots/<slug:slug>/", views.dashboard_vote, name="votes-dashboard-vote"),
    path("unit/projects/", views.unit_projects, name="votes-unit-projects"),
    path("unit/projects/<slug:slug>/", views.unit_project, name="votes-unit-project"),
    path("api/v1/votes/", include(api_patterns)),
]
