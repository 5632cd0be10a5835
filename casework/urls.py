from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from casework import views as casework_views
from motions.views import cases

# The case list and case page are every reader's way in; they have short names of their own.
urlpatterns = [
    path("", cases.home, name="home"),
    path("arenden/", cases.case_list, name="case_list"),
    path("admin/", admin.site.urls),
    path("konto/logga-in/", auth_views.LoginView.as_view(), name="login"),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/tvafaktor/", casework_views.second_factor, name="second_factor"),
    path("", include("motions.urls")),
    path("arenden/<str:slug>/", cases.case_detail, name="case_detail"),
    path("", include("referrals.urls")),
    path("mina-beslut/", casework_views.my_decisions, name="my_decisions"),
    path(
        "arenden/<str:slug>/handlingar/ny/",
        casework_views.document_register_view,
        name="document_register",
    ),
    path(
        "handlingar/<int:pk>/makulera/", casework_views.document_cancel_view, name="document_cancel"
    ),
    path("handlingar/<int:pk>/fil/", casework_views.document_file, name="document_file"),
    path(
        "beslut/<int:decision_id>/anmal/",
        casework_views.statement_announce_view,
        name="statement_announce",
    ),
    path("uttalanden/<int:pk>/", casework_views.statement_edit, name="statement_edit"),
    path(
        "uttalanden/<int:pk>/bjud-in/",
        casework_views.statement_invite_view,
        name="statement_invite",
    ),
    path(
        "uttalanden/<int:pk>/bekrafta/",
        casework_views.statement_confirm_view,
        name="statement_confirm",
    ),
    path(
        "uttalanden/<int:pk>/rattelse/",
        casework_views.statement_correct_view,
        name="statement_correct",
    ),
]
