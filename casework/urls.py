from django.contrib import admin
from django.urls import include, path

from casework import views

case_patterns = [
    path("", views.home, name="home"),
    path("arenden/", views.case_list, name="case_list"),
    path("arenden/<str:slug>/", views.case_detail, name="case_detail"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include((case_patterns, "casework"))),
    path("", include("motions.urls")),
]
