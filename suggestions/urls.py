from django.urls import include, path

from . import api, api_public, desk_views, open311, views

urlpatterns = [
    path("submit/", views.submit, name="submit"),
    path("submit/done/", views.submit_done, name="submit-done"),
    path("track/", views.track, name="track"),
    path("track/<str:code>/", views.track_case, name="track-case"),
    path("cases/", views.case_list, name="case-list"),
    path("cases/<str:code>/", views.case_detail, name="case-detail"),
    path("files/photos/<int:pk>/", views.photo_file, name="suggestion-photo"),
    path("files/attachments/<int:pk>/", views.attachment_file, name="suggestion-attachment"),
    path("unit/", views.unit_home, name="unit-home"),
    path("unit/items/<int:pk>/", views.unit_item, name="unit-item"),
    path("dashboard/opinions/", views.opinion_list, name="opinion-list"),
    path("dashboard/opinions/new/", views.opinion_new, name="opinion-new"),
    path("dashboard/opinions/<str:code>/", views.opinion_detail, name="opinion-detail"),
    path("station-desk/", views.desk_home, name="desk-home"),
    path("station-desk/<slug:slug>/new/", views.desk_new, name="desk-new"),
    path("station-desk/items/<str:code>/", desk_views.desk_item, name="desk-item"),
    path(
        "api/v1/public/suggestions/",
        api.PublicSuggestionCreate.as_view(),
        name="api-public-suggestion-create",
    ),
    # Before the tracking address: "mine" is not a tracking code.
    path(
        "api/v1/public/suggestions/mine/",
        api_public.PublicSuggestionMine.as_view(),
        name="api-public-suggestion-mine",
    ),
    path(
        "api/v1/public/suggestions/<str:code>/",
        api.PublicSuggestionTrack.as_view(),
        name="api-public-suggestion-track",
    ),
    path(
        "api/v1/public/suggestions/<str:code>/attachments/<int:pk>/",
        api.PublicSuggestionAttachment.as_view(),
        name="api-public-suggestion-attachment",
    ),
    path(
        "api/v1/public/suggestions/<str:code>/rating/",
        api_public.PublicSuggestionRate.as_view(),
        name="api-public-suggestion-rate",
    ),
    path("api/v1/", include(api_public.router.urls)),
    # Open311 GeoReport v2 over the same services (suggestions/open311.py, docs/api.md).
    path("open311/v2/services.json", open311.ServiceList.as_view(), name="open311-services"),
    path(
        "open311/v2/services/<str:service_code>.json",
        open311.ServiceDefinition.as_view(),
        name="open311-service-definition",
    ),
    path("open311/v2/requests.json", open311.RequestList.as_view(), name="open311-requests"),
    path("open311/v2/requests/<str:code>.json", open311.RequestDetail.as_view(), name="open311-request"),
]
