from django.urls import path, register_converter

from core.converters import IsoDate

from . import views

register_converter(IsoDate, "isodate")

app_name = "plans"
urlpatterns = [
    path("plans/", views.index, name="index"),
    path("plans/<slug:slug>/", views.detail, name="detail"),
    path("plans/<slug:slug>/documents/", views.plan_documents, name="documents"),
    path("plans/<slug:slug>/ogp-checklist/", views.ogp_checklist, name="checklist"),
    path("plans/<slug:slug>/documents/<slug:kind>/<slug:language>/", views.plan_document, name="document"),
    path(
        "plans/<slug:slug>/documents/<slug:kind>/<isodate:date>/<slug:language>/",
        views.plan_document,
        name="document",
    ),
    # The main menu's sections: the plan at that stage today, or a chooser.
    path("ideas/", views.section, {"section": "ideas"}, name="ideas"),
    path("workshops/", views.section, {"section": "workshops"}, name="workshops"),
    path("commitments/", views.section, {"section": "commitments"}, name="commitments"),
]
