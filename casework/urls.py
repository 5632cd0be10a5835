from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from casework import views

case_patterns = [
    path("", views.home, name="home"),
    path("arenden/", views.case_list, name="case_list"),
    path("arenden/<str:slug>/", views.case_detail, name="case_detail"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("konto/logga-in/", auth_views.LoginView.as_view(), name="login"),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include((case_patterns, "casework"))),
    path("", include("motions.urls")),
]
