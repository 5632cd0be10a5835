from django.urls import path
from djangosaml2 import views as saml_views

from accounts import saml

# djangosaml2's views under the names it reverses itself, with our own for the assertion (who may
# sign in); logging out of a SAML session starts at /konto/logga-ut/ (accounts.views.LogoutView).
urlpatterns = [
    path("saml2/login/", saml_views.LoginView.as_view(), name="saml2_login"),
    path("saml2/acs/", saml.AssertionConsumerView.as_view(), name="saml2_acs"),
    path("saml2/ls/", saml_views.LogoutView.as_view(), name="saml2_ls"),
    path("saml2/ls/post/", saml_views.LogoutView.as_view(), name="saml2_ls_post"),
    path("saml2/metadata/", saml_views.MetadataView.as_view(), name="saml2_metadata"),
]
