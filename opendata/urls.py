"""The OParl 1.1 API under /oparl/v1/: stable addresses, one per object."""

from django.urls import path

from opendata import api

app_name = "oparl"

urlpatterns = [
    path("", api.system, name="system"),
    path("openapi.json", api.openapi, name="openapi"),
    path("body/", api.body_list, name="body_list"),
    path("body/<pk:pk>/", api.body, name="body"),
    path("body/<pk:pk>/legislativeterm/", api.legislativeterm_list, name="legislativeterm_list"),
    path("legislativeterm/<int:year>/", api.legislativeterm, name="legislativeterm"),
    path(
        "organization/<pk:pk>/meeting/", api.organization_meetings, name="organization_meeting_list"
    ),
    path("consultation/<str:key>/", api.consultation, name="consultation"),
    path("file/<str:key>/", api.file, name="file"),
    *(
        path(f"body/<pk:pk>/{kind}/", api.object_list, {"kind": kind}, name=f"{kind}_list")
        for kind in api.KINDS
    ),
    *(
        path(f"{kind}/<pk:pk>/", api.object_detail, {"kind": kind}, name=kind)
        for kind in api.KINDS
        if kind != "file"  # files also have meeting documents' keys: api.file
    ),
]
