from django.urls import path

from archive import views

app_name = "archive"

urlpatterns = [
    path("arkiv/", views.exports, name="exports"),
    path("arkiv/<pk:pk>/paket.zip", views.package, name="package"),
    path("arkiv/<pk:pk>/forsok-igen/", views.retry, name="retry"),
]
