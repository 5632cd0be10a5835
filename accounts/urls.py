from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("oidc/logga-in/", views.oidc_start, name="oidc_start"),
    path("oidc/klar/", views.oidc_callback, name="oidc_callback"),
]
