from django.urls import include, path

from . import views

app_name = "consultations"
CONSULTATION = "plans/<slug:slug>/consultations/<int:pk>/"
urlpatterns = [
    # The main menu's entry: the consultation open today, else a chooser.
    path("consultations/", views.index, name="index"),
    path("consultations/mine/", views.mine, name="mine"),
    # A plan's tab, and its consultations' pages.
    path("plans/<slug:slug>/consultations/", views.plan_consultations, name="plan"),
    path(CONSULTATION, views.detail, name="detail"),
    path(f"{CONSULTATION}commitments/<int:number>/", views.commitment, name="commitment"),
    path(f"{CONSULTATION}sections/<int:number>/", views.section, name="section"),
    path(f"{CONSULTATION}general/", views.general, name="general"),
    # The report and the consultation's PDFs.
    path("", include("consultations.urls_report")),
]
