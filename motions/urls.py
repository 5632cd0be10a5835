from django.urls import path

from motions import views

app_name = "motions"
urlpatterns = [
    path("arenden/<str:slug>/utlatande/", views.utlatande_preview, name="utlatande_preview"),
    path("arenden/<str:slug>/utlatande.pdf", views.utlatande_pdf_download, name="utlatande_pdf"),
]
