from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path("open-data/", views.index, name="index"),
    path("open-data/<slug:key>/", views.dataset, name="dataset"),
]
