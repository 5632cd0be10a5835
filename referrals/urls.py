from django.urls import path

from referrals import views

app_name = "referrals"
urlpatterns = [
    path("arenden/<str:slug>/remittera/", views.refer, name="refer"),
    path(
        "arenden/<str:slug>/remittera/ny-instans/", views.outside_body_new, name="outside_body_new"
    ),
    path("arenden/<str:slug>/remissvar/skriftligt/", views.answer_written, name="answer_written"),
    path("arenden/<str:slug>/remissvar/avstar/", views.decline, name="decline"),
    path("arenden/<str:slug>/remissvar/namnd/", views.answer_committee, name="answer_committee"),
]
