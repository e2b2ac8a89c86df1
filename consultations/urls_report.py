"""The consultation's report page and its PDFs (consultations.views_report),
in the `consultations` namespace (included by consultations.urls)."""

from django.urls import path

from . import views_report

urlpatterns = [
    path(
        "plans/<slug:slug>/consultations/<int:pk>/report/",
        views_report.report_page,
        name="report",
    ),
    path(
        "plans/<slug:slug>/consultations/<int:pk>/documents/<slug:kind>/<slug:doc_lang>/",
        views_report.document,
        name="document",
    ),
]
