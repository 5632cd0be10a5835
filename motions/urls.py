from django.urls import path

from motions.views import cases, imports, reports, steps, utlatande

app_name = "motions"
urlpatterns = [
    path("start/", cases.dashboard, name="dashboard"),
    path("arenden/export.csv", cases.case_export, name="case_export"),
    path("arenden/importera/", imports.case_import, name="case_import"),
    path("arenden/ny-motion/", steps.register, name="register"),
    path("ettarsredovisning/", reports.deadline_reports, name="deadline_reports"),
    path("ettarsredovisning/ny/", reports.deadline_report_new, name="deadline_report_new"),
    path("ettarsredovisning/<pk:pk>/", reports.deadline_report, name="deadline_report"),
    path("ettarsredovisning/<pk:pk>/avskriv/", reports.write_off, name="write_off"),
    path("arenden/<str:slug>/skede/", steps.move, name="move"),
    path("arenden/<str:slug>/uppgifter/", steps.edit_details, name="edit_details"),
    path("arenden/<str:slug>/historik/", cases.case_history, name="history"),
    path("arenden/<str:slug>/aterkalla/", steps.withdraw, name="withdraw"),
    path("arenden/<str:slug>/utlatande/redigera/", steps.draft, name="draft"),
    path(
        "arenden/<str:slug>/utlatande/redigera/<slug:section>/",
        steps.draft_section,
        name="draft_section",
    ),
    path("arenden/<str:slug>/beslut/", steps.decide, name="decide"),
    path("arenden/<str:slug>/hoppa-over/", steps.skip, name="skip"),
    path("arenden/<str:slug>/utlatande/", utlatande.utlatande_preview, name="utlatande_preview"),
    path(
        "arenden/<str:slug>/utlatande.pdf", utlatande.utlatande_pdf_download, name="utlatande_pdf"
    ),
]
