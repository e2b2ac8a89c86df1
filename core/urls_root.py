"""URLs without a language prefix: liveness and readiness, the favicon, uploaded files (core.files), and
`make bench`'s baselines (a 404 unless BENCH_BASELINE is on)."""

from django.urls import path

from . import files, views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("files/<path:name>", files.serve, name="protected_file"),
    path("bench/baseline", views.bench_baseline, name="bench_baseline"),
    path("bench/baseline/template", views.bench_template_baseline, name="bench_template_baseline"),
]
