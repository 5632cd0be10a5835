from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from motions.views import cases

# The case list and case page are every reader's way in; they have short names of their own.
urlpatterns = [
    path("", cases.home, name="home"),
    path("arenden/", cases.case_list, name="case_list"),
    path("admin/", admin.site.urls),
    path("konto/logga-in/", auth_views.LoginView.as_view(), name="login"),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("motions.urls")),
    path("arenden/<str:slug>/", cases.case_detail, name="case_detail"),
    path("", include("referrals.urls")),
]
