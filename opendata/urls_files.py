"""The downloads, without a language prefix: the same address always gives
the same file. Every dataset of the registry is served here by its key."""

from django.urls import path

from . import views

app_name = "downloads"
urlpatterns = [
    # Before the tables': "datapackage" reads as a key.
    path("open-data/datapackage.json", views.datapackage, name="datapackage"),
    path("open-data/<slug:key>.csv", views.table_csv, name="csv"),
    path("open-data/<slug:key>.json", views.table_json, name="json"),
    path("open-data/schemas/<slug:name>.json", views.schema, name="schema"),
    path("open-data/plans/<slug:slug>/<slug:key>.json", views.plan_document, name="plan_json"),
]
