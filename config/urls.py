from django.contrib import admin
from django.urls import include, path, register_converter

from accounts import views as accounts_views
from casework import feeds
from casework import views as casework_views
from motions.views import cases
from opendata import views as opendata_views


class PkConverter:
    """A row id: at most 18 digits, so an absurd number is a 404 and never reaches the database."""

    regex = "[0-9]{1,18}"
    to_python = int
    to_url = str


register_converter(PkConverter, "pk")
handler403 = casework_views.permission_denied  # says who may, and what to do instead
handler500 = casework_views.server_error  # a lost database connection is a 503

# The case list and case page are every reader's way in; they have short names of their own.
urlpatterns = [
    path("", cases.home, name="home"),
    path("arenden/", cases.case_list, name="case_list"),
    path("admin/", admin.site.urls),
    path("konto/logga-in/", casework_views.LoginView.as_view(), name="login"),
    path("konto/logga-ut/", accounts_views.LogoutView.as_view(), name="logout"),
    path("konto/", include("accounts.saml_urls")),
    path("konto/tvafaktor/", casework_views.second_factor, name="second_factor"),
    path("konto/", include("accounts.urls")),
    path("", include("motions.urls")),
    path("arenden/<str:slug>/", cases.case_detail, name="case_detail"),
    path("", include("referrals.urls")),
    path("", include("meetings.urls")),
    path("mina-beslut/", casework_views.my_decisions, name="my_decisions"),
    path("oparl/v1/", include("opendata.urls")),
    path("", include("archive.urls")),
    path("", include("follows.urls")),
    path("statistik/", opendata_views.statistics_page, name="statistics"),
    path("statistik/<slug:slug>.csv", opendata_views.statistics_csv, name="statistics_csv"),
    path("diarium/", casework_views.diarium, name="diarium"),
    path("diarium/postlista/", casework_views.postlista, name="postlista"),
    path("floden/", opendata_views.feeds_page, name="feeds"),
    path("flode/beslut/", feeds.DecisionFeed(), name="feed_decisions"),
    path("flode/organ/<pk:pk>/", feeds.BodyDecisionFeed(), name="feed_body"),
    path("flode/arenden/<str:slug>/", feeds.CaseFeed(), name="feed_case"),
    path(
        "arenden/<str:slug>/handlingar/ny/",
        casework_views.document_register_view,
        name="document_register",
    ),
    path(
        "handlingar/<pk:pk>/makulera/", casework_views.document_cancel_view, name="document_cancel"
    ),
    path(
        "handlingar/<pk:pk>/sekretess/",
        casework_views.document_secrecy_view,
        name="document_secrecy",
    ),
    path("handlingar/<pk:pk>/fil/", casework_views.document_file, name="document_file"),
    path(
        "beslut/<pk:decision_id>/anmal/",
        casework_views.statement_announce_view,
        name="statement_announce",
    ),
    path("uttalanden/<pk:pk>/", casework_views.statement_edit, name="statement_edit"),
    path(
        "uttalanden/<pk:pk>/bekrafta/",
        casework_views.statement_confirm_view,
        name="statement_confirm",
    ),
    path(
        "uttalanden/<pk:pk>/avboj/",
        casework_views.statement_decline_view,
        name="statement_decline",
    ),
    path(
        "uttalanden/<pk:pk>/rattelse/",
        casework_views.statement_correct_view,
        name="statement_correct",
    ),
]
