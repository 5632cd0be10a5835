"""The OParl 1.1 API under /oparl/v1/: stable addresses, one per object."""

from django.urls import path

from opendata import api as views

app_name = "oparl"

urlpatterns = [
    path("", views.system, name="system"),
    path("openapi.json", views.openapi, name="openapi"),
    path("body/", views.body_list, name="body_list"),
    path("body/<pk:pk>/", views.body, name="body"),
    path("body/<pk:pk>/organization/", views.organization_list, name="organization_list"),
    path("body/<pk:pk>/person/", views.person_list, name="person_list"),
    path("body/<pk:pk>/membership/", views.membership_list, name="membership_list"),
    path("body/<pk:pk>/meeting/", views.meeting_list, name="meeting_list"),
    path("body/<pk:pk>/agendaitem/", views.agendaitem_list, name="agendaitem_list"),
    path("body/<pk:pk>/paper/", views.paper_list, name="paper_list"),
    path("body/<pk:pk>/file/", views.file_list, name="file_list"),
    path("body/<pk:pk>/legislativeterm/", views.legislativeterm_list, name="legislativeterm_list"),
    path("organization/<pk:pk>/", views.organization, name="organization"),
    path("person/<pk:pk>/", views.person, name="person"),
    path("membership/<pk:pk>/", views.membership, name="membership"),
    path("meeting/<pk:pk>/", views.meeting, name="meeting"),
    path("agendaitem/<pk:pk>/", views.agendaitem, name="agendaitem"),
    path("paper/<pk:pk>/", views.paper, name="paper"),
    path("consultation/<str:key>/", views.consultation, name="consultation"),
    path("file/<str:key>/", views.file, name="file"),
    path("legislativeterm/<int:year>/", views.legislativeterm, name="legislativeterm"),
]
