"""URLs without a language prefix: machine-readable files and health."""

from django.urls import path

from ideas import opendata, statistics

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("open-data/ideas.csv", opendata.ideas_csv, name="open_data_ideas_csv"),
    path("open-data/ideas.json", opendata.ideas_json, name="open_data_ideas_json"),
    path(
        "open-data/plans/<slug:slug>/statistics.json",
        statistics.statistics_json,
        name="open_data_plan_statistics",
    ),
]
