"""The live meeting's pages, kept apart from the rest of the meeting's (included by meetings.urls)."""

from django.urls import path

from meetings import live_views

urlpatterns = [
    path("sammantraden/<pk:pk>/deltar/", live_views.member_page, name="member"),
    path("sammantraden/<pk:pk>/leder/", live_views.chair_page, name="chair"),
]
