from django.urls import path

from referrals import views

app_name = "referrals"
urlpatterns = [
    path("arenden/<str:slug>/remittera/", views.refer, name="refer"),
    path("arenden/<str:slug>/remissvar/kontor/", views.answer_office, name="answer_office"),
    path("arenden/<str:slug>/remissvar/namnd/", views.answer_committee, name="answer_committee"),
]
