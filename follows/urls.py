from django.urls import path

from follows import views

app_name = "follows"
urlpatterns = [
    path("folj/", views.follow, name="follow"),
    path("folj/bekrafta/<str:token>/", views.confirm, name="confirm"),
    path("folj/avsluta/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
