"""The downloads, without a language prefix: the same address always gives the same file."""

from django.urls import path

from ideas import opendata, statistics

urlpatterns = [
    path("open-data/ideas.csv", opendata.ideas_csv, name="open_data_ideas_csv"),
    path("open-data/ideas.json", opendata.ideas_json, name="open_data_ideas_json"),
    path(
        "open-data/plans/<slug:slug>/statistics.json",
        statistics.statistics_json,
        name="open_data_plan_statistics",
    ),
]
