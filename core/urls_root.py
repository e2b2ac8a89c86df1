"""URLs without a language prefix: health, and uploaded files (core.files)."""

from django.urls import path

from . import files, views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("files/<path:name>", files.serve, name="protected_file"),
]
